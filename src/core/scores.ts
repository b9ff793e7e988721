/**
 * Scores, defined once for the status table, the dashboard, the reports and the roll-up: a group's score is the
 * share of its in-scope items (exempt ones left out) at or above target, with its count of Red.
 */
import { groupBy } from '../shared/group-by';
import { isExempt } from '../shared/status';
import { type ItemView } from './workspace';

export const DIMENSIONS = ['flow', 'owner', 'tier', 'pillar'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name);
}

export interface Score {
  name: string;
  /** Items counted: all but the exempt ones. */
  inScope: number;
  atTarget: number;
  /** 0..100, rounded; 100 for a group with nothing in scope. */
  score: number;
  red: number;
  amber: number;
  green: number;
}

/**
 * At or above target: the level reaches the tier's target (targets mode), or the status is Green (thresholds
 * mode, where Green is the goal); a remediation marked Done counts as met.
 */
export function atTarget(item: ItemView): boolean {
  if (item.status === 'Done') return true;
  return item.target !== undefined ? (item.level ?? -1) >= item.target : item.status === 'Green';
}

export function scoreOf(name: string, items: readonly ItemView[]): Score {
  let inScope = 0;
  let met = 0;
  const counts = { red: 0, amber: 0, green: 0 };
  for (const item of items) {
    if (isExempt(item.status)) continue;
    inScope++;
    if (atTarget(item)) met++;
    if (item.status === 'Red') counts.red++;
    else if (item.status === 'Amber') counts.amber++;
    else if (item.status === 'Green') counts.green++;
  }
  return { name, inScope, atTarget: met, score: inScope ? Math.round((100 * met) / inScope) : 100, ...counts };
}

/** The name of the group an item falls in for a dimension. */
export function groupName(item: ItemView, by: Dimension): string {
  switch (by) {
    case 'flow':
      return item.flowName;
    case 'owner':
      return item.owner || '(no owner)';
    case 'tier':
      return item.tier === undefined ? 'no tier' : `tier ${item.tier}`;
    case 'pillar':
      return item.pillar;
  }
}

/** Items by a dimension, groups in first-seen order (flows and pillars in model order), tiers and owners sorted. */
export function groupItems(items: readonly ItemView[], by: Dimension): { name: string; items: ItemView[] }[] {
  const groups = [...groupBy(items, (i) => groupName(i, by))].map(([name, members]) => ({ name, items: members }));
  return by === 'owner' || by === 'tier' ? groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : groups;
}

export function scoresBy(items: readonly ItemView[], by: Dimension): Score[] {
  return groupItems(items, by).map((g) => scoreOf(g.name, g.items));
}
