/** Renders the heatmap as HTML: the body of the dashboard webview and of the self-contained maturity_report.html. */
import { type Grouping, groupRows, groupSummary, type HeatmapRow, rowLabel } from '../../../shared/heatmap-groups';
import { cellClass, cellLabel, cellText, type HeatmapCell, pillarSpans } from '../../../shared/heatmap-view';
import { SCORE_MEANING } from '../../../shared/score';
import { type Status } from '../../../shared/status';
import { HEATMAP_CSS, STATUS_CLASS, STATUS_GLYPH } from '../../../shared/status-style';
import { escapeXml, standalonePage } from '../../domain/html-escape';
import { type Heatmap } from './heatmap';
import { scoreTable } from './score-table';
import { weeklyChart } from './trend-svg';

function cellHtml(row: HeatmapRow, capability: string, cell: HeatmapCell | null): string {
  if (!cell) return '<td class="cell"></td>';
  const label = escapeXml(cellLabel(row, capability, cell));
  return `<td class="${cellClass(cell)}" title="${label}" aria-label="${label}">${cellText(cell)}</td>`;
}

const LEGEND: readonly Status[] = [
  'Red',
  'Amber',
  'Green',
  'Done',
  'Not assessed',
  'Not applicable',
  'Exemption expired',
];

/** Everything but the heatmap table: legend, campaigns, scores, the weekly chart. */
export function heatmapSummary(h: Heatmap): string {
  const campaigns = h.campaigns.length
    ? `<h2>Campaigns</h2>${h.campaigns
        .map(
          (c) =>
            `<div class="campaign"><progress max="${Math.max(1, c.total)}" value="${c.done}"></progress> ${escapeXml(c.name)}: ${c.done}/${c.total} at level ${c.targetLevel}, due ${escapeXml(c.due)}${c.overdue ? ' <span class="overdue">overdue</span>' : ''}</div>`,
        )
        .join('')}`
    : '';
  return `<p class="legend" aria-label="Legend">${LEGEND.map((st) => `<span class="${STATUS_CLASS[st]}">${STATUS_GLYPH[st]} ${escapeXml(st)}</span>`).join('')}<span class="none stale">stale</span><span class="none due">re-attestation due</span></p>
${campaigns}
<h2>Scores</h2>
<p>${SCORE_MEANING}</p>
<div class="scores">${scoreTable('Per flow', h.flowScores)}${scoreTable('Per pillar', h.pillarScores)}${scoreTable('Per owner', h.ownerScores)}${scoreTable('Per tier', h.tierScores)}</div>
<h2>Over time</h2>
${weeklyChart(h.weeks)}`;
}

/** The whole heatmap as a static table, rows grouped as asked, each group with its score (the dashboard draws its own from the data). */
function heatmapTable(h: Heatmap, by: Grouping): string {
  const head = `<thead><tr><th class="asset" rowspan="2">${by === 'flow' ? 'Flow' : by === 'owner' ? 'Owner' : 'Tier'} / asset</th>${pillarSpans(
    h.columns,
  )
    .map((p) => `<th colspan="${p.span}">${escapeXml(p.name)}</th>`)
    .join('')}</tr>
<tr>${h.columns.map((c) => `<th class="cap" scope="col">${escapeXml(c.capability)}</th>`).join('')}</tr></thead>`;
  const groups = groupRows(h.rows, by, [])
    .map((g) => {
      const header = `<tr class="group"><th colspan="${h.columns.length + 1}" scope="rowgroup">${escapeXml(g.name)} <span class="muted">${escapeXml(groupSummary(g.rows))}</span></th></tr>`;
      const rows = g.rows.map(
        (r) =>
          `<tr><td class="asset">${escapeXml(rowLabel(r, by, []))}${r.tier === null || by === 'tier' ? '' : ` <small>(tier ${r.tier})</small>`}</td>${r.cells.map((c, i) => cellHtml(r, h.columns[i]?.capability ?? '', c)).join('')}</tr>`,
      );
      return `<tbody>${header}\n${rows.join('\n')}</tbody>`;
    })
    .join('\n');
  return `<h2>Heatmap</h2>\n<table class="heatmap">${head}${groups}</table>`;
}

/** The maturity report: the dashboard's content as a page that opens anywhere, heatmap rows grouped by flow, owner or tier. */
export function maturityReportHtml(h: Heatmap, title: string, by: Exclude<Grouping, 'folder'> = 'flow'): string {
  return standalonePage(
    title,
    `${HEATMAP_CSS} .heatmap tr.group th { text-align: left; } .muted { font-weight: normal; opacity: 0.8; }`,
    `<p>Generated ${escapeXml(h.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>\n${heatmapSummary(h)}\n${heatmapTable(h, by)}`,
  );
}
