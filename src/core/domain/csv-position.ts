/** Where a problem sits in a CSV file: the span of a named column's cell on a line, for editors to underline. */

/** Start and end offsets of each cell on one CSV line, quotes respected ("a,b" is one cell). */
function cellOffsets(line: string): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === ',' && !quoted) || i === line.length) {
      cells.push({ start, end: i });
      start = i + 1;
    }
  }
  return cells;
}

/**
 * The span to mark for a problem on 1-based `line`: the cell under the header `column` when there is one, else
 * the whole line. Offsets are 0-based characters within the line.
 */
export function problemSpan(text: string, line: number, column?: string): { line: number; start: number; end: number } {
  const lines = text.split(/\r?\n/);
  const at = Math.max(0, Math.min(lines.length - 1, line - 1));
  const content = lines[at] ?? '';
  const whole = { line: at, start: 0, end: content.length };
  if (!column) return whole;
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const index = header.indexOf(column.toLowerCase());
  const cell = index >= 0 ? cellOffsets(content)[index] : undefined;
  return cell ? { line: at, start: cell.start, end: Math.max(cell.end, cell.start + 1) } : whole;
}
