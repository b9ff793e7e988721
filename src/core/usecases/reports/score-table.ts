/** A table of scores with their trends: the same in the HTML report, the dashboard and the organisation report. */
import { escapeXml } from '../../domain/html-escape';
import { type ScoreTrend, TREND_WEEKS } from '../../domain/trends';
import { sparkline } from './trend-svg';

export function scoreTable(title: string, scores: readonly ScoreTrend[]): string {
  const rows = scores
    .map(
      (s) =>
        `<tr><th scope="row">${escapeXml(s.name)}</th><td>${s.score}%</td><td>${s.atTarget} of ${s.inScope}</td><td>${s.red}</td><td>${s.amber}</td><td>${s.green}</td><td>${sparkline(s.name, s.trend)}</td></tr>`,
    )
    .join('');
  return `<table class="score-table"><caption>${escapeXml(title)}</caption><thead><tr><th scope="col">Name</th><th scope="col">Score</th><th scope="col">At target</th><th scope="col">Red</th><th scope="col">Amber</th><th scope="col">Green</th><th scope="col">Last ${TREND_WEEKS} weeks</th></tr></thead><tbody>${rows}</tbody></table>`;
}
