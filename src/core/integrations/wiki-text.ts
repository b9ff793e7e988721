/** Atlassian wiki markup, as Confluence's Insert → Markup and Jira Data Center's text fields read it: escaping and links. */
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
  return trimmed === '' ? ' ' : escapeWikiText(trimmed);
}

/** Any text safe as running text: what escapeWiki does, without trimming or filling an empty cell. */
export function escapeWikiText(text: string): string {
  // Most values (keys, names, levels) hold nothing to escape: a report writes tens of thousands of them.
  if (!NEEDS_WIKI_ESCAPE.test(text)) return text;
  return (
    text
      .replace(/\\/g, '&#92;')
      .replace(/[|{}[\]*_+^~?!]/g, (c) => `\\${c}`)
      // A dash means strike-through or a list only at a word boundary; inside "payments-api" it is plain.
      .replace(/(^|\s)-|-(?=\s|$)/g, (m) => m.replace('-', '\\-'))
      .replace(/\s*(\r\n|\r|\n)\s*/g, ' \\\\ ')
  );
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
