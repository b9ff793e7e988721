/** How a status looks, in the HTML report and both webviews: one class per status and the heatmap's styles. */
import type { Status } from './status';

export const STATUS_CLASS: Record<Status, string> = {
  Red: 'red',
  Amber: 'amber',
  Green: 'green',
  Done: 'done',
  'Not assessed': 'none',
  'Not applicable': 'na',
  'Exemption expired': 'expired',
};

/** The score trend lines: drawn in the text colour, so they read in every theme. */
export const TREND_CSS = `.spark { vertical-align: middle; } .spark polyline { fill: none; stroke: currentColor; stroke-width: 1.5; }`;

/** Colours come from classes, never style attributes, so the webview's CSP needs no 'unsafe-inline'. */
export const HEATMAP_CSS = `
.heatmap { border-collapse: collapse; font-size: 12px; }
.heatmap th, .heatmap td { border: 1px solid var(--border, #8884); padding: 3px 6px; text-align: center; }
.heatmap th.asset, .heatmap td.asset { text-align: left; white-space: nowrap; }
.heatmap thead th.cap { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 160px; font-weight: normal; }
.heatmap td.cell { min-width: 22px; font-weight: 600; }
.heatmap td[data-key] { cursor: pointer; }
.red { background: var(--red, #d93025); color: #fff; }
.amber { background: var(--amber, #f2a600); color: #000; }
.green { background: var(--green, #188038); color: #fff; }
.done { background: var(--blue, #1a73e8); color: #fff; }
.none { background: transparent; }
.na { background: transparent; color: #888; text-decoration: line-through; }
.expired { background: var(--orange, #e8710a); color: #000; }
.stale { outline: 2px dashed currentColor; outline-offset: -4px; }
.scores { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
.scores table { border-collapse: collapse; }
.scores td, .scores th { padding: 2px 8px; text-align: left; }
.chart rect.red { fill: var(--red, #d93025); } .chart rect.amber { fill: var(--amber, #f2a600); } .chart rect.green { fill: var(--green, #188038); }
.chart text { fill: currentColor; font-size: 10px; }
.campaign { margin: 4px 0; } .campaign progress { width: 240px; vertical-align: middle; } .overdue { font-weight: 600; color: var(--red, #d93025); }
${TREND_CSS}
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #8884; }
`;
