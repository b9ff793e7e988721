/** The organisation report (org_report.html): a page that opens anywhere, every value escaped, no scripts. */
import { escapeXml, standalonePage } from '../reports/html-escape';
import { type Score } from '../scores';
import { type Rollup } from './rollup';

function table(caption: string, head: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return `<h2>${escapeXml(caption)}</h2><p>None.</p>`;
  const cells = (r: (string | number)[], tag: string) => r.map((c) => `<${tag}>${escapeXml(String(c))}</${tag}>`).join('');
  return `<h2>${escapeXml(caption)}</h2><table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`;
}

const scoreRows = (scores: readonly Score[]) => scores.map((s) => [s.name, `${s.score}%`, `${s.atTarget} of ${s.inScope}`, s.red, s.amber, s.green]);
const SCORE_HEAD = ['Name', 'Score', 'At target', 'Red', 'Amber', 'Green'];

export function rollupHtml(r: Rollup, generatedAt: Date): string {
  return standalonePage(
    'SRE Maturity: organisation report',
    'table { border-collapse: collapse; margin-bottom: 16px; } th, td { border: 1px solid #8884; padding: 3px 8px; text-align: left; } .problem { color: #a00; }',
    `<p>Generated ${escapeXml(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC from ${r.workspaces.length} workspace(s). A score is the share of in-scope items (Not applicable left out) at or above their target.</p>
${r.problems.length ? `<h2>Not read</h2><ul>${r.problems.map((p) => `<li class="problem">${escapeXml(p.dir)}: ${escapeXml(p.reason)}</li>`).join('')}</ul>` : ''}
${table('Per workspace', SCORE_HEAD, scoreRows(r.workspaces))}
${table('Per owner', SCORE_HEAD, scoreRows(r.byOwner))}
${table('Per tier', SCORE_HEAD, scoreRows(r.byTier))}
${table('Per pillar', SCORE_HEAD, scoreRows(r.byPillar))}
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
)}
`,
  );
}
