/** The dashboard's data work, without the DOM: filters (campaign included), grouping, group scores, one-cell updates. */
import { inCampaign } from '../src/shared/campaign-scope';
import { groupBy } from '../src/shared/group-by';
import type { HeatmapCell } from '../src/shared/heatmap-view';
import type { DashboardRow, DashboardState } from '../src/shared/protocol';
import { scoreOf } from '../src/shared/score';
import { DISPLAY_ORDER, type Status } from '../src/shared/status';

/**
 * Each empty string means "all". Tier is a number as text, or "none" for assets without a tier; folder and
 * campaign are indexes into the state's lists, as text.
 */
export interface DashboardFilter {
  folder: string;
  flow: string;
  tier: string;
  owner: string;
  status: string;
  campaign: string;
}

export const NO_FILTER: DashboardFilter = { folder: '', flow: '', tier: '', owner: '', status: '', campaign: '' };

export const GROUPINGS = ['flow', 'owner', 'tier', 'folder'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export type DashboardData = Pick<DashboardState, 'folders' | 'columns' | 'rows' | 'campaigns'>;

/**
 * Rows kept by the filter. A campaign keeps the rows of its folder with a cell it covers and blanks the cells it
 * does not; a status filter then keeps the rows with at least one (kept) cell of that status.
 */
export function filterRows(s: DashboardData, f: DashboardFilter): DashboardRow[] {
  const campaign = f.campaign ? s.campaigns[Number(f.campaign)] : undefined;
  const kept: DashboardRow[] = [];
  for (const r of s.rows) {
    if (f.folder && String(r.folder) !== f.folder) continue;
    if (f.flow && r.flow !== f.flow) continue;
    if (f.tier && (f.tier === 'none' ? r.tier !== null : String(r.tier) !== f.tier)) continue;
    if (f.owner && r.owner !== f.owner) continue;
    let row = r;
    if (campaign) {
      if (r.folder !== campaign.folder) continue;
      const cells = r.cells.map((c, i) => {
        const column = s.columns[i];
        return c && column && inCampaign(campaign, { flow: r.flow, tier: r.tier, pillar: column.pillar, capability: column.capability }) ? c : null;
      });
      if (cells.every((c) => c === null)) continue;
      row = { ...r, cells };
    }
    if (f.status && !row.cells.some((c) => c?.status === f.status)) continue;
    kept.push(row);
  }
  return kept;
}

export interface RowGroup {
  /** Unique across groupings: what expanded/collapsed state is kept by. */
  id: string;
  name: string;
  rows: DashboardRow[];
}

const byName = (a: RowGroup, b: RowGroup) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A row's group name: flows (by folder when there are several), owners, tiers or folders. */
export function groupName(r: DashboardRow, by: Grouping, folders: readonly string[]): string {
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
export function groupRows(rows: readonly DashboardRow[], by: Grouping, folders: readonly string[]): RowGroup[] {
  const groups = [...groupBy(rows, (r) => groupName(r, by, folders))].map(([name, members]) => ({ id: `${by}:${name}`, name, rows: members }));
  if (by === 'owner') return groups.sort(byName);
  if (by === 'tier') {
    const tier = (g: RowGroup) => g.rows[0]?.tier ?? Infinity;
    return groups.sort((a, b) => tier(a) - tier(b));
  }
  return groups;
}

/** How a row is named under its group: what the group does not already say. */
export function rowLabel(r: DashboardRow, by: Grouping, folders: readonly string[]): string {
  const parts = [folders.length > 1 && by !== 'folder' && by !== 'flow' ? folders[r.folder] : undefined, by === 'flow' ? undefined : r.flow, r.asset];
  return parts.filter((p) => p !== undefined).join(' / ');
}

/** "3 Red · 2 Amber · 10 Green": a group's cells by status, in the order statuses are always shown. */
export function rollupText(rows: readonly DashboardRow[]): string {
  const counts = new Map<Status, number>();
  for (const r of rows) for (const c of r.cells) if (c) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return DISPLAY_ORDER.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' · ');
}

/** "Score 40% (4 of 10 at target) · 3 Red · 7 Green": a group's score, as the reports define it, and its counts. */
export function groupSummary(rows: readonly DashboardRow[]): string {
  const s = scoreOf(
    '',
    rows.flatMap((r) => r.cells.filter((c): c is HeatmapCell => c !== null)),
  );
  const counts = rollupText(rows);
  return `Score ${s.score}% (${s.atTarget} of ${s.inScope} at target)${counts ? ` · ${counts}` : ''}`;
}

export interface Choice {
  value: string;
  text: string;
}

/** The choices each filter offers, from the data. */
export function filterChoices(s: DashboardData): Record<Exclude<keyof DashboardFilter, 'status'>, Choice[]> {
  const unique = (values: string[]) => [...new Set(values)];
  const tiers = unique(s.rows.map((r) => (r.tier === null ? 'none' : String(r.tier)))).sort();
  const several = s.folders.length > 1;
  return {
    folder: several ? s.folders.map((f, i) => ({ value: String(i), text: f })) : [],
    flow: unique(s.rows.map((r) => r.flow)).map((f) => ({ value: f, text: f })),
    tier: tiers.map((t) => ({ value: t, text: t === 'none' ? 'No tier' : `Tier ${t}` })),
    owner: unique(s.rows.map((r) => r.owner))
      .sort()
      .map((o) => ({ value: o, text: o || 'No owner' })),
    campaign: s.campaigns.map((c, i) => ({ value: String(i), text: several ? `${s.folders[c.folder] ?? ''}: ${c.name}` : c.name })),
  };
}

/** Puts a changed cell in place; returns where it sits, or undefined when no row of that folder has it. */
export function replaceCell(rows: readonly DashboardRow[], folder: number, cell: HeatmapCell): { row: DashboardRow; column: number } | undefined {
  for (const row of rows) {
    if (row.folder !== folder) continue;
    const column = row.cells.findIndex((c) => c?.key === cell.key);
    if (column >= 0) {
      row.cells[column] = cell;
      return { row, column };
    }
  }
  return undefined;
}
