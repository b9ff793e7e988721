/** Counts per status, for status tables, roll-ups and report summaries. */
import { type Status, STATUSES } from '../shared/status';

export type StatusCounts = Record<Status, number>;

export function countStatuses(items: readonly { status: Status }[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const item of items) counts[item.status]++;
  return counts;
}

/** "3 red · 2 amber · 7 green": the statuses present, worst first. */
export function rollup(counts: StatusCounts): string {
  return STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s.toLowerCase()}`)
    .join(' · ');
}

export function worstStatus(items: readonly { status: Status }[]): Status | undefined {
  return STATUSES.find((s) => items.some((i) => i.status === s));
}
