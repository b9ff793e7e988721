/** Escaping for HTML and XML text and attributes (Rally descriptions, Confluence storage format, the HTML report). */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids would make the page body malformed: drop them.
  return text
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Text with line breaks kept as <br />. */
export function escapeXmlLines(text: string): string {
  return escapeXml(text).replace(/\r\n|\r|\n/g, '<br />');
}
