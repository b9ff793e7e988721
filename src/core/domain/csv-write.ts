/** Writes CSV that spreadsheets cannot turn into formulas: RFC 4180 quoting, risky first characters neutralised. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A leading apostrophe makes Excel, Sheets and LibreOffice show the cell as text instead of running it. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a cell holding a comma, a quote or a line break is quoted, its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

function cell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * No BOM: importers match header titles exactly, and a BOM would become part of the first title in tools that keep it.
 * Written here rather than by csv-stringify: a report writes 100,000s of cells, and this is the part of its time that
 * the bytes themselves do not need (the output is the same, which escaping.test.ts checks against csv-stringify).
 */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): string {
  return [...csvLines(header, rows)].join('');
}

/** The CSV line by line (each with its CRLF), for a file written as it is made rather than held whole. */
export function* csvLines(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): Generator<string> {
  yield `${header.map(cell).join(',')}\r\n`;
  for (const r of rows)
    yield `${r.map((c) => cell(typeof c === 'number' ? String(c) : neutralise(c ?? ''))).join(',')}\r\n`;
}
