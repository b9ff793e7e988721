/**
 * A score, defined once for the status table, the dashboard (host and webview), the reports and the roll-up: the
 * share of a group's in-scope items (exempt ones left out) at or above target, with its Red/Amber/Green counts.
 */
import { isExempt, type Status } from './status';

/** What a score means, said the same way wherever scores are shown. */
export const SCORE_MEANING =
  'A score is the share of in-scope items (Not applicable left out) at or above their target; a trend counts each item at its latest level by the end of each week.';

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

/** What scoring needs of an item or a heatmap cell. */
export interface Scored {
  status: Status;
  level: number | null;
  target?: number | null;
}

/**
 * At or above target: the level reaches the tier's target (targets mode), or the status is Green (thresholds
 * mode, where Green is the goal); a remediation marked Done counts as met.
 */
export function atTarget(item: Scored): boolean {
  if (item.status === 'Done') return true;
  return item.target !== undefined && item.target !== null
    ? (item.level ?? -1) >= item.target
    : item.status === 'Green';
}

export function percent(atTarget: number, inScope: number): number {
  return inScope ? Math.round((100 * atTarget) / inScope) : 100;
}

export function scoreOf(name: string, items: Iterable<Scored>): Score {
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
  return { name, inScope, atTarget: met, score: percent(met, inScope), ...counts };
}
