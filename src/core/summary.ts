/** Counts per status, per flow and overall, for status tables and report summaries. */
import { Status, STATUSES } from './status';

export type StatusCounts = Record<Status, number>;

export function countStatuses(items: readonly { status: Status }[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const item of items) counts[item.status]++;
  return counts;
}

export function countsByFlow<T extends { flowName: string; status: Status }>(items: readonly T[]): { flow: string; counts: StatusCounts }[] {
  const flows = [...new Set(items.map((i) => i.flowName))];
  return flows.map((flow) => ({ flow, counts: countStatuses(items.filter((i) => i.flowName === flow)) }));
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
