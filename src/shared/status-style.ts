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

type Filled = 'Red' | 'Amber' | 'Green' | 'Done' | 'Exemption expired';
type Palette = Record<Filled, readonly [fill: string, text: string]>;

/**
 * Fill and text colour of each status that has a fill. Light pages get dark fills under white text, dark pages
 * light fills under black text, so every fill differs from its page by 3:1 or more and keeps its text at 4.5:1 or
 * more (test/shared/status-style.test.ts measures both, against each theme's page). Red, Amber and Green cannot
 * also be 3:1 from each other (four colours each 3:1 apart need a luminance range of 27:1; there is 21:1), so the
 * heatmap's cells stand apart with the page between them and the shape says which is which.
 */
export const STATUS_FILLS: Record<'light' | 'dark', Palette> = {
  light: {
    Red: ['#b71c1c', '#fff'],
    Amber: ['#a85d00', '#fff'],
    Green: ['#1b5e20', '#fff'],
    Done: ['#0d47a1', '#fff'],
    'Exemption expired': ['#6a1b9a', '#fff'],
  },
  dark: {
    Red: ['#ff8a80', '#000'],
    Amber: ['#ffd54f', '#000'],
    Green: ['#81c784', '#000'],
    Done: ['#90caf9', '#000'],
    'Exemption expired': ['#ce93d8', '#000'],
  },
};

/** Both rules of every filled status, each selector under any of the scopes ('' for the whole page). */
function paletteRules(palette: Palette, scopes: string[]): string {
  const under = (selector: string) => scopes.map((scope) => `${scope}${selector}`).join(', ');
  return (Object.entries(palette) as [Filled, Palette[Filled]][])
    .map(
      ([status, [fill, text]]) =>
        `${under(`.${STATUS_CLASS[status]}`)} { background: ${fill}; color: ${text}; }\n${under(`.chart rect.${STATUS_CLASS[status]}`)} { fill: ${fill}; }`,
    )
    .join('\n');
}

/**
 * Colours come from classes, never style attributes, so the webview's CSP needs no 'unsafe-inline'. The light
 * palette is the default: a standalone report is a light page wherever it opens.
 */
export const STATUS_COLOURS = `
${paletteRules(STATUS_FILLS.light, [''])}
.none { background: transparent; color: inherit; }
.na { background: transparent; color: inherit; text-decoration: line-through; }
`;

/** The dark palette, for the webviews: VS Code marks their body with the theme's kind. */
export const DARK_STATUS_COLOURS = paletteRules(STATUS_FILLS.dark, [
  '.vscode-dark ',
  '.vscode-high-contrast:not(.vscode-high-contrast-light) ',
]);

export const HEATMAP_CSS = `
.heatmap { border-collapse: separate; border-spacing: 2px; font-size: 12px; }
.heatmap th, .heatmap td { border: 1px solid var(--border, #8884); padding: 3px 6px; text-align: center; }
/* A filled cell's only neighbour is the page (the spacing), against which its fill is measured. */
.heatmap td.cell:not(.none):not(.na) { border-color: transparent; }
.heatmap th.asset, .heatmap td.asset { text-align: left; white-space: nowrap; }
.heatmap thead th.cap { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 160px; font-weight: normal; }
.heatmap td.cell { min-width: 22px; font-weight: 600; }
.heatmap td[data-key] { cursor: pointer; }
${STATUS_COLOURS}
.stale { outline: 2px dashed currentColor; outline-offset: -4px; }
.due { outline: 2px dotted currentColor; outline-offset: -4px; }
.scores { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
.scores table { border-collapse: collapse; }
.scores td, .scores th { padding: 2px 8px; text-align: left; }
.chart rect { stroke: var(--vscode-editor-background, #fff); stroke-width: 1; }
.chart text { fill: currentColor; font-size: 10px; }
.campaign { margin: 4px 0; } .campaign progress { width: 240px; vertical-align: middle; } .overdue { font-weight: 600; }
${TREND_CSS}
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #8884; }
`;
