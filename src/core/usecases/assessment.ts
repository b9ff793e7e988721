/** Writes assessments and exemptions: the item and its history row in one transaction. */
import { type Answers, levelFromAnswers } from '../../shared/maturity';
import { questionsNeedingNotes } from '../domain/attestation';
import { controlCharacterIn } from '../domain/control-characters';
import { checkDate } from '../domain/dates';
import { type Capability } from '../domain/model';
import { inputError, SreError } from '../errors';
import { latestAssessment, recentAssessments, writeAssessment, writeExemption } from '../storage/assessments';
import { appendHistory } from '../storage/catalog';
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

/**
 * Answers bound to repository evidence (`assess --use-evidence`, record_assessment's useEvidence): `given` answers
 * as they are, or else the recorded ones with yes for every question the evidence supports; and the evidence each
 * yes rests on. Without `given` and without evidence, nothing is there to record.
 */
export function answersWithEvidence(
  item: { key: string; capability: Capability; answersJson: string | null },
  evidence: readonly QuestionEvidence[],
  given?: Answers,
): { answers: Answers; fromEvidence: QuestionEvidence[] } {
  if (!given && evidence.length === 0)
    throw inputError(
      `the repository shows no evidence for ${item.key} (sre-tracker evidence lists what it reads): give the answers instead`,
    );
  const answers = given ?? {
    ...(item.answersJson ? (JSON.parse(item.answersJson) as Answers) : {}),
    ...Object.fromEntries(evidence.map((e) => [e.question, true])),
  };
  return { answers, fromEvidence: evidence.filter((e) => answers[e.question] === true) };
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

function requireItem(found: boolean, key: string): void {
  if (!found) throw new SreError(`no item "${key}" in the database: run setup to add it`, 'input');
}

/** Saves answers and the level they reach; a new assessment also ends a "Done" remediation state. */
export function saveAssessment(store: Store, input: AssessmentInput): { level: number } {
  const level = levelFromAnswers(input.capability, input.answers);
  const needing = questionsNeedingNotes(input.capability, input.answers);
  if (needing.length > 0 && !input.notes.trim())
    throw inputError(
      `${input.capability.name}: maturity_model.csv asks for notes with the answer to "${needing[0]}"${needing.length > 1 ? ` and ${needing.length - 1} more` : ''}: say what the answers rest on`,
    );
  const evidenceUrl = checkEvidenceUrl(input.evidenceUrl);
  const at = input.at.toISOString();
  store.write((db) => {
    const saved = writeAssessment(
      db,
      input.itemKey,
      {
        level,
        answers: input.answers,
        notes: input.notes,
        evidenceUrl,
        at,
        by: input.by,
        evidence: input.fromEvidence?.length ? JSON.stringify(input.fromEvidence) : null,
      },
      true,
    );
    requireItem(saved, input.itemKey);
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

export function exemptItem(store: Pick<Store, 'write'>, input: ExemptionInput): void {
  const reason = input.reason.trim();
  if (!reason) throw inputError('a reason is required to mark an item Not applicable');
  const until = input.until.trim() ? checkDate(input.until.trim(), 'review date') : null;
  const at = input.at.toISOString();
  // A review date already past would make the exemption expire the moment it is saved.
  if (until && until < at.slice(0, 10))
    throw inputError(`review date ${until} is in the past: give a date from ${at.slice(0, 10)} on, or none`);
  store.write((db) => {
    requireItem(writeExemption(db, input.itemKey, reason, until), input.itemKey);
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

/** The workspace's latest assessment: what "Undo Last Assessment" undoes when no item is named. */
export function lastAssessment(
  store: Store,
): { itemKey: string; at: string; by: string; level: number | null } | undefined {
  return store.read(latestAssessment);
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
    const [last, before] = recentAssessments(db, input.itemKey, 2);
    if (!last) throw inputError(`item "${input.itemKey}" has no assessment to undo`);
    const answers = before?.answers ? (JSON.parse(before.answers) as Answers) : undefined;
    const restored = writeAssessment(
      db,
      input.itemKey,
      {
        level: before?.level ?? null,
        answers,
        notes: before?.notes ?? '',
        evidenceUrl: before?.evidenceUrl ?? '',
        at: before?.at ?? null,
        by: before?.by ?? null,
        evidence: null,
      },
      false,
    );
    requireItem(restored, input.itemKey);
    appendHistory(db, {
      itemKey: input.itemKey,
      at,
      by: input.by,
      kind: 'assessment',
      level: before?.level ?? null,
      answers,
      notes: before?.notes ?? undefined,
      evidenceUrl: before?.evidenceUrl ?? undefined,
      detail: `undo of the assessment of ${last.at} by ${last.by}${before ? `: back to level ${before.level ?? '-'} of ${before.at}` : ': back to not assessed'}`,
    });
    return { level: before?.level ?? null, undone: { at: last.at, by: last.by } };
  });
}
