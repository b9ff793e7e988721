/** confluence_page.txt: the SRE To-Do List in Confluence wiki markup, for Insert → Markup. */
import { type Status } from '../../../shared/status';
import { type ItemView } from '../../domain/items';
import { countsLine, levelCell, type ReportData, todoHeader } from '../../domain/todo-list';
import { escapeWiki, wikiUrl } from '../wiki-text';

const STATUS_COLOUR: Record<Status, string> = {
  Red: 'Red',
  Amber: 'Yellow',
  Green: 'Green',
  Done: 'Blue',
  'Not assessed': 'Grey',
  'Not applicable': 'Grey',
  'Exemption expired': 'Red',
};

export function statusColour(status: Status): string {
  return STATUS_COLOUR[status];
}

function statusMacro(status: Status): string {
  return `{status:colour=${statusColour(status)}|title=${status.toUpperCase().replace(/[|{}]/g, '')}}`;
}

function workCell(item: ItemView): string {
  const link = item.link;
  if (!link) return ' ';
  const state = link.state ? ` (${escapeWiki(link.state)})` : '';
  const url = link.url ? wikiUrl(link.url) : undefined;
  return `${url ? `[${escapeWiki(link.displayId)}|${url}]` : escapeWiki(link.displayId)}${state}`;
}

function row(cells: string[]): string {
  return `|${cells.join('|')}|`;
}

export function wikiPage(data: ReportData, title: string): string {
  return [...wikiPageLines(data, title)].join('');
}

/** The page line by line (each with its line break), for a file written as it is made. */
export function* wikiPageLines(data: ReportData, title: string): Generator<string> {
  const head = [
    `h2. ${escapeWiki(title)}`,
    '',
    `Generated ${data.generatedOn} · ${countsLine(data.counts)}`,
    '',
    `||${todoHeader(data.trackerName).join('||')}||`,
  ];
  for (const line of head) yield `${line}\n`;
  for (const i of data.todo)
    yield `${row([
      escapeWiki(i.key),
      escapeWiki(i.flowName),
      escapeWiki(i.assetName),
      escapeWiki(i.capability.name),
      escapeWiki(i.pillar),
      levelCell(i),
      statusMacro(i.status),
      workCell(i),
      escapeWiki(i.notes),
    ])}\n`;
  // The rest is a few lines: campaigns and exemptions.
  const lines: string[] = [];
  if (data.todo.length === 0)
    lines.push(
      row([
        'Nothing to do',
        ...todoHeader(data.trackerName)
          .slice(1)
          .map(() => ' '),
      ]),
    );
  if (data.progress.length > 0) {
    lines.push('', 'h3. Campaigns', '', '||Campaign||Target||Due||Progress||');
    for (const p of data.progress) {
      lines.push(
        row([
          escapeWiki(p.campaign.name),
          `level ${p.campaign.targetLevel}`,
          `${p.campaign.due}${p.overdue ? ' (overdue)' : ''}`,
          `${p.done}/${p.total}`,
        ]),
      );
    }
  }
  if (data.exemptions.length > 0) {
    lines.push('', 'h3. Not applicable', '', '||Key||Capability||Reason||Review by||');
    for (const i of data.exemptions)
      lines.push(
        row([
          escapeWiki(i.key),
          escapeWiki(i.capability.name),
          escapeWiki(i.exemptReason ?? ''),
          escapeWiki(i.exemptUntil ?? ''),
        ]),
      );
  }
  for (const line of lines) yield `${line}\n`;
}
