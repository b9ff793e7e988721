/** Scores by dimension (flow, owner, tier, pillar) over a workspace's items; a score itself is in shared/score. */
import { groupBy } from '../../shared/group-by';
import { type Score, scoreOf } from '../../shared/score';
import { type ItemView } from './items';

export const DIMENSIONS = ['flow', 'owner', 'tier', 'pillar', 'kind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name);
}

/** The kind group of assets flows.csv gives no kind. */
export const ANY_KIND_GROUP = '(any kind)';

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
    case 'kind':
      return item.kind || ANY_KIND_GROUP;
  }
}

/** Items by a dimension, groups in first-seen order (flows and pillars in model order), tiers and owners sorted. */
export function groupItems(items: readonly ItemView[], by: Dimension): { name: string; items: ItemView[] }[] {
  const groups = [...groupBy(items, (i) => groupName(i, by))].map(([name, members]) => ({ name, items: members }));
  return by === 'owner' || by === 'tier' || by === 'kind'
    ? groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    : groups;
}

export function scoresBy(items: readonly ItemView[], by: Dimension): Score[] {
  return groupItems(items, by).map((g) => scoreOf(g.name, g.items));
}
