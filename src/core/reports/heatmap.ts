/** The dashboard's numbers: a flow/asset × capability heatmap, scores per flow and pillar, weekly counts, campaigns. */
import { type LevelChange } from '../catalog';
import { type HeatmapCell } from '../../shared/heatmap-view';
import { ragOf, type StatusRules, isExempt } from '../../shared/status';
import { type ItemView } from '../workspace';
import { type ReportData } from './report-data';
import { type Score, scoresBy } from '../scores';

export interface HeatmapRow {
  flow: string;
  asset: string;
  owner: string;
  tier: number | null;
  /** One cell per column; null where the asset has no such item. */
  cells: (HeatmapCell | null)[];
}

export interface WeekCounts {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  red: number;
  amber: number;
  green: number;
}

export interface Heatmap {
  columns: { pillar: string; capability: string }[];
  rows: HeatmapRow[];
  flowScores: Score[];
  pillarScores: Score[];
  ownerScores: Score[];
  tierScores: Score[];
  weeks: WeekCounts[];
  campaigns: { name: string; due: string; targetLevel: number; done: number; total: number; overdue: boolean }[];
  generatedAt: string;
}

const WEEKS = 12;
const DAY_MS = 86_400_000;

function monday(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

type Rag = 'red' | 'amber' | 'green';

/**
 * Red/Amber/Green per week from the assessment history (`changes` in time order), each item at its latest level
 * by the end of that week. Counts move with each change, so the cost follows the history, not weeks × items.
 */
export function weeklyCounts(items: readonly ItemView[], changes: readonly LevelChange[], rules: StatusRules, now: Date): WeekCounts[] {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const first = monday(now).getTime() - (WEEKS - 1) * 7 * DAY_MS;
  const weeks: WeekCounts[] = [];
  const latest = new Map<string, Rag>();
  const counts = { red: 0, amber: 0, green: 0 };
  let next = 0;
  for (let w = 0; w < WEEKS; w++) {
    const start = new Date(first + w * 7 * DAY_MS);
    const end = new Date(start.getTime() + 7 * DAY_MS).toISOString();
    for (; next < changes.length && (changes[next]?.at ?? '') < end; next++) {
      const h = changes[next];
      const item = h && byKey.get(h.itemKey);
      if (!h || h.level === null || !item || isExempt(item.status)) continue;
      const rag = ragOf(h.level, item.target, rules);
      const now = rag === 'Red' ? 'red' : rag === 'Amber' ? 'amber' : 'green';
      const before = latest.get(h.itemKey);
      if (before) counts[before]--;
      counts[now]++;
      latest.set(h.itemKey, now);
    }
    weeks.push({ week: start.toISOString().slice(0, 10), ...counts });
  }
  return weeks;
}

export function heatmapCell(item: ItemView): HeatmapCell {
  return {
    key: item.key,
    level: item.level,
    target: item.target ?? null,
    status: item.status,
    stale: item.stale,
  };
}

export function heatmap(data: ReportData, changes: readonly LevelChange[], rules: StatusRules, now: Date): Heatmap {
  const columns = [...new Map(data.items.map((i) => [i.capabilityKey, { pillar: i.pillar, capability: i.capability.name, key: i.capabilityKey }])).values()];
  const assets = [...new Map(data.items.map((i) => [`${i.flowKey}/${i.assetKey}`, i])).values()];
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const rows = assets.map((a) => ({
    flow: a.flowName,
    asset: a.assetName,
    owner: a.owner,
    tier: a.tier ?? null,
    cells: columns.map((c) => {
      const item = byKey.get(`${a.flowKey}/${a.assetKey}/${c.key}`);
      return item ? heatmapCell(item) : null;
    }),
  }));
  return {
    columns: columns.map(({ pillar, capability }) => ({ pillar, capability })),
    rows,
    flowScores: scoresBy(data.items, 'flow'),
    pillarScores: scoresBy(data.items, 'pillar'),
    ownerScores: scoresBy(data.items, 'owner'),
    tierScores: scoresBy(data.items, 'tier'),
    weeks: weeklyCounts(data.items, changes, rules, now),
    campaigns: data.progress.map((p) => ({
      name: p.campaign.name,
      due: p.campaign.due,
      targetLevel: p.campaign.targetLevel,
      done: p.done,
      total: p.total,
      overdue: p.overdue,
    })),
    generatedAt: now.toISOString(),
  };
}
