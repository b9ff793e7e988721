/** One item in full, as an assistant explains it: the questions by level with the answers given, what the next level needs, and its recent history. */
import { levelInfo, openQuestionsOfNextLevel } from '../../../shared/maturity';
import { answersOf, type ItemView } from '../../domain/items';
import { answerProvenance, provenanceMix } from '../../domain/provenance';
import { readHistory, readRecordedEvidence } from '../../storage/catalog';
import { type DataStore } from '../ports';
import { itemSummary } from './item-query';

/** History entries shown with an item: the latest few, newest first. */
const RECENT = 10;

export function itemDetail(ws: DataStore, item: ItemView) {
  const answers = answersOf(item);
  const level = item.level ?? 0;
  const next = levelInfo(item.capability, level + 1);
  const open = openQuestionsOfNextLevel(item.capability, level, answers);
  const from = new Map(answerProvenance(item).map((a) => [a.question, a.provenance]));
  const { history, evidence } = ws.store.read((db) => ({
    history: readHistory(db, item.key).slice(-RECENT).reverse(),
    evidence: readRecordedEvidence(db).find((e) => e.key === item.key)?.evidence,
  }));
  return {
    ...itemSummary(item),
    levels: item.capability.levels.map((l) => ({
      level: l.level,
      name: l.name,
      criteria: l.criteria,
      questions: l.questions.map((q) => ({
        question: q,
        answer: q in answers ? answers[q] === true : null,
        /** Where a yes that holds the level up came from: evidence, attested, assistant or stale. */
        from: from.get(q) ?? null,
      })),
    })),
    notes: item.notes,
    evidenceUrl: item.evidenceUrl,
    /** The repository findings answers were taken from when it was saved. */
    evidenceUsed: evidence ? (JSON.parse(evidence) as unknown) : [],
    notApplicable: item.exemptReason ? { reason: item.exemptReason, until: item.exemptUntil } : null,
    provenanceMix: provenanceMix(item),
    nextStep: next
      ? {
          level: next.level,
          name: next.name,
          needs: open,
          text: `level ${next.level} (${next.name}) needs: ${open.join('; ') || 'nothing more: save the assessment again'}`,
        }
      : { level: null, name: null, needs: [], text: 'at the top level' },
    history: history.map((h) => ({ at: h.at, by: h.by, kind: h.kind, level: h.level, detail: h.detail ?? h.notes })),
  };
}

export type ItemDetail = ReturnType<typeof itemDetail>;
