/** How long answers hold (issue 38): per capability and per question, from maturity_model.csv's `reattest_days`. */
import { type Capability, questionKey } from '../../shared/model-types';

const DAY_MS = 86_400_000;

/**
 * The days an item's answers hold: the capability's, or `fallback` (staleAfterDays), shortened by any answered
 * question that asks for less. `answersJson` is parsed only for capabilities with such questions.
 */
export function reattestDaysOf(capability: Capability, answersJson: string | null, fallback: number): number {
  const days = capability.reattestDays ?? fallback;
  const shorter = capability.questionReattestDays;
  if (!shorter || !answersJson) return days;
  const answers = JSON.parse(answersJson) as Record<string, boolean>;
  let least = days;
  for (const level of capability.levels)
    for (const text of level.questions) {
      const own = shorter[questionKey(level.level, text)];
      if (own !== undefined && text in answers && own < least) least = own;
    }
  return least;
}

/** ISO days by day number: 30,000 items share the few hundred days their answers expire on. */
const isoDays = new Map<number, string>();

/**
 * The day answers given at `assessedMs` (Date.parse of assessed_at) stop holding (stale from the day after), or null
 * beyond any calendar.
 */
export function expiryDay(assessedMs: number, days: number): string | null {
  const end = assessedMs + days * DAY_MS;
  if (!Number.isFinite(end) || Math.abs(end) > 8.64e15) return null;
  const day = Math.floor(end / DAY_MS);
  let iso = isoDays.get(day);
  if (iso === undefined) isoDays.set(day, (iso = new Date(end).toISOString().slice(0, 10)));
  return iso;
}

/** Whether answers given at `assessedMs` that hold `days` are older than that at `now`, less `early` days. */
export function olderThan(assessedMs: number, now: Date, days: number, early = 0): boolean {
  return now.getTime() - assessedMs > (days - early) * DAY_MS;
}

/** Questions among `answers` whose answer needs notes; empty when none does. */
export function questionsNeedingNotes(capability: Capability, answers: Readonly<Record<string, boolean>>): string[] {
  const own = new Set(capability.questionsNeedingComment ?? []);
  if (!capability.requiresComment && own.size === 0) return [];
  return capability.levels.flatMap((l) =>
    l.questions.filter((q) => q in answers && (capability.requiresComment || own.has(questionKey(l.level, q)))),
  );
}
