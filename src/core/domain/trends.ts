/**
 * Scores over time: for the whole workspace and for each flow, owner, tier and pillar, one point per week over the
 * last 26 weeks, each item at its latest assessed level by the end of that week. In scope are today's in-scope
 * items (exempt ones left out), so a point reads like today's score would have then; an item not yet assessed
 * counts as below target. Counts move with each change, so the cost follows the history, not weeks × items.
 */
import { atTarget, percent, type Score } from '../../shared/score';
import { isExempt, type Rag, ragOf, type StatusRules } from '../../shared/status';
import { type ItemView } from './items';
import { type Dimension, DIMENSIONS, groupName, scoresBy } from './scores';

export const TREND_WEEKS = 26;

/** An assessment's level at a time: what trends over weeks are computed from. */
export interface LevelChange {
  itemKey: string;
  at: string;
  level: number;
}

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

const GROUPS: readonly TrendGroup[] = ['all', ...DIMENSIONS];

// Counts per group sit in one flat array, FIELDS numbers per group, copied once per week: a roll-up computes
// this for hundreds of workspaces, and plain objects per group and week cost several times as much.
const FIELDS = 5;
const [IN_SCOPE, AT_TARGET] = [0, 1];
const RAG_FIELD: Record<Rag, number> = { Red: 2, Amber: 3, Green: 4 };

/** `changes` in time order, as readLevelChanges gives them. */
export function trends(
  items: readonly ItemView[],
  changes: readonly LevelChange[],
  rules: StatusRules,
  now: Date,
  weeks = TREND_WEEKS,
): Trends {
  const index = new Map<TrendGroup, Map<string, number>>(GROUPS.map((by) => [by, new Map()]));
  let size = 0;
  const groupsOf = new Map<string, { item: ItemView; groups: number[] }>();
  const inScope: number[] = [];
  for (const item of items) {
    if (isExempt(item.status)) continue;
    const groups: number[] = [];
    for (const [by, names] of index) {
      const name = by === 'all' ? '' : groupName(item, by);
      let g = names.get(name);
      if (g === undefined) names.set(name, (g = size++));
      inScope[g] = (inScope[g] ?? 0) + 1;
      groups.push(g * FIELDS);
    }
    groupsOf.set(item.key, { item, groups });
  }
  const counts = new Int32Array(size * FIELDS);
  inScope.forEach((n, g) => (counts[g * FIELDS + IN_SCOPE] = n));
  const count = (g: number, state: { met: boolean; rag: number }, by: number) => {
    counts[g + state.rag] = (counts[g + state.rag] ?? 0) + by;
    if (state.met) counts[g + AT_TARGET] = (counts[g + AT_TARGET] ?? 0) + by;
  };
  const latest = new Map<string, { met: boolean; rag: number }>();
  const snapshots: { week: string; counts: Int32Array }[] = [];
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
      const met = atTarget({ status, level: h.level, target: entry.item.target });
      const rag = RAG_FIELD[status];
      const before = latest.get(h.itemKey);
      for (const g of entry.groups) {
        if (before) count(g, before, -1);
        count(g, { met, rag }, 1);
      }
      latest.set(h.itemKey, { met, rag });
    }
    snapshots.push({ week: start.toISOString().slice(0, 10), counts: counts.slice() });
  }
  return {
    of: (by, name) => {
      const g = index.get(by)?.get(name);
      if (g === undefined) return [];
      const at = g * FIELDS;
      return snapshots.map(({ week, counts: c }) => ({
        week,
        inScope: c[at + IN_SCOPE] ?? 0,
        atTarget: c[at + AT_TARGET] ?? 0,
        red: c[at + RAG_FIELD.Red] ?? 0,
        amber: c[at + RAG_FIELD.Amber] ?? 0,
        green: c[at + RAG_FIELD.Green] ?? 0,
      }));
    },
  };
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
