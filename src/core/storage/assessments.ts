/** The SQL behind assessing, marking Not applicable and undoing: each call inside the caller's write transaction. */
import { type Answers } from '../../shared/maturity';
import { answerSetId, itemByKey } from './catalog';
import { type Db } from './store';

/** What an assessment sets on its item. */
export interface AssessmentRow {
  level: number | null;
  answers: Answers | undefined;
  notes: string;
  evidenceUrl: string;
  at: string | null;
  by: string | null;
  /** The repository evidence the answers were taken from (JSON), or null. */
  evidence: string | null;
}

const changed = (db: Db) => Number(db.get<{ n: number }>('SELECT changes() AS n')?.n) > 0;

/** Sets the item's assessment (and ends a "Done" remediation when `endDone`); false when no item has the key. */
export function writeAssessment(db: Db, itemKey: string, row: AssessmentRow, endDone: boolean): boolean {
  const item = itemByKey(itemKey);
  db.run(
    `UPDATE items SET level = ?, answers_id = ?, notes = ?, evidence_url = ?, assessed_at = ?, assessed_by = ?, evidence = ?,
       evidence_changed = NULL ${endDone ? ', remediation_done_at = NULL' : ''} WHERE ${item.where}`,
    [
      row.level,
      row.answers ? answerSetId(db, row.answers) : null,
      row.notes,
      row.evidenceUrl,
      row.at,
      row.by,
      row.evidence,
      ...item.params,
    ],
  );
  return changed(db);
}

/** Marks the item Not applicable; false when no item has the key. */
export function writeExemption(db: Db, itemKey: string, reason: string, until: string | null): boolean {
  const item = itemByKey(itemKey);
  db.run(`UPDATE items SET exempt_reason = ?, exempt_until = ? WHERE ${item.where}`, [reason, until, ...item.params]);
  return changed(db);
}

/** Stores the item's Not applicable request (JSON), or clears it with null; false when no item has the key. */
export function writeRequest(db: Db, itemKey: string, request: string | null): boolean {
  const item = itemByKey(itemKey);
  db.run(`UPDATE items SET not_applicable_request = ? WHERE ${item.where}`, [request, ...item.params]);
  return changed(db);
}

/** Marks the item's evidence changed since its assessment, unless already marked; false when nothing changed. */
export function markEvidenceChanged(db: Db, itemKey: string, text: string): boolean {
  const item = itemByKey(itemKey);
  db.run(
    `UPDATE items SET evidence_changed = ? WHERE ${item.where} AND evidence_changed IS NULL AND evidence IS NOT NULL`,
    [text, ...item.params],
  );
  return changed(db);
}

/** Clears the item's Not applicable; false when it had none. */
export function clearExemption(db: Db, itemKey: string): boolean {
  const item = itemByKey(itemKey);
  db.run(
    `UPDATE items SET exempt_reason = NULL, exempt_until = NULL WHERE ${item.where} AND exempt_reason IS NOT NULL`,
    item.params,
  );
  return changed(db);
}

export interface RecordedAssessment {
  itemKey: string;
  at: string;
  by: string;
  level: number | null;
  answers: string | null;
  notes: string | null;
  evidenceUrl: string | null;
}

/** The workspace's latest assessment, of any item. */
export function latestAssessment(db: Db): Pick<RecordedAssessment, 'itemKey' | 'at' | 'by' | 'level'> | undefined {
  return db.get(
    "SELECT item_key AS itemKey, at, by, level FROM history WHERE kind = 'assessment' ORDER BY at DESC, id DESC LIMIT 1",
  );
}

/** An item's assessments from the history, newest first, at most `limit`. */
export function recentAssessments(db: Db, itemKey: string, limit: number): RecordedAssessment[] {
  return db.all<RecordedAssessment>(
    `SELECT h.item_key AS itemKey, h.at, h.by, h.level, s.answers, h.notes, h.evidence_url AS evidenceUrl
     FROM history h LEFT JOIN answer_sets s ON s.id = h.answers_id
     WHERE h.item_key = ? AND h.kind = 'assessment' ORDER BY h.at DESC, h.id DESC LIMIT ?`,
    [itemKey, limit],
  );
}
