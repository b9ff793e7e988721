/**
 * Scores over time: for the whole workspace and for each flow, owner, tier and pillar, one point per week over the
 * last 26 weeks, each item at its latest assessed level by the end of that week. In scope are today's in-scope
 * items (exempt ones left out), so a point reads like today's score would have then; an item not yet assessed
 * counts as below target. Counts move with each change, so the cost follows the history, not weeks × items.
 */
import { type LevelChange } from './catalog';
import { DIMENSIONS, type Dimension, groupName, scoresBy } from './scores';
import { type ItemView } from './workspace';
import { atTarget, percent, type Score } from '../shared/score';
import { isExempt, ragOf, type StatusRules } from '../shared/status';

export const TREND_WEEKS = 26;

export interface TrendPoint {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  inScope: number;
  atTarget: number;
  red: number;
  amber: number;
  green: number;
}

export type TrendGroup = Dimension | 'all';

export interface Trends {
  /** The points of one group (`all` has one group, named ''); none for a name that has no items in scope. */
  of(by: TrendGroup, name: string): TrendPoint[];
}

const DAY_MS = 86_400_000;

function monday(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

type Counts = Omit<TrendPoint, 'week'>;
type Rag = 'red' | 'amber' | 'green';

const groupKey = (by: TrendGroup, name: string) => `${by}\u0000${name}`;

/** `changes` in time order, as readLevelChanges gives them. */
export function trends(items: readonly ItemView[], changes: readonly LevelChange[], rules: StatusRules, now: Date, weeks = TREND_WEEKS): Trends {
  const counts = new Map<string, Counts>();
  const groupsOf = new Map<string, { item: ItemView; groups: Counts[] }>();
  for (const item of items) {
    if (isExempt(item.status)) continue;
    const keys = [groupKey('all', ''), ...DIMENSIONS.map((by) => groupKey(by, groupName(item, by)))];
    const groups = keys.map((k) => {
      const c = counts.get(k) ?? { inScope: 0, atTarget: 0, red: 0, amber: 0, green: 0 };
      c.inScope++;
      counts.set(k, c);
      return c;
    });
    groupsOf.set(item.key, { item, groups });
  }
  const latest = new Map<string, { met: boolean; rag: Rag }>();
  const points = new Map<string, TrendPoint[]>([...counts.keys()].map((k) => [k, []]));
  const first = monday(now).getTime() - (weeks - 1) * 7 * DAY_MS;
  let next = 0;
  for (let w = 0; w < weeks; w++) {
    const start = new Date(first + w * 7 * DAY_MS);
    const end = new Date(start.getTime() + 7 * DAY_MS).toISOString();
    for (; next < changes.length && (changes[next]?.at ?? '') < end; next++) {
      const h = changes[next];
      const entry = h && h.level !== null ? groupsOf.get(h.itemKey) : undefined;
      if (!h || h.level === null || !entry) continue;
      const status = ragOf(h.level, entry.item.target, rules);
      const now = { met: atTarget({ status, level: h.level, target: entry.item.target }), rag: status.toLowerCase() as Rag };
      const before = latest.get(h.itemKey);
      for (const c of entry.groups) {
        if (before) {
          c[before.rag]--;
          if (before.met) c.atTarget--;
        }
        c[now.rag]++;
        if (now.met) c.atTarget++;
      }
      latest.set(h.itemKey, now);
    }
    const week = start.toISOString().slice(0, 10);
    for (const [k, c] of counts) points.get(k)?.push({ week, ...c });
  }
  return { of: (by, name) => points.get(groupKey(by, name)) ?? [] };
}

/** Points of the same weeks summed, for a group that spans workspaces. */
export function addTrend(into: TrendPoint[], points: readonly TrendPoint[]): TrendPoint[] {
  if (into.length === 0) return points.map((p) => ({ ...p }));
  return into.map((p, i) => {
    const q = points[i];
    return q
      ? {
          week: p.week,
          inScope: p.inScope + q.inScope,
          atTarget: p.atTarget + q.atTarget,
          red: p.red + q.red,
          amber: p.amber + q.amber,
          green: p.green + q.green,
        }
      : p;
  });
}

export const trendScore = (p: TrendPoint): number => percent(p.atTarget, p.inScope);

/** A group's score today beside its points over the weeks. */
export type ScoreTrend = Score & { trend: TrendPoint[] };

export function scoresWithTrends(items: readonly ItemView[], by: Dimension, t: Trends): ScoreTrend[] {
  return scoresBy(items, by).map((s) => ({ ...s, trend: t.of(by, s.name) }));
}
