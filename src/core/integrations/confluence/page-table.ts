/**
 * Finds the To-Do table (and the Campaigns and Exemptions tables) in a page's storage format and splices new
 * tables into the original text. parse5 only locates; the page is never re-serialised, so every byte outside
 * the replaced tables stays as it was.
 */
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5';

import { type PageEdit } from '../page-target';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

interface Span {
  start: number;
  end: number;
}

interface Located {
  tag: string;
  span: Span;
  text: string;
  node: Element;
}

/**
 * An HTML parser reads CDATA as a bogus comment that ends at the first ">", so a code block could fake a table.
 * Blanking CDATA contents (same length) before parsing keeps every offset right.
 */
function maskCdata(body: string): string {
  return body.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, inner: string) => `<![CDATA[${' '.repeat(inner.length)}]]>`);
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/** Headings and tables in document order, with their source spans. */
function landmarks(body: string): Located[] {
  const found: Located[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) {
      const loc = node.sourceCodeLocation;
      if (loc && (/^h[1-6]$/.test(node.tagName) || node.tagName === 'table')) {
        found.push({
          tag: node.tagName,
          span: { start: loc.startOffset, end: loc.endOffset },
          text: textOf(node).replace(/\s+/g, ' ').trim(),
          node,
        });
      }
      if (node.tagName === 'table') return; // nested tables are part of their table
    }
    if ('childNodes' in node) node.childNodes.forEach(walk);
    if ('content' in node && node.content) walk(node.content as unknown as Node);
  };
  walk(parseFragment(maskCdata(body), { sourceCodeLocationInfo: true }) as unknown as Node);
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** The texts of the table's first row: header cells whether in <thead> or in the first <tbody> row. */
function headerRow(table: Element): string[] {
  const rows: Element[] = [];
  const collect = (node: Node) => {
    if ('tagName' in node && node.tagName === 'tr') rows.push(node);
    else if ('childNodes' in node) node.childNodes.forEach(collect);
  };
  collect(table);
  const first = rows[0];
  if (!first) return [];
  return first.childNodes
    .filter((c): c is Element => 'tagName' in c && (c.tagName === 'th' || c.tagName === 'td'))
    .map((c) => textOf(c).replace(/\s+/g, ' ').trim());
}

function sameHeader(table: Element, header: readonly string[]): boolean {
  const row = headerRow(table);
  return row.length === header.length && row.every((h, i) => h.toLowerCase() === header[i]?.toLowerCase());
}

function rank(tag: string): number {
  return Number(tag.slice(1));
}

/** The first table in the section under a heading with `title` (from `from` on), else one whose header row is `header`. */
function findTable(
  marks: Located[],
  title: string,
  header: readonly string[] | undefined,
  from = 0,
): Located | undefined {
  const norm = title.replace(/\s+/g, ' ').trim().toLowerCase();
  const heading = marks.find((m) => m.span.start >= from && m.tag !== 'table' && m.text.toLowerCase() === norm);
  if (heading) {
    // The section ends at the next heading of the same or a higher rank.
    const end =
      marks.find((m) => m.span.start > heading.span.start && m.tag !== 'table' && rank(m.tag) <= rank(heading.tag))
        ?.span.start ?? Infinity;
    const table = marks.find((m) => m.tag === 'table' && m.span.start > heading.span.start && m.span.start < end);
    if (table) return table;
  }
  return header
    ? marks.find((m) => m.tag === 'table' && m.span.start >= from && sameHeader(m.node, header))
    : undefined;
}

function isSummary(node: Node): node is Element {
  return 'tagName' in node && node.tagName === 'p' && /^Generated\b/.test(textOf(node).trim());
}

/**
 * The "Generated …" paragraphs right before the table are the summary line, replaced with it: all of them, so a
 * page that collected several (Confluence rewrites `<time … />`, which an exact pattern would miss) is left with one.
 */
function withSummary(table: Located): Span {
  const siblings = table.node.parentNode?.childNodes ?? [];
  let start = table.span.start;
  for (let i = siblings.indexOf(table.node) - 1; i >= 0; i--) {
    const node = siblings[i]!;
    if (node.nodeName === '#text' && !textOf(node).trim()) continue;
    if (!isSummary(node) || !node.sourceCodeLocation) break;
    start = node.sourceCodeLocation.startOffset;
  }
  return { start, end: table.span.end };
}

/** Attributes that carry meaning in our tables; Confluence adds others (ac:local-id, ri:version-at-save, ac:macro-id). */
const MEANINGFUL_ATTRIBUTES = new Set(['ac:name', 'href']);
/** Wrappers Confluence may add or drop without changing what a table says. */
const WRAPPERS = new Set(['p', 'tbody', 'thead', 'colgroup', 'col']);

/**
 * What a piece of storage format says, independent of how Confluence re-serialised it: a flat list of opening
 * tags (with meaningful attributes only) and whitespace-folded texts. Closing tags are left out because
 * `<time … />` and `<time …></time>` nest differently in an HTML parser; dates are left out because the summary's
 * date alone is no reason for a new version.
 */
export function meaningOf(fragment: string): string {
  const tokens: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === '#text') {
      const text = textOf(node).replace(/\s+/g, ' ').trim();
      if (text) tokens.push(text);
      return;
    }
    if ('tagName' in node && !WRAPPERS.has(node.tagName)) {
      const attrs = node.attrs.filter((a) => MEANINGFUL_ATTRIBUTES.has(a.name)).map((a) => ` ${a.name}="${a.value}"`);
      tokens.push(`<${node.tagName}${attrs.join('')}>`);
    }
    if ('childNodes' in node) node.childNodes.forEach(walk);
  };
  walk(parseFragment(maskCdata(fragment)) as unknown as Node);
  return tokens.join('\u0000');
}

export interface PageSections {
  title: string;
  summary: string;
  todo: string;
  /** The To-Do table's header row: how a page without the heading is recognised. */
  todoHeader: readonly string[];
  campaignsHeading: string;
  campaigns: string;
  campaignsHeader: readonly string[];
  exemptionsHeading: string;
  exemptions: string;
  exemptionsHeader: readonly string[];
  /** The whole section, for a page without the To-Do table. */
  section: string;
}

/** The page with its To-Do, Campaigns and Exemptions tables replaced (missing side tables are added after the To-Do table). */
export function spliceTodo(body: string, s: PageSections): PageEdit {
  const marks = landmarks(body);
  const todo = findTable(marks, s.title, s.todoHeader);
  if (!todo) {
    const sep = body.length === 0 || body.endsWith('\n') ? '' : '\n';
    return { body: `${body}${sep}${s.section}`, appended: true, unchanged: false };
  }
  const edits: { span: Span; text: string }[] = [{ span: withSummary(todo), text: `${s.summary}\n${s.todo}` }];
  const added: string[] = [];
  for (const [heading, table, header] of [
    [s.campaignsHeading, s.campaigns, s.campaignsHeader],
    [s.exemptionsHeading, s.exemptions, s.exemptionsHeader],
  ] as const) {
    const found = findTable(marks, heading, header, todo.span.end);
    if (found) edits.push({ span: found.span, text: table });
    else added.push(`\n<h3>${heading}</h3>\n${table}`);
  }
  const unchanged =
    added.length === 0 && edits.every((e) => meaningOf(body.slice(e.span.start, e.span.end)) === meaningOf(e.text));
  if (added.length) {
    const first = edits[0]!;
    first.text += added.join('');
  }
  let out = body;
  for (const e of edits.sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return { body: out, appended: false, unchanged };
}
