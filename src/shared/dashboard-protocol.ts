/** The dashboard webview's messages: the heatmap it draws and the requests it sends, each field typed and checked. */
import type { CampaignScope } from './campaign-scope';
import type { HeatmapRow } from './heatmap-groups';
import { integer, oneOf, type PanelRestore, type ParamsSchema, type Requests, text } from './protocol';

/** A heatmap row as the dashboard draws it. */
export type DashboardRow = HeatmapRow;

/**
 * The dashboard: the heatmap as data, drawn by the webview one flow at a time (2,000 rows × 15 cells would be
 * 30,000 cells at once), and the summary (legend, campaigns, scores, chart) as HTML from core's renderer, which
 * escapes every value it writes.
 */
export interface DashboardState {
  restore: PanelRestore;
  summaryHtml: string;
  /** The workspace folders shown: one, or all of a multi-root workspace's folders with data. */
  folders: string[];
  columns: { pillar: string; capability: string }[];
  rows: DashboardRow[];
  /** Campaigns by folder, for the campaign filter: a filtered heatmap shows only the cells a campaign covers. */
  campaigns: (CampaignScope & { name: string; folder: number })[];
  generatedAt: string;
}

export const DASHBOARD_PARAMS = {
  ready: {},
  openAssessment: { key: text(1000), folder: integer(0, 10_000) },
  /** Writes the dashboard's content to a file the person picks: "html" (the report page) or "csv" (the matrix). */
  exportReport: { format: oneOf('html', 'csv') },
} as const satisfies Record<string, ParamsSchema>;

export type DashboardRequests = Requests<
  typeof DASHBOARD_PARAMS,
  { ready: DashboardState; openAssessment: null; exportReport: { written: string | null } }
>;
