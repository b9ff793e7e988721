/** Escaping for HTML and XML text and attributes (work descriptions, page markup, the HTML reports), and the reports' page. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** What escapeXml changes besides lone surrogates: markup characters and characters outside XML 1.0's Char production. */
const NEEDS_XML_ESCAPE = /[&<>"']|[^\t\n\r\u0020-\uFFFD]/;

export function escapeXml(text: string): string {
  // Most values (names, keys, levels) need nothing: a report escapes hundreds of thousands of them.
  if (!NEEDS_XML_ESCAPE.test(text) && text.isWellFormed()) return text;
  // Characters outside XML 1.0's Char production would make the page body malformed: drop them.
  return text
    .toWellFormed()
    .replace(/[^\t\n\r\u0020-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Text with line breaks kept as <br />. */
export function escapeXmlLines(text: string): string {
  const escaped = escapeXml(text);
  return escaped.includes('\n') || escaped.includes('\r') ? escaped.replace(/\r\n|\r|\n/g, '<br />') : escaped;
}

/** A page that opens anywhere, without VS Code: no scripts, no outside resources, a light page also in a dark preview; `title` is escaped, `body` is markup. */
export function standalonePage(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeXml(title)}</title>
<style>html { background: #fff; color-scheme: light; } body { font-family: system-ui, sans-serif; margin: 24px; color: #222; } ${css}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
${body}
</body>
</html>
`;
}
