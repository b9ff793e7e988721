/** The organisation report (org_report.html): a page that opens anywhere, every value escaped, no scripts. */
import { SCORE_MEANING } from '../../../shared/score';
import { TREND_CSS } from '../../../shared/status-style';
import { escapeXml, standalonePage } from '../../domain/html-escape';
import { scoreTable } from '../reports/score-table';
import { type Rollup } from './rollup';

function table(caption: string, head: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return `<h2>${escapeXml(caption)}</h2><p>None.</p>`;
  const cells = (r: (string | number)[], tag: string) =>
    r.map((c) => `<${tag}>${escapeXml(String(c))}</${tag}>`).join('');
  return `<h2>${escapeXml(caption)}</h2><table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`;
}

/** The roll-up's content without the page around it: the organisation report's body, and the dashboard's across folders. */
export function rollupBody(r: Rollup): string {
  return `<p>${r.workspaces.length} workspace(s). ${escapeXml(SCORE_MEANING)}</p>
${r.problems.length ? `<h2>Not read</h2><ul>${r.problems.map((p) => `<li class="problem">${escapeXml(p.dir)}: ${escapeXml(p.reason)}</li>`).join('')}</ul>` : ''}
<div class="scores">${scoreTable('Per workspace', r.workspaces)}${scoreTable('Per owner', r.byOwner)}${scoreTable('Per tier', r.byTier)}${scoreTable('Per pillar', r.byPillar)}${r.byKind.length ? scoreTable('Per asset kind', r.byKind) : ''}</div>
${table(
  'Worst items (Red, most critical tier first)',
  ['Workspace', 'Item', 'Owner', 'Tier', 'Level', 'Target'],
  r.worst.map((w) => [w.workspace, w.key, w.owner, w.tier ?? '', w.level ?? '-', w.target ?? '']),
)}
${table(
  'Overdue campaigns',
  ['Workspace', 'Campaign', 'Due', 'Done'],
  r.overdueCampaigns.map((c) => [c.workspace, c.name, c.due, `${c.done} of ${c.total}`]),
)}
${table(
  'Expired exemptions',
  ['Workspace', 'Item', 'Review date'],
  r.expiredExemptions.map((e) => [e.workspace, e.key, e.until]),
)}
${table(
  'Model differences (missing capabilities are not counted)',
  ['Workspace', 'Missing capabilities'],
  r.modelDifferences.map((d) => [d.workspace, d.missing.join(', ')]),
)}`;
}

export function rollupHtml(r: Rollup, generatedAt: Date): string {
  return standalonePage(
    'SRE Maturity: organisation report',
    `table { border-collapse: collapse; margin-bottom: 16px; } th, td { border: 1px solid #8884; padding: 3px 8px; text-align: left; } .problem { color: #a00; } caption { text-align: left; font-weight: 600; font-size: 1.2em; padding: 4px 0; } .scores { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; } ${TREND_CSS}`,
    `<p>Generated ${escapeXml(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.</p>\n${rollupBody(r)}\n`,
  );
}
