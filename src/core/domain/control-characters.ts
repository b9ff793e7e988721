/**
 * Characters that change how text displays rather than what it says: C0/C1 controls (NUL, ESC, a line break in
 * a name), and the Unicode line separators and bidirectional overrides that can make a line read as something it
 * is not. Names refuse them at input; what prints stored text escapes them.
 */

const LINE_BREAKS = new Set([0x0a, 0x0d, 0x2028, 0x2029]);

/** Whether `code` is such a character; tab and line breaks count only in a one-line value (a name, `--by`). */
function isControl(code: number, oneLine: boolean): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return oneLine;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Half of a UTF-16 pair without its other half: no character at all, and not UTF-8 once stored. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text with each lone surrogate (a model that cut an emoji in half sends them) replaced by U+FFFD: what the
 * store writes, so sre_data.db holds valid UTF-8 whatever reached it.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** The first such character (or lone surrogate) as "U+000A (a line break)", or undefined when the text has none. */
export function controlCharacterIn(text: string, oneLine: boolean): string | undefined {
  const lone = new RegExp(LONE_SURROGATE.source).exec(text);
  if (lone) return `U+${lone[0].charCodeAt(0).toString(16).toUpperCase()} (half of a character, cut off)`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code, oneLine)) continue;
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return LINE_BREAKS.has(code)
      ? `${name} (a line break)`
      : code === 0x09
        ? `${name} (a tab)`
        : `${name} (a control character)`;
  }
  return undefined;
}

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/** The text as a double-quoted literal with every such character escaped (`\n`, `\u0000`): one line, read as it is. */
export function quoted(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += SHORT[c] ?? (isControl(code, true) ? `\\u${code.toString(16).padStart(4, '0')}` : c);
  }
  return `${out}"`;
}

/** The text as it is when it holds no such character, else quoted: what prints text from a file on one line. */
export function printable(text: string): string {
  return controlCharacterIn(text, true) ? quoted(text) : text;
}
