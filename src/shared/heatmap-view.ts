/** How the heatmap reads in the HTML report and in the dashboard webview: its cells' label, text and class, its pillar headers. */
import { levelOfTarget, type Status } from './status';
import { STATUS_CLASS, STATUS_GLYPH } from './status-style';

export interface HeatmapCell {
  key: string;
  level: number | null;
  target: number | null;
  status: Status;
  stale: boolean;
  /** Its answers expire soon: due for re-attestation. */
  due: boolean;
  /** Where the level came from: "L3: 4 answers from evidence, 2 attested"; '' when nothing holds it up. */
  provenance: string;
}

/**
 * "Checkout / web / SLIs & SLOs: Red, level 1 of 3, stale; L1: 1 attested": what a screen reader and the tooltip say, by names
 * (from the cell's row and column), not by key.
 */
export function cellLabel(row: { flow: string; asset: string }, capability: string, cell: HeatmapCell): string {
  return `${row.flow} / ${row.asset} / ${capability}: ${cell.status}${cell.level === null ? '' : `, level ${levelOfTarget(cell.level, cell.target)}`}${cell.stale ? ', stale' : cell.due ? ', re-attestation due' : ''}${cell.provenance ? `; ${cell.provenance}` : ''}`;
}

/** The cell's visible text: its status's shape and its level ("▲2"), so status reads without colour. */
export function cellText(cell: HeatmapCell): string {
  return `${STATUS_GLYPH[cell.status]}${cell.level === null ? '' : cell.level}`;
}

export function cellClass(cell: HeatmapCell): string {
  return `cell ${STATUS_CLASS[cell.status]}${cell.stale ? ' stale' : cell.due ? ' due' : ''}`;
}

/** Pillars over their capabilities: the heatmap's first header row. */
export function pillarSpans(columns: readonly { pillar: string }[]): { name: string; span: number }[] {
  const pillars: { name: string; span: number }[] = [];
  for (const c of columns) {
    const last = pillars.at(-1);
    if (last && last.name === c.pillar) last.span++;
    else pillars.push({ name: c.pillar, span: 1 });
  }
  return pillars;
}
