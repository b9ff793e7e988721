/**
 * Since when each Red item has been Red: the time of the first assessment in the run of Red levels that ends with
 * its current one, each level judged against today's target. An alert on "Red for 14 days" then compares a
 * timestamp with the clock, which a Pushgateway restart or a changed label does not reset, where `for: 14d` would
 * start counting again.
 */
import { ragOf, type StatusRules } from '../../shared/status';
import { type ItemView } from './items';
import { type LevelChange } from './trends';

/** `changes` in time order, as readLevelChanges gives them; Red items without a recorded level go by assessedAt. */
export function redSince(
  items: readonly ItemView[],
  changes: readonly LevelChange[],
  rules: StatusRules,
): Map<string, string> {
  const red = new Map(items.filter((i) => i.status === 'Red').map((i) => [i.key, i]));
  const since = new Map<string, string>();
  for (const c of changes) {
    const item = red.get(c.itemKey);
    if (!item) continue;
    if (ragOf(c.level, item.target, rules) !== 'Red') since.delete(c.itemKey);
    else if (!since.has(c.itemKey)) since.set(c.itemKey, c.at);
  }
  for (const i of red.values()) if (!since.has(i.key) && i.assessedAt) since.set(i.key, i.assessedAt);
  return since;
}
