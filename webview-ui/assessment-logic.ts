/** What the assessment panel computes as the user answers: the level reached, its status, the next step. */
import { levelFromAnswers } from '../src/shared/maturity';
import type { Level } from '../src/shared/model-types';
import { ragOf, type Status, type StatusRules } from '../src/shared/status';

export interface LiveResult {
  level: number;
  status: Status;
  /** The level above the one reached: the next step, or undefined at the top. */
  nextLevel: number | undefined;
  unanswered: number;
}

export function liveResult(
  levels: Level[],
  answers: Readonly<Record<string, boolean>>,
  target: number | null,
  rules: StatusRules,
): LiveResult {
  const level = levelFromAnswers({ key: '', name: '', pillar: '', levels }, answers);
  const next = levels.find((l) => l.level === level + 1)?.level;
  const questions = levels.flatMap((l) => l.questions);
  const unanswered = questions.filter((q) => answers[q] === undefined).length;
  // Nothing answered is "Not assessed", as the tree and the reports say, not a Red level 0.
  const status =
    questions.length > 0 && unanswered === questions.length ? 'Not assessed' : ragOf(level, target ?? undefined, rules);
  return { level, status, nextLevel: next, unanswered };
}

/** Answers to keep on save: only questions still in the model. */
export function currentAnswers(levels: Level[], answers: Readonly<Record<string, boolean>>): Record<string, boolean> {
  const kept: Record<string, boolean> = {};
  for (const q of levels.flatMap((l) => l.questions)) if (answers[q] !== undefined) kept[q] = answers[q] === true;
  return kept;
}

export interface Typed {
  answers: Readonly<Record<string, boolean>>;
  notes: string;
  evidenceUrl: string;
}

/** True when what is typed differs from what is saved (answers to questions no longer in the model left aside). */
export function isDirty(levels: Level[], saved: Typed, now: Typed): boolean {
  const a = currentAnswers(levels, saved.answers);
  const b = currentAnswers(levels, now.answers);
  const questions = new Set([...Object.keys(a), ...Object.keys(b)]);
  return (
    saved.notes !== now.notes || saved.evidenceUrl !== now.evidenceUrl || [...questions].some((q) => a[q] !== b[q])
  );
}

/** The field an error from the host is about, by what core's messages say of it: marked invalid and described by it. */
export function errorField(message: string): 'evidence' | 'until' | 'reason' | undefined {
  if (/evidence link/i.test(message)) return 'evidence';
  if (/review date/i.test(message)) return 'until';
  if (/reason/i.test(message)) return 'reason';
  return undefined;
}
