/** The state the assessment webview shows, built from an item view. */
import { answersOf, type ItemView } from '../core/domain/items';
import { requestSummary } from '../core/domain/not-applicable';
import { answerProvenance, mixText, provenanceMix } from '../core/domain/provenance';
import { type AssessmentState, type EvidenceChangeView, type QuestionEvidence } from '../shared/assessment-protocol';
import { type StatusRules } from '../shared/status';

export function assessmentState(
  item: ItemView,
  rules: StatusRules,
  evidence: QuestionEvidence[] = [],
  evidenceChanges: EvidenceChangeView[] = [],
): Omit<AssessmentState, 'restore'> {
  return {
    item: {
      key: item.key,
      flow: item.flowName,
      asset: item.assetName,
      tier: item.tier ?? null,
      capability: item.capability.name,
      pillar: item.pillar,
      level: item.level,
      target: item.target ?? null,
      status: item.status,
      stale: item.stale,
      answers: answersOf(item),
      notes: item.notes,
      evidenceUrl: item.evidenceUrl,
      assessedAt: item.assessedAt,
      assessedBy: item.assessedBy,
      exemptReason: item.exemptReason,
      exemptUntil: item.exemptUntil,
      workId: item.link?.displayId ?? null,
      notApplicableRequest: item.notApplicableRequest && requestSummary(item.notApplicableRequest),
      provenance: mixText(item.level, provenanceMix(item)),
      answerProvenance: Object.fromEntries(answerProvenance(item).map((a) => [a.question, a.provenance])),
      evidenceChanged: item.evidenceChanged,
    },
    levels: item.capability.levels,
    rules,
    evidence,
    evidenceChanges,
  };
}
