/** Level reached from yes/no answers: a capability reaches level L when every question of levels 1..L is yes. */
import { type Capability, type Level, questionsOf } from './model-types';

/** Answers by question text, so they survive a model edit that reorders or adds questions. */
export type Answers = Readonly<Record<string, boolean>>;

export function levelFromAnswers(capability: Capability, answers: Answers): number {
  let reached = 0;
  for (const level of capability.levels) {
    if (!level.questions.every((q) => answers[q] === true)) break;
    reached = level.level;
  }
  return reached;
}

/** Maps `yes,no,…` given in model order to answers; the count must match the model. */
export function answersFromList(capability: Capability, list: readonly boolean[]): Answers {
  const questions = questionsOf(capability);
  if (list.length !== questions.length) {
    throw new RangeError(`${capability.name} has ${questions.length} questions; ${list.length} answers were given`);
  }
  return Object.fromEntries(questions.map((q, i) => [q.text, list[i] === true]));
}

/** The answers that put a capability exactly at `level`: yes up to it, no above. */
export function answersForLevel(capability: Capability, level: number): Answers {
  return Object.fromEntries(questionsOf(capability).map((q) => [q.text, q.level <= level]));
}

export function levelInfo(capability: Capability, level: number): Level | undefined {
  return capability.levels.find((l) => l.level === level);
}

/** Questions of the next level that are not yet answered yes: what stands between the item and its next step. */
export function openQuestionsOfNextLevel(capability: Capability, level: number, answers: Answers): string[] {
  return (levelInfo(capability, level + 1)?.questions ?? []).filter((q) => answers[q] !== true);
}
