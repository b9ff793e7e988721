/** A portfolio diff (portfolio-diff.ts) as people and CI read it: text, a pull-request comment, annotations. */
import { escapeXml } from '../../domain/html-escape';
import { type FindingChange, type PortfolioDiff } from './portfolio-diff';

const WORDS = { gained: 'gained', lost: 'lost', changed: 'changed' } as const;

function findingLine(e: FindingChange): string {
  const was = e.was ? ` (was ${e.was.detail})` : '';
  const rests = e.restingOn.length ? `; answers of ${e.restingOn.join(', ')} rest on it` : '';
  const supports = e.questions.length ? `; supports "${e.questions.join('", "')}"` : '';
  return `${WORDS[e.kind]}: ${e.finding.file}:${e.finding.line} ${e.finding.detail}${was}${supports}${rests}`;
}

function levelLine(l: PortfolioDiff['levels'][number]): string {
  const level = (n: number | null) => (n === null ? 'not assessed' : `L${n}`);
  return `${l.key}: ${level(l.from)} → ${level(l.to)}${l.target === null ? '' : ` (target L${l.target})`} (${l.by ?? '?'}, ${l.at?.slice(0, 10) ?? '?'})`;
}

/** What the head's model, targets and flows do across the portfolio, in sentences. */
function portfolioLines(d: PortfolioDiff): string[] {
  const w = d.whatIf;
  return [
    ...d.supported.map((s) => `${s.key}: the repository's evidence supports L${s.from} → L${s.to}`),
    ...d.campaigns,
    ...(w.newlyRed.length ? [`${w.newlyRed.length} item(s) turn Red: ${w.newlyRed.join(', ')}`] : []),
    ...(w.noLongerRed.length ? [`${w.noLongerRed.length} item(s) no longer Red: ${w.noLongerRed.join(', ')}`] : []),
    ...(w.flowsMissingTarget.length ? [`flows that miss their target: ${w.flowsMissingTarget.join(', ')}`] : []),
    ...(w.flowsNowAtTarget.length ? [`flows now at target: ${w.flowsNowAtTarget.join(', ')}`] : []),
    ...(w.fallUntilAnswered.length
      ? [
          `${w.fallUntilAnswered.length} item(s) fall to a lower level until the new questions are answered: ${w.fallUntilAnswered.map((f) => `${f.key} L${f.from} → L${f.to}`).join(', ')}`,
        ]
      : []),
  ];
}

