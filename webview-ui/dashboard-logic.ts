/** The dashboard's data work, without the DOM: filters (campaign included), their choices, one-cell updates; grouping is in shared/heatmap-groups. */
import { inCampaign } from '../src/shared/campaign-scope';
import { type DashboardRow, type DashboardState } from '../src/shared/dashboard-protocol';
import { type Grouping } from '../src/shared/heatmap-groups';
import type { HeatmapCell } from '../src/shared/heatmap-view';

/**
 * Each empty string means "all". Tier is a number as text, or "none" for assets without a tier; folder and
 * campaign are indexes into the state's lists, as text.
 */
export interface DashboardFilter {
  folder: string;
  flow: string;
  tier: string;
  owner: string;
  /** An asset kind, or `none` for assets of any kind. */
  kind: string;
  status: string;
  campaign: string;
}

/**
 * The owner filter's values: `none` for rows without an owner, `owner:NAME` for one owner, '' for all. Each
 * option its own value, so "No owner" never stands for All (issue 28.10) and no owner's name can mean none.
 */
export const NO_OWNER = 'none';
export const ownerValue = (owner: string) => (owner ? `owner:${owner}` : NO_OWNER);

export const NO_FILTER: DashboardFilter = {
  folder: '',
  flow: '',
  tier: '',
  owner: '',
  kind: '',
  status: '',
  campaign: '',
};

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
    if (f.owner && ownerValue(r.owner) !== f.owner) continue;
    if (f.kind && (r.kind || 'none') !== f.kind) continue;
    let row = r;
    if (campaign) {
      if (r.folder !== campaign.folder) continue;
      const cells = r.cells.map((c, i) => {
        const column = s.columns[i];
        return c &&
          column &&
          inCampaign(campaign, { flow: r.flow, tier: r.tier, pillar: column.pillar, capability: column.capability })
          ? c
          : null;
      });
      if (cells.every((c) => c === null)) continue;
      row = { ...r, cells };
    }
    if (f.status && !row.cells.some((c) => c?.status === f.status)) continue;
    kept.push(row);
  }
  return kept;
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
      .map((o) => ({ value: ownerValue(o), text: o || 'No owner' })),
    // Offered once kinds are in use: a workspace without them has nothing to tell apart.
    kind: s.rows.some((r) => r.kind)
      ? unique(s.rows.map((r) => r.kind || 'none'))
          .sort()
          .map((k) => ({ value: k, text: k === 'none' ? 'Any kind' : k }))
      : [],
    campaign: s.campaigns.map((c, i) => ({
      value: String(i),
      text: several ? `${s.folders[c.folder] ?? ''}: ${c.name}` : c.name,
    })),
  };
}

/** Puts a changed cell in place; returns where it sits, or undefined when no row of that folder has it. */
export function replaceCell(
  rows: readonly DashboardRow[],
  folder: number,
  cell: HeatmapCell,
): { row: DashboardRow; column: number } | undefined {
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

/** What the person chose in the dashboard, kept with the webview's state so a hidden tab or a reload keeps it. */
export interface DashboardView {
  filter: DashboardFilter;
  grouping: Grouping;
  openByDefault: boolean;
  /** Group ids opened or closed against `openByDefault`. */
  toggled: string[];
}

const GROUPINGS: readonly Grouping[] = ['flow', 'owner', 'tier', 'folder'];

/** A kept view, checked field by field (it may come from an older version); undefined when it is not one. */
export function parseView(kept: unknown): DashboardView | undefined {
  if (!kept || typeof kept !== 'object') return undefined;
  const v = kept as Record<string, unknown>;
  const f = (v.filter ?? {}) as Record<string, unknown>;
  const filter = Object.fromEntries(
    Object.keys(NO_FILTER).map((k) => [k, typeof f[k] === 'string' ? f[k] : '']),
  ) as unknown as DashboardFilter;
  const grouping = GROUPINGS.find((g) => g === v.grouping);
  if (!grouping || typeof v.openByDefault !== 'boolean' || !Array.isArray(v.toggled)) return undefined;
  return {
    filter,
    grouping,
    openByDefault: v.openByDefault,
    toggled: v.toggled.filter((t): t is string => typeof t === 'string'),
  };
}
