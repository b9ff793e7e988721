/** Renders the heatmap as HTML: the body of the dashboard webview and of the self-contained maturity_report.html. */
import { cellClass, cellLabel, cellText, type HeatmapCell, pillarSpans } from '../../shared/heatmap-view';
import { scoreTable } from './score-table';
import { weeklyChart } from './trend-svg';
import { type Heatmap, type HeatmapRow } from './heatmap';
import { escapeXml, standalonePage } from './html-escape';
import { SCORE_MEANING } from '../../shared/score';
import { HEATMAP_CSS } from '../../shared/status-style';

function cellHtml(row: HeatmapRow, capability: string, cell: HeatmapCell | null): string {
  if (!cell) return '<td class="cell"></td>';
  const label = escapeXml(cellLabel(row, capability, cell));
  return `<td class="${cellClass(cell)}" title="${label}" aria-label="${label}">${cellText(cell)}</td>`;
}

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
  return `<p class="legend"><span class="red">Red</span><span class="amber">Amber</span><span class="green">Green</span><span class="done">Done</span><span class="none">Not assessed ·</span><span class="na">Not applicable</span><span class="expired">Exemption expired</span><span class="none stale">stale</span></p>
${campaigns}
<h2>Scores</h2>
<p>${SCORE_MEANING}</p>
<div class="scores">${scoreTable('Per flow', h.flowScores)}${scoreTable('Per pillar', h.pillarScores)}${scoreTable('Per owner', h.ownerScores)}${scoreTable('Per tier', h.tierScores)}</div>
<h2>Over time</h2>
${weeklyChart(h.weeks)}`;
}

/** The whole heatmap as a static table, for the HTML report (the dashboard draws its own, by flow, from the data). */
function heatmapTable(h: Heatmap): string {
  const head = `<thead><tr><th class="asset" rowspan="2">Flow / asset</th>${pillarSpans(h.columns)
    .map((p) => `<th colspan="${p.span}">${escapeXml(p.name)}</th>`)
    .join('')}</tr>
<tr>${h.columns.map((c) => `<th class="cap" scope="col">${escapeXml(c.capability)}</th>`).join('')}</tr></thead>`;
  const body = h.rows
    .map(
      (r) =>
        `<tr><td class="asset">${escapeXml(r.flow)} / ${escapeXml(r.asset)}${r.tier === null ? '' : ` <small>(tier ${r.tier})</small>`}</td>${r.cells.map((c, i) => cellHtml(r, h.columns[i]?.capability ?? '', c)).join('')}</tr>`,
    )
    .join('\n');
  return `<h2>Heatmap</h2>\n<table class="heatmap">${head}<tbody>${body}</tbody></table>`;
}

/** The maturity report: the dashboard's content as a page that opens anywhere. */
export function maturityReportHtml(h: Heatmap, title: string): string {
  return standalonePage(
    title,
    HEATMAP_CSS,
    `<p>Generated ${escapeXml(h.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>\n${heatmapSummary(h)}\n${heatmapTable(h)}`,
  );
}
