/** The dashboard's data work, without the DOM: filters, groups by flow, roll-ups, one-cell updates. */
import { groupBy } from '../src/shared/group-by';
import type { HeatmapCell } from '../src/shared/heatmap-view';
import type { DashboardRow } from '../src/shared/protocol';
import { DISPLAY_ORDER, type Status } from '../src/shared/status';

/** Each empty string means "all". Tier is a number as text, or "none" for assets without a tier. */
export interface DashboardFilter {
  flow: string;
  tier: string;
  owner: string;
  status: string;
}

export const NO_FILTER: DashboardFilter = { flow: '', tier: '', owner: '', status: '' };

/** Rows kept by the filter; a status filter keeps the rows with at least one cell of that status. */
export function filterRows(rows: readonly DashboardRow[], f: DashboardFilter): DashboardRow[] {
  return rows.filter(
    (r) =>
      (!f.flow || r.flow === f.flow) &&
      (!f.tier || (f.tier === 'none' ? r.tier === null : String(r.tier) === f.tier)) &&
      (!f.owner || r.owner === f.owner) &&
      (!f.status || r.cells.some((c) => c?.status === f.status)),
  );
}

/** Rows by flow, flows in their order. */
export function byFlow(rows: readonly DashboardRow[]): { flow: string; rows: DashboardRow[] }[] {
  return [...groupBy(rows, (r) => r.flow)].map(([flow, members]) => ({ flow, rows: members }));
}

/** "3 Red · 2 Amber · 10 Green": a flow's cells by status, in the order statuses are always shown. */
export function rollupText(rows: readonly DashboardRow[]): string {
  const counts = new Map<Status, number>();
  for (const r of rows) for (const c of r.cells) if (c) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return DISPLAY_ORDER.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' · ');
}

/** The choices each filter offers, from the data. */
export function filterChoices(rows: readonly DashboardRow[]): { flows: string[]; tiers: string[]; owners: string[] } {
  const tiers = [...new Set(rows.map((r) => (r.tier === null ? 'none' : String(r.tier))))].sort();
  return { flows: [...new Set(rows.map((r) => r.flow))], tiers, owners: [...new Set(rows.map((r) => r.owner))].sort() };
}

/** Puts a changed cell in place; returns where it sits, or undefined when no row has it (then reload). */
export function replaceCell(rows: readonly DashboardRow[], cell: HeatmapCell): { row: DashboardRow; column: number } | undefined {
  for (const row of rows) {
    const column = row.cells.findIndex((c) => c?.key === cell.key);
    if (column >= 0) {
      row.cells[column] = cell;
      return { row, column };
    }
  }
  return undefined;
}
