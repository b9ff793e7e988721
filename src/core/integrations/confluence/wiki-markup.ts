/** confluence_page.txt: the SRE To-Do List in Confluence wiki markup, for Insert → Markup. */
import { type Status } from '../../../shared/status';
import { type ItemView } from '../../domain/items';
import { countsLine, levelCell, type ReportData, todoHeader } from '../../domain/todo-list';

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

/** What escapeWiki changes: the characters it escapes, a dash at a word boundary, line breaks. */
const NEEDS_WIKI_ESCAPE = /[\\|{}[\]*_+^~?!\r\n]|(^|\s)-|-(\s|$)/;

/**
 * Makes any text safe inside a table cell: markup characters get a backslash (a dash only at a word
 * boundary), a backslash becomes an entity
 * (a doubled backslash would be a line break), line breaks become `\\`, and an empty cell a space so the
 * row keeps its column count.
 */
export function escapeWiki(text: string): string {
  const trimmed = text.trim(); // a cell must not end in a line break: `\\|` would read as an escaped pipe
  // Most cells (keys, names, levels) hold nothing to escape: a report writes tens of thousands of them.
  if (trimmed !== '' && !NEEDS_WIKI_ESCAPE.test(trimmed)) return trimmed;
  const escaped = trimmed
    .replace(/\\/g, '&#92;')
    .replace(/[|{}[\]*_+^~?!]/g, (c) => `\\${c}`)
    // A dash means strike-through or a list only at a word boundary; inside "payments-api" it is plain.
    .replace(/(^|\s)-|-(?=\s|$)/g, (m) => m.replace('-', '\\-'))
    .replace(/\s*(\r\n|\r|\n)\s*/g, ' \\\\ ');
  return escaped === '' ? ' ' : escaped;
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

/**
 * A link target safe inside `[text|url]`: only http(s), with every character that could end the link or open
 * markup (`|`, `]`, `{`, `}`, `[`, whitespace, `\\`) percent-encoded; anything else is no link at all.
 */
export function wikiUrl(url: string): string | undefined {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return undefined;
  }
  if (!/^https?:\/\//i.test(href)) return undefined;
  return href.replace(/[|{}[\]\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function row(cells: string[]): string {
  return `|${cells.join('|')}|`;
}

export function wikiPage(data: ReportData, title: string): string {
  const lines = [
    `h2. ${escapeWiki(title)}`,
    '',
    `Generated ${data.generatedOn} · ${countsLine(data.counts)}`,
    '',
    `||${todoHeader(data.trackerName).join('||')}||`,
    ...data.todo.map((i) =>
      row([
        escapeWiki(i.key),
        escapeWiki(i.flowName),
        escapeWiki(i.assetName),
        escapeWiki(i.capability.name),
        escapeWiki(i.pillar),
        levelCell(i),
        statusMacro(i.status),
        workCell(i),
        escapeWiki(i.notes),
      ]),
    ),
  ];
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
    lines.push('', 'h3. Exemptions', '', '||Key||Capability||Reason||Review by||');
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
  return `${lines.join('\n')}\n`;
}
