/** The To-Do List in Confluence storage format (XHTML with the status macro): what sync writes to the page. */
import type { Status } from '../../../shared/status';
import { escapeXml, escapeXmlLines } from '../../domain/html-escape';
import { type ItemView } from '../../domain/items';
import { countsLine, levelCell, type ReportData, todoHeader } from '../../domain/todo-list';
import { type PageEdit } from '../page-target';
import { spliceTodo } from './page-table';
import { statusColour } from './wiki-markup';

export const CAMPAIGNS_HEADING = 'Campaigns';
/** One term for it everywhere (issue 28.16); a page written under the old "Exemptions" heading is found by its header row. */
export const EXEMPTIONS_HEADING = 'Not applicable';
export const CAMPAIGNS_HEADER = ['Campaign', 'Target', 'Due', 'Progress'] as const;
export const EXEMPTIONS_HEADER = ['Key', 'Capability', 'Reason', 'Review by'] as const;

function cell(tag: 'td' | 'th', inner: string): string {
  return `<${tag}><p>${inner}</p></${tag}>`;
}

function table(header: readonly string[], rows: string[][]): string {
  const head = `<tr>${header.map((h) => cell('th', escapeXml(h))).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('\n');
  return `<table data-layout="default"><tbody>\n${head}\n${body}${body ? '\n' : ''}</tbody></table>`;
}

export function statusMacro(status: Status): string {
  return `<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">${statusColour(status)}</ac:parameter><ac:parameter ac:name="title">${escapeXml(status.toUpperCase())}</ac:parameter></ac:structured-macro>`;
}

function workCell(item: ItemView): string {
  const link = item.link;
  if (!link) return '';
  const id = escapeXml(link.displayId);
  const state = link.state ? ` (${escapeXml(link.state)})` : '';
  return `${link.url ? `<a href="${escapeXml(link.url)}">${id}</a>` : id}${state}`;
}

export function todoTable(data: ReportData): string {
  return table(
    todoHeader(data.trackerName),
    data.todo.map((i) => [
      escapeXml(i.key),
      escapeXml(i.flowName),
      escapeXml(i.assetName),
      escapeXml(i.capability.name),
      escapeXml(i.pillar),
      levelCell(i),
      statusMacro(i.status),
      workCell(i),
      escapeXmlLines(i.notes),
    ]),
  );
}

export function summaryParagraph(data: ReportData): string {
  return `<p>Generated <time datetime="${data.generatedOn}" /> · ${escapeXml(countsLine(data.counts))}</p>`;
}

export function campaignsTable(data: ReportData): string {
  return table(
    CAMPAIGNS_HEADER,
    data.progress.map((p) => [
      escapeXml(p.campaign.name),
      `level ${p.campaign.targetLevel}`,
      `${escapeXml(p.campaign.due)}${p.overdue ? ' (overdue)' : ''}`,
      `${p.done}/${p.total}`,
    ]),
  );
}

export function exemptionsTable(data: ReportData): string {
  return table(
    EXEMPTIONS_HEADER,
    data.exemptions.map((i) => [
      escapeXml(i.key),
      escapeXml(i.capability.name),
      escapeXmlLines(i.exemptReason ?? ''),
      escapeXml(i.exemptUntil ?? ''),
    ]),
  );
}

/** A whole section (heading, summary, tables), for a page that has none yet. */
export function todoSection(data: ReportData, title: string): string {
  return [
    `<h2>${escapeXml(title)}</h2>`,
    summaryParagraph(data),
    todoTable(data),
    `<h3>${CAMPAIGNS_HEADING}</h3>`,
    campaignsTable(data),
    `<h3>${EXEMPTIONS_HEADING}</h3>`,
    exemptionsTable(data),
  ].join('\n');
}

/** The page's body with its To-Do, Campaigns and Exemptions tables made from `data` (what sync writes). */
export function withTodo(body: string, data: ReportData, title: string): PageEdit {
  return spliceTodo(body, {
    title,
    summary: summaryParagraph(data),
    todo: todoTable(data),
    todoHeader: todoHeader(data.trackerName),
    campaignsHeading: CAMPAIGNS_HEADING,
    campaigns: campaignsTable(data),
    campaignsHeader: CAMPAIGNS_HEADER,
    exemptionsHeading: EXEMPTIONS_HEADING,
    exemptions: exemptionsTable(data),
    exemptionsHeader: EXEMPTIONS_HEADER,
    section: todoSection(data, title),
  });
}
