/** Renders the heatmap as HTML: the body of the dashboard webview and of the self-contained maturity_report.html. */
import { cellClass, cellLabel, cellText, type HeatmapCell, pillarSpans } from '../../shared/heatmap-view';
import { type Score } from '../scores';
import { type Heatmap, type HeatmapRow } from './heatmap';
import { escapeXml, standalonePage } from './html-escape';
import { HEATMAP_CSS } from '../../shared/status-style';

function cellHtml(row: HeatmapRow, capability: string, cell: HeatmapCell | null): string {
  if (!cell) return '<td class="cell"></td>';
  const label = escapeXml(cellLabel(row, capability, cell));
  return `<td class="${cellClass(cell)}" title="${label}" aria-label="${label}">${cellText(cell)}</td>`;
}

function scoresTable(title: string, scores: Score[]): string {
  const rows = scores
    .map(
      (s) =>
        `<tr><td>${escapeXml(s.name)}</td><td>${s.score}%</td><td>${s.atTarget} of ${s.inScope} at target</td><td>${s.red} red · ${s.amber} amber · ${s.green} green</td></tr>`,
    )
    .join('');
  return `<table><caption>${escapeXml(title)}</caption><thead><tr><th>Name</th><th>Score</th><th>At target</th><th>Counts</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function weeklyChart(h: Heatmap): string {
  const max = Math.max(1, ...h.weeks.map((w) => w.red + w.amber + w.green));
  const barW = 28;
  const height = 120;
  const bars = h.weeks
    .map((w, i) => {
      let y = height;
      const part = (n: number, cls: string) => {
        const bh = Math.round((n / max) * (height - 10));
        y -= bh;
        return bh > 0 ? `<rect class="${cls}" x="${i * (barW + 6)}" y="${y}" width="${barW}" height="${bh}"><title>${w.week}: ${n} ${cls}</title></rect>` : '';
      };
      return `${part(w.green, 'green')}${part(w.amber, 'amber')}${part(w.red, 'red')}<text x="${i * (barW + 6)}" y="${height + 12}">${w.week.slice(5)}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="Red, amber and green items per week" width="${h.weeks.length * (barW + 6)}" height="${height + 16}">${bars}</svg>`;
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
<p>A score is the share of in-scope items (Not applicable left out) at or above their target.</p>
<div class="scores">${scoresTable('Per flow', h.flowScores)}${scoresTable('Per pillar', h.pillarScores)}${scoresTable('Per owner', h.ownerScores)}${scoresTable('Per tier', h.tierScores)}</div>
<h2>Over time</h2>
${weeklyChart(h)}`;
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
