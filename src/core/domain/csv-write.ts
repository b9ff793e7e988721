/** Writes CSV that spreadsheets cannot turn into formulas: RFC 4180 quoting, risky first characters neutralised. */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A leading apostrophe makes Excel, Sheets and LibreOffice show the cell as text instead of running it. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** No BOM: importers match header titles exactly, and a BOM would become part of the first title in tools that keep it. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  return stringify(
    rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : neutralise(c ?? '')))),
    { header: true, columns: [...header], record_delimiter: '\r\n', quoted_match: /[",\r\n]/ },
  );
}
