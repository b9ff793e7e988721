/** Escaping for HTML and XML text and attributes (Rally descriptions, Confluence storage format, the HTML report). */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  // Characters outside XML 1.0's Char production would make the page body malformed: drop them.
  return text
    .toWellFormed()
    .replace(/[^\t\n\r\u0020-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Text with line breaks kept as <br />. */
export function escapeXmlLines(text: string): string {
  return escapeXml(text).replace(/\r\n|\r|\n/g, '<br />');
}
