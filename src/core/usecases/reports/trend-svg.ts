/**
 * Trends as inline SVG (no script, classes for colour, so the webview's CSP allows them): a small line per group
 * for score tables, and the workspace's Red/Amber/Green bars per week. Each says in words what it draws.
 */
import { escapeXml } from '../../domain/html-escape';
import { type TrendPoint, trendScore } from '../../domain/trends';

const SPARK_STEP = 4;
const SPARK_HEIGHT = 20;

/** The score line of one group; `name` makes its label say whose it is. */
export function sparkline(name: string, points: readonly TrendPoint[]): string {
  if (points.length === 0) return '';
  const scores = points.map(trendScore);
  const xy = scores
    .map((s, i) => `${i * SPARK_STEP},${(SPARK_HEIGHT - 1 - (s / 100) * (SPARK_HEIGHT - 2)).toFixed(1)}`)
    .join(' ');
  const label = escapeXml(
    `${name}: score ${scores[0]}% ${points.length} weeks ago (week of ${points[0]?.week}), ${scores.at(-1)}% this week`,
  );
  return `<svg class="spark" role="img" aria-label="${label}" width="${(points.length - 1) * SPARK_STEP + 2}" height="${SPARK_HEIGHT}"><title>${label}</title><polyline points="${xy}"/></svg>`;
}

/** Stacked bars per week; each bar part's title gives its count, the whole its summary. */
export function weeklyChart(points: readonly TrendPoint[]): string {
  const max = Math.max(1, ...points.map((w) => w.red + w.amber + w.green));
  const barW = 20;
  const gap = 4;
  const height = 120;
  const bars = points
    .map((w, i) => {
      let y = height;
      const x = i * (barW + gap);
      const part = (n: number, cls: string) => {
        const bh = Math.round((n / max) * (height - 10));
        y -= bh;
        return bh > 0
          ? `<rect class="${cls}" x="${x}" y="${y}" width="${barW}" height="${bh}"><title>${w.week}: ${n} ${cls}</title></rect>`
          : '';
      };
      const tick = i % 4 === 0 ? `<text x="${x}" y="${height + 12}">${w.week.slice(5)}</text>` : '';
      return `${part(w.green, 'green')}${part(w.amber, 'amber')}${part(w.red, 'red')}${tick}`;
    })
    .join('');
  const last = points.at(-1);
  const label = last
    ? `Red, amber and green items per week for ${points.length} weeks; this week ${last.red} red, ${last.amber} amber, ${last.green} green`
    : 'No weeks';
  return `<svg class="chart" role="img" aria-label="${label}" width="${points.length * (barW + gap)}" height="${height + 16}">${bars}</svg>`;
}
