/** The dashboard's numbers: a flow/asset × capability heatmap, scores and their trends per flow, owner, tier and pillar, campaigns. */
import { type HeatmapRow } from '../../../shared/heatmap-groups';
import { type HeatmapCell } from '../../../shared/heatmap-view';
import { type ItemView } from '../../domain/items';
import { mixText, provenanceMix } from '../../domain/provenance';
import { type ReportData } from '../../domain/todo-list';
import { scoresWithTrends, type ScoreTrend, type TrendPoint, type Trends } from '../../domain/trends';

export interface Heatmap {
  columns: { pillar: string; capability: string }[];
  rows: HeatmapRow[];
  flowScores: ScoreTrend[];
  pillarScores: ScoreTrend[];
  ownerScores: ScoreTrend[];
  tierScores: ScoreTrend[];
  /** The whole workspace, week by week. */
  weeks: TrendPoint[];
  campaigns: { name: string; due: string; targetLevel: number; done: number; total: number; overdue: boolean }[];
  generatedAt: string;
}

export function heatmapCell(item: ItemView): HeatmapCell {
  return {
    key: item.key,
    level: item.level,
    target: item.target ?? null,
    status: item.status,
    stale: item.stale,
    due: item.due,
    provenance: mixText(item.level, provenanceMix(item)),
  };
}

/** `t`: the trends of data.items (Workspace.trends), which a caller may share with the roll-up. */
export function heatmap(data: ReportData, t: Trends, now: Date): Heatmap {
  const columns = [
    ...new Map(
      data.items.map((i) => [
        i.capabilityKey,
        { pillar: i.pillar, capability: i.capability.name, key: i.capabilityKey },
      ]),
    ).values(),
  ];
  const assets = [...new Map(data.items.map((i) => [`${i.flowKey}/${i.assetKey}`, i])).values()];
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const rows = assets.map((a) => ({
    folder: 0,
    flow: a.flowName,
    asset: a.assetName,
    owner: a.owner,
    tier: a.tier ?? null,
    kind: a.kind,
    cells: columns.map((c) => {
      const item = byKey.get(`${a.flowKey}/${a.assetKey}/${c.key}`);
      return item ? heatmapCell(item) : null;
    }),
  }));
  return {
    columns: columns.map(({ pillar, capability }) => ({ pillar, capability })),
    rows,
    flowScores: scoresWithTrends(data.items, 'flow', t),
    pillarScores: scoresWithTrends(data.items, 'pillar', t),
    ownerScores: scoresWithTrends(data.items, 'owner', t),
    tierScores: scoresWithTrends(data.items, 'tier', t),
    weeks: t.of('all', ''),
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

/** Several folders' heatmaps as one: columns united by pillar and capability (first seen first), rows tagged with their folder's index. */
export function combineHeatmaps(parts: readonly Pick<Heatmap, 'columns' | 'rows'>[]): {
  columns: Heatmap['columns'];
  rows: (HeatmapRow & { folder: number })[];
} {
  const columns: Heatmap['columns'] = [];
  const at = new Map<string, number>();
  const rows = parts.flatMap((h, folder) => {
    const index = h.columns.map((c) => {
      const id = `${c.pillar}\u0000${c.capability}`;
      if (!at.has(id)) at.set(id, columns.push(c) - 1);
      return at.get(id) ?? -1;
    });
    return h.rows.map((r) => ({ ...r, folder, index }));
  });
  return {
    columns,
    rows: rows.map(({ index, ...r }) => {
      const cells: (HeatmapCell | null)[] = columns.map(() => null);
      r.cells.forEach((c, i) => (cells[index[i] ?? -1] = c));
      return { ...r, cells };
    }),
  };
}
