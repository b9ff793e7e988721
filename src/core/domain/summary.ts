/** Counts per status, for status tables, roll-ups and report summaries. */
import { scoreOf } from '../../shared/score';
import { DISPLAY_ORDER, type Status, STATUSES } from '../../shared/status';
import { type Campaign, campaignProgress, type ScopedItem } from './campaigns';
import { count } from './words';

export type StatusCounts = Record<Status, number>;

export function countStatuses(items: readonly { status: Status }[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const item of items) counts[item.status]++;
  return counts;
}

/** A group's line of `status --by` (and of the assistant's `summarize`): its score, counts and stale items. */
export function groupStatus(
  name: string,
  items: readonly { status: Status; level: number | null; target?: number | null; stale: boolean; due?: boolean }[],
) {
  const score = scoreOf(name, items);
  const counts = countStatuses(items);
  return {
    name,
    score: score.score,
    atTarget: score.atTarget,
    inScope: score.inScope,
    stale: items.filter((i) => i.stale).length,
    due: items.filter((i) => i.due).length,
    counts: Object.fromEntries(DISPLAY_ORDER.map((s) => [s, counts[s]])) as Record<
      (typeof DISPLAY_ORDER)[number],
      number
    >,
  };
}

/**
 * "3 Red · 2 Amber · 7 Green · 4 Not assessed": the statuses present in the order and case the status bar, the
 * dashboard and the reports use.
 */
export function rollup(counts: StatusCounts): string {
  return DISPLAY_ORDER.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
}

export function worstStatus(items: readonly { status: Status }[]): Status | undefined {
  return STATUSES.find((s) => items.some((i) => i.status === s));
}

/** What the status bar shows at a glance: Red and Amber items, campaigns past their date, re-attestations due. */
export interface Glance {
  red: number;
  amber: number;
  overdueCampaigns: number;
  /** Items whose answers expire within the next 7 days (not yet stale). */
  dueThisWeek: number;
  /** Items never assessed: what a newcomer has to do first. */
  notAssessed: number;
  /** Items with a level recorded. */
  assessed: number;
}

export function glance(
  items: readonly (ScopedItem & { stale: boolean; expiresOn: string | null })[],
  campaigns: readonly Campaign[],
  today: string,
): Glance {
  const counts = countStatuses(items);
  const weekEnd = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    red: counts.Red,
    amber: counts.Amber,
    overdueCampaigns: campaignProgress(campaigns, items, today).filter((p) => p.overdue).length,
    dueThisWeek: items.filter((i) => !i.stale && i.expiresOn !== null && i.expiresOn <= weekEnd).length,
    notAssessed: counts['Not assessed'],
    assessed: items.filter((i) => i.level !== null).length,
  };
}

/** "3 Red, 5 Amber, 1 overdue campaign, 2 re-attestations due this week": the glance in words. */
export function glanceText(g: Glance): string {
  const overdue = g.overdueCampaigns ? `, ${count(g.overdueCampaigns, 'overdue campaign')}` : '';
  const due = g.dueThisWeek ? `, ${count(g.dueThisWeek, 're-attestation')} due this week` : '';
  const open = g.notAssessed ? `, ${g.notAssessed} Not assessed` : '';
  return `${g.red} Red, ${g.amber} Amber${overdue}${due}${open}`;
}
