/**
 * The heatmap's rows in groups (by flow, owner, tier or folder), each with its score: the dashboard webview and
 * the HTML report group alike.
 */
import { groupBy } from './group-by';
import type { HeatmapCell } from './heatmap-view';
import { scoreOf } from './score';
import { DISPLAY_ORDER, type Status } from './status';

export interface HeatmapRow {
  /** Index of the workspace folder: 0 but in a dashboard over several folders, where keys repeat across them. */
  folder: number;
  flow: string;
  asset: string;
  owner: string;
  tier: number | null;
  /** The asset's kind (flows.csv); '' for any. Absent in a view saved before kinds. */
  kind?: string;
  /** One per column; null where the asset has no such item (the model leaves it out for the asset's kind). */
  cells: (HeatmapCell | null)[];
}

export type Grouping = 'flow' | 'owner' | 'tier' | 'folder';

export interface RowGroup {
  /** Unique across groupings: what expanded/collapsed state is kept by. */
  id: string;
  name: string;
  rows: HeatmapRow[];
}

const byName = (a: RowGroup, b: RowGroup) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A row's group name: flows (by folder when there are several), owners, tiers or folders. */
export function groupName(r: HeatmapRow, by: Grouping, folders: readonly string[]): string {
  switch (by) {
    case 'flow':
      return folders.length > 1 ? `${folders[r.folder] ?? ''} · ${r.flow}` : r.flow;
    case 'owner':
      return r.owner || 'No owner';
    case 'tier':
      return r.tier === null ? 'No tier' : `Tier ${r.tier}`;
    case 'folder':
      return folders[r.folder] ?? '';
  }
}

/** Groups in the order they read best: flows and folders as they come, owners by name, tiers by number with "No tier" last. */
export function groupRows(rows: readonly HeatmapRow[], by: Grouping, folders: readonly string[]): RowGroup[] {
  const groups = [...groupBy(rows, (r) => groupName(r, by, folders))].map(([name, members]) => ({
    id: `${by}:${name}`,
    name,
    rows: members,
  }));
  if (by === 'owner') return groups.sort(byName);
  if (by === 'tier') {
    const tier = (g: RowGroup) => g.rows[0]?.tier ?? Infinity;
    return groups.sort((a, b) => tier(a) - tier(b));
  }
  return groups;
}

/** How a row is named under its group: what the group does not already say. */
export function rowLabel(r: HeatmapRow, by: Grouping, folders: readonly string[]): string {
  const parts = [
    folders.length > 1 && by !== 'folder' && by !== 'flow' ? folders[r.folder] : undefined,
    by === 'flow' ? undefined : r.flow,
    r.asset,
  ];
  return parts.filter((p) => p !== undefined).join(' / ');
}

/** "3 Red · 2 Amber · 10 Green": a group's cells by status, in the order statuses are always shown. */
export function rollupText(rows: readonly HeatmapRow[]): string {
  const counts = new Map<Status, number>();
  for (const r of rows) for (const c of r.cells) if (c) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return DISPLAY_ORDER.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' · ');
}

/** "Score 40% (4 of 10 at target) · 3 Red · 7 Green": a group's score, as the reports define it, and its counts. */
export function groupSummary(rows: readonly HeatmapRow[]): string {
  const s = scoreOf(
    '',
    rows.flatMap((r) => r.cells.filter((c): c is HeatmapCell => c !== null)),
  );
  const counts = rollupText(rows);
  return `Score ${s.score}% (${s.atTarget} of ${s.inScope} at target)${counts ? ` · ${counts}` : ''}`;
}
