/** The state the assessment webview shows, built from an item view. */
import { answersOf, type ItemView } from '../core/domain/items';
import { type AssessmentState, type QuestionEvidence } from '../shared/assessment-protocol';
import { type StatusRules } from '../shared/status';

export function assessmentState(
  item: ItemView,
  rules: StatusRules,
  evidence: QuestionEvidence[] = [],
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
      rallyId: item.link?.displayId ?? null,
    },
    levels: item.capability.levels,
    rules,
    evidence,
  };
}
