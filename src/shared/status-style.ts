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

/**
 * A shape per status, shown with the level in every heatmap cell and legend chip: Red, Amber and Green cannot all
 * differ from each other and the background by 3:1 in any palette, and under deuteranopia they look alike, so
 * the shape (and the words screen readers get) carries the status; colour only adds to it.
 */
export const STATUS_GLYPH: Record<Status, string> = {
  Red: '✕',
  Amber: '▲',
  Green: '✓',
  Done: '◆',
  'Not assessed': '·',
  'Not applicable': '–',
  'Exemption expired': '↻',
};

/** The score trend lines: drawn in the text colour, so they read in every theme. */
export const TREND_CSS = `.spark { vertical-align: middle; } .spark polyline { fill: none; stroke: currentColor; stroke-width: 1.5; }`;

/**
 * Colours come from classes, never style attributes, so the webview's CSP needs no 'unsafe-inline'. The fills are
 * fixed rather than theme tokens so that each keeps its text at 4.5:1 or more in every theme (the chart tokens
 * put white text on a light red at under 4:1).
 */
export const STATUS_COLOURS = `
.red { background: #b71c1c; color: #fff; }
.amber { background: #ffd54f; color: #000; }
.green { background: #1b5e20; color: #fff; }
.done { background: #0d47a1; color: #fff; }
.none { background: transparent; color: inherit; }
.na { background: transparent; color: inherit; text-decoration: line-through; }
.expired { background: #e65100; color: #000; }
`;

export const HEATMAP_CSS = `
.heatmap { border-collapse: collapse; font-size: 12px; }
.heatmap th, .heatmap td { border: 1px solid var(--border, #8884); padding: 3px 6px; text-align: center; }
.heatmap th.asset, .heatmap td.asset { text-align: left; white-space: nowrap; }
.heatmap thead th.cap { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 160px; font-weight: normal; }
.heatmap td.cell { min-width: 22px; font-weight: 600; }
.heatmap td[data-key] { cursor: pointer; }
${STATUS_COLOURS}
.stale { outline: 2px dashed currentColor; outline-offset: -4px; }
.scores { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
.scores table { border-collapse: collapse; }
.scores td, .scores th { padding: 2px 8px; text-align: left; }
.chart rect.red { fill: #b71c1c; } .chart rect.amber { fill: #ffd54f; } .chart rect.green { fill: #1b5e20; }
.chart rect { stroke: currentColor; stroke-width: 0.5; }
.chart text { fill: currentColor; font-size: 10px; }
.campaign { margin: 4px 0; } .campaign progress { width: 240px; vertical-align: middle; } .overdue { font-weight: 600; }
${TREND_CSS}
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #8884; }
`;