export function summaryLine(d: PortfolioDiff): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [
    d.regressions.length ? `${count(d.regressions.length, 'regression')}` : 'no regression',
    count(d.evidence.length, 'evidence change'),
    count(d.levels.length, 'assessment'),
    d.whatIf.newlyRed.length ? `${d.whatIf.newlyRed.length} item(s) turn Red` : '',
    d.whatIf.flowsMissingTarget.length ? `${d.whatIf.flowsMissingTarget.length} flow(s) miss their target` : '',
    d.whatIf.fallUntilAnswered.length ? `${d.whatIf.fallUntilAnswered.length} item(s) fall a level until answered` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function diffText(d: PortfolioDiff): string {
  const lines = [`SRE maturity impact: ${summaryLine(d)}`];
  const section = (title: string, rows: string[]) => {
    if (rows.length) lines.push('', title, ...rows.map((r) => `  ${r}`));
  };
  section('Regressions', d.regressions);
  for (const asset of new Set(d.evidence.map((e) => e.asset)))
    section(`Evidence of ${asset}`, d.evidence.filter((e) => e.asset === asset).map(findingLine));
  section('Assessments', d.levels.map(levelLine));
  section(
    'Not applicable',
    d.notApplicable.map((n) => `${n.key}: ${n.from ?? 'applies'} → ${n.to ?? 'applies'}`),
  );
  section('Work items', d.links);
  section('Across the portfolio', portfolioLines(d));
  return `${lines.join('\n')}\n`;
}

/** Text in a Markdown table cell: escaped for HTML, pipes and line breaks neutralised. */
const cell = (text: string) => escapeXml(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A sticky pull-request comment: a summary line, a table per asset, details folded. */
export function diffMarkdown(d: PortfolioDiff): string {
  const out = ['<!-- sre-tracker diff -->', `**SRE maturity impact:** ${cell(summaryLine(d))}`];
  if (d.regressions.length) out.push('', '**Regressions**', '', ...d.regressions.map((r) => `- ${cell(r)}`));
  for (const asset of new Set(d.evidence.map((e) => e.asset))) {
    out.push(
      '',
      `**${cell(asset)}**`,
      '',
      '| | Where | Finding | Questions | Answers resting on it |',
      '|---|---|---|---|---|',
    );
    for (const e of d.evidence.filter((x) => x.asset === asset))
      out.push(
        `| ${e.kind} | \`${cell(`${e.finding.file}:${e.finding.line}`)}\` | ${cell(e.finding.detail)}${e.was ? ` (was ${cell(e.was.detail)})` : ''} | ${cell(e.questions.join('; '))} | ${cell(e.restingOn.join(', '))} |`,
      );
  }
  const details = [
    ...d.levels.map((l) => `- ${cell(levelLine(l))}`),
    ...d.notApplicable.map((n) => `- ${cell(`${n.key}: Not applicable ${n.from ?? 'none'} → ${n.to ?? 'none'}`)}`),
    ...d.links.map((l) => `- ${cell(l)}`),
    ...portfolioLines(d).map((l) => `- ${cell(l)}`),
  ];
  if (details.length)
    out.push('', '<details><summary>Assessments and the portfolio</summary>', '', ...details, '', '</details>');
  return `${out.join('\n')}\n`;
}

/** GitHub's workflow-command escaping (as check's): data escapes %, CR and LF; properties also : and ,. */
const ghData = (t: string) => t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProperty = (t: string) => ghData(t).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Annotations on the changed files' lines; `repoPath` turns a data-folder-relative path into the repository's. */
export function diffAnnotations(d: PortfolioDiff, repoPath: (file: string) => string): string {
  return d.evidence
    .map((e) => {
      const level = e.kind !== 'gained' && e.restingOn.length ? 'error' : e.kind === 'gained' ? 'notice' : 'warning';
      return `::${level} file=${ghProperty(repoPath(e.finding.file))},line=${e.finding.line},title=${ghProperty(`SRE evidence ${WORDS[e.kind]}`)}::${ghData(findingLine(e))}\n`;
    })
    .join('');
}

/**
 * The diff as a page for VS Code's webview: no script, its own styles drawn from the editor's theme, headings and
 * tables a screen reader walks, wrapping at any zoom.
 */
export function diffHtml(d: PortfolioDiff, title: string): string {
  const e = escapeXml;
  const list = (rows: string[]) => (rows.length ? `<ul>${rows.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : '');
  const section = (heading: string, body: string) => (body ? `<h2>${e(heading)}</h2>${body}` : '');
  const assets = [...new Set(d.evidence.map((x) => x.asset))]
    .map(
      (asset) =>
        `<table><caption>Evidence of ${e(asset)}</caption><thead><tr><th scope="col">Change</th><th scope="col">Where</th><th scope="col">Finding</th><th scope="col">Questions</th><th scope="col">Answers resting on it</th></tr></thead><tbody>${d.evidence
          .filter((x) => x.asset === asset)
          .map(
            (x) =>
              `<tr><td>${e(x.kind)}</td><td><code>${e(`${x.finding.file}:${x.finding.line}`)}</code></td><td>${e(x.finding.detail)}${x.was ? ` (was ${e(x.was.detail)})` : ''}</td><td>${e(x.questions.join('; '))}</td><td>${e(x.restingOn.join(', '))}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${e(title)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 16px; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0 16px; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 4px 8px; text-align: left; vertical-align: top; }
code { font-family: var(--vscode-editor-font-family); }
</style>
</head>
<body>
<main>
<h1>${e(title)}</h1>
<p role="status">${e(summaryLine(d))}</p>
${section('Regressions', list(d.regressions))}
${assets ? `<h2>Evidence</h2>${assets}` : ''}
${section('Assessments', list(d.levels.map(levelLine)))}
${section('Not applicable', list(d.notApplicable.map((n) => `${n.key}: ${n.from ?? 'applies'} → ${n.to ?? 'applies'}`)))}
${section('Work items', list(d.links))}
${section('Across the portfolio', list(portfolioLines(d)))}
</main>
</body>
</html>
`;
}
