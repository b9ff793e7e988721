/**
 * Where each cell of a CSV text sits, so one cell can be rewritten and every other byte of the file kept as it
 * was (a tool's edit to a file people keep in git shows as just that edit). Quotes, doubled quotes and line
 * breaks inside quotes are respected.
 */

/** A cell's place in the text (end exclusive) and its value, quotes taken off. */
export interface CellSpan {
  start: number;
  end: number;
  value: string;
}

const valueOf = (raw: string) =>
  raw.startsWith('"') ? raw.slice(1, raw.endsWith('"') ? -1 : undefined).replace(/""/g, '"') : raw;

/** Every record's cells, in order; empty lines are left out. */
export function csvCells(text: string): CellSpan[][] {
  const records: CellSpan[][] = [];
  let record: CellSpan[] = [];
  let start = 0;
  let quoted = false;
  const endCell = (end: number) => record.push({ start, end, value: valueOf(text.slice(start, end)) });
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted && i < text.length) continue;
    else if (ch === ',') {
      endCell(i);
      start = i + 1;
    } else if (ch === '\n' || ch === '\r' || i === text.length) {
      endCell(i);
      if (record.some((c) => c.end > c.start)) records.push(record);
      record = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return records;
}

/** `text` with each span replaced by its new text (spans must not overlap). */
export function replaceCells(text: string, edits: readonly { span: CellSpan; text: string }[]): string {
  let out = text;
  for (const { span, text: value } of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, span.start) + value + out.slice(span.end);
  return out;
}
