/** Writes assessments and exemptions: the item and its history row in one transaction. */
import { type Answers, levelFromAnswers } from '../../shared/maturity';
import { controlCharacterIn } from '../domain/control-characters';
import { checkDate } from '../domain/dates';
import { type Capability } from '../domain/model';
import { inputError, SreError } from '../errors';
import { answerSetId, appendHistory, itemByKey } from '../storage/catalog';
import { type Store } from '../storage/store';
import { type QuestionEvidence } from './evidence/evidence-map';

export interface AssessmentInput {
  itemKey: string;
  capability: Capability;
  answers: Answers;
  notes: string;
  evidenceUrl: string;
  by: string;
  at: Date;
  /** Answers taken from repository evidence, with what supported them: kept with the item and said in the history entry. */
  fromEvidence?: QuestionEvidence[];
}

/** Evidence links end up as links in reports and pages: only web addresses are accepted. */
export function checkEvidenceUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed === '') return '';
  // URL parsing drops line breaks and tabs silently; stored, they would forge lines wherever the link is printed.
  const found = controlCharacterIn(trimmed, true);
  if (found) throw inputError(`evidence link contains ${found}: give the address on one line`);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw inputError(`evidence link "${trimmed}" is not a URL (expected https://…)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw inputError(`evidence link "${trimmed}" must start with https:// or http://`);
  }
  return trimmed;
}

function requireItem(changes: number, key: string): void {
  if (changes === 0) throw new SreError(`no item "${key}" in the database: run setup to add it`, 'input');
}

/** Saves answers and the level they reach; a new assessment also ends a "Done" remediation state. */
export function saveAssessment(store: Store, input: AssessmentInput): { level: number } {
  const level = levelFromAnswers(input.capability, input.answers);
  const evidenceUrl = checkEvidenceUrl(input.evidenceUrl);
  const at = input.at.toISOString();
  store.write((db) => {
    const item = itemByKey(input.itemKey);
    db.run(
      `UPDATE items SET level = ?, answers_id = ?, notes = ?, evidence_url = ?, assessed_at = ?, assessed_by = ?, evidence = ?,
         remediation_done_at = NULL WHERE ${item.where}`,
      [
        level,
        answerSetId(db, input.answers),
        input.notes,
        evidenceUrl,
        at,
        input.by,
        input.fromEvidence?.length ? JSON.stringify(input.fromEvidence) : null,
        ...item.params,
      ],
    );
    requireItem(Number(db.get<{ n: number }>('SELECT changes() AS n')?.n), input.itemKey);
    const fromEvidence = input.fromEvidence?.length
      ? `yes from repository evidence: ${input.fromEvidence.map((e) => `${e.question} (${e.findings.map((f) => `${f.file}:${f.line}`).join(', ')})`).join('; ')}`
      : undefined;
    appendHistory(db, {
      itemKey: input.itemKey,
      at,
      by: input.by,
      kind: 'assessment',
      level,
      answers: input.answers,
      notes: input.notes,
      evidenceUrl,
      detail: fromEvidence,
    });
  });
  return { level };
}

export interface ExemptionInput {
  itemKey: string;
  reason: string;
  /** Review date YYYY-MM-DD, or empty for none. */
  until: string;
  by: string;
  at: Date;
}

export function exemptItem(store: Store, input: ExemptionInput): void {
  const reason = input.reason.trim();
  if (!reason) throw inputError('a reason is required to mark an item Not applicable');
  const until = input.until.trim() ? checkDate(input.until.trim(), 'review date') : null;
  const at = input.at.toISOString();
  store.write((db) => {
    const item = itemByKey(input.itemKey);
    db.run(`UPDATE items SET exempt_reason = ?, exempt_until = ? WHERE ${item.where}`, [reason, until, ...item.params]);
    requireItem(Number(db.get<{ n: number }>('SELECT changes() AS n')?.n), input.itemKey);
    appendHistory(db, {
      itemKey: input.itemKey,
      at,
      by: input.by,
      kind: 'exemption',
      notes: reason,
      detail: until ? `until ${until}` : 'no review date',
    });
  });
}

export function unexemptItem(store: Store, input: { itemKey: string; by: string; at: Date }): void {
  const at = input.at.toISOString();
  store.write((db) => {
    const item = itemByKey(input.itemKey);
    db.run(
      `UPDATE items SET exempt_reason = NULL, exempt_until = NULL WHERE ${item.where} AND exempt_reason IS NOT NULL`,
      item.params,
    );
    if (Number(db.get<{ n: number }>('SELECT changes() AS n')?.n) === 0) {
      throw inputError(`item "${input.itemKey}" is not marked Not applicable`);
    }
    appendHistory(db, { itemKey: input.itemKey, at, by: input.by, kind: 'unexemption' });
  });
}

/** The workspace's latest assessment: what "Undo Last Assessment" undoes when no item is named. */
export function lastAssessment(
  store: Store,
): { itemKey: string; at: string; by: string; level: number | null } | undefined {
  return store.read((db) =>
    db.get<{ itemKey: string; at: string; by: string; level: number | null }>(
      "SELECT item_key AS itemKey, at, by, level FROM history WHERE kind = 'assessment' ORDER BY at DESC, id DESC LIMIT 1",
    ),
  );
}

/**
 * Undoes an item's last assessment: the item goes back to the assessment before it (its level, answers, notes,
 * link, who and when), or to not assessed when there was none, and the history records the undo as an
 * assessment like any other change. Undoing again restores what was undone.
 */
export function undoAssessment(
  store: Store,
  input: { itemKey: string; by: string; at: Date },
): { level: number | null; undone: { at: string; by: string } } {
  const at = input.at.toISOString();
  return store.write((db) => {
    const [last, before] = db.all<{
      at: string;
      by: string;
      level: number | null;
      answers: string | null;
      notes: string | null;
      evidence_url: string | null;
    }>(
      `SELECT h.at, h.by, h.level, s.answers, h.notes, h.evidence_url FROM history h LEFT JOIN answer_sets s ON s.id = h.answers_id
       WHERE h.item_key = ? AND h.kind = 'assessment' ORDER BY h.at DESC, h.id DESC LIMIT 2`,
      [input.itemKey],
    );
    if (!last) throw inputError(`item "${input.itemKey}" has no assessment to undo`);
    const answers = before?.answers ? (JSON.parse(before.answers) as Answers) : undefined;
    const item = itemByKey(input.itemKey);
    db.run(
      `UPDATE items SET level = ?, answers_id = ?, notes = ?, evidence_url = ?, assessed_at = ?, assessed_by = ?, evidence = NULL WHERE ${item.where}`,
      [
        before?.level ?? null,
        answers ? answerSetId(db, answers) : null,
        before?.notes ?? '',
        before?.evidence_url ?? '',
        before?.at ?? null,
        before?.by ?? null,
        ...item.params,
      ],
    );
    requireItem(Number(db.get<{ n: number }>('SELECT changes() AS n')?.n), input.itemKey);
    appendHistory(db, {
      itemKey: input.itemKey,
      at,
      by: input.by,
      kind: 'assessment',
      level: before?.level ?? null,
      answers,
      notes: before?.notes ?? undefined,
      evidenceUrl: before?.evidence_url ?? undefined,
      detail: `undo of the assessment of ${last.at} by ${last.by}${before ? `: back to level ${before.level ?? '-'} of ${before.at}` : ': back to not assessed'}`,
    });
    return { level: before?.level ?? null, undone: { at: last.at, by: last.by } };
  });
}
