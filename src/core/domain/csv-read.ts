/** Reads the CSV files people edit, into header-checked rows that remember their line numbers. */
import { parse } from 'csv-parse/sync';

import { FileProblemsError, type Problem } from '../errors';
import { controlCharacterIn } from './control-characters';

/** Columns of prose, where a line break belongs; every other cell is a name or value on one line. */
const MULTI_LINE = new Set(['description', 'criteria', 'question']);

export interface CsvRow {
  line: number;
  get(column: string): string;
}

export interface CsvTable {
  file: string;
  rows: CsvRow[];
  problems: Problem[];
}

/**
 * Parses RFC 4180 text (quoted commas and line breaks, a BOM tolerated). A quoting error or a
 * missing required column is fatal; a control character in a cell is a problem (NUL or a line break in a name
 * would make it unaddressable); the caller validates cell values and adds to `problems`.
 */
export function readCsv(
  text: string,
  file: string,
  required: readonly string[],
  optional: readonly string[] = [],
): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new FileProblemsError([{ file, line: err.lines ?? 1, message: `cannot parse CSV: ${err.message}` }]);
  }
  const first = records[0];
  if (!first) {
    throw new FileProblemsError([{ file, line: 1, message: `missing header row (expected ${required.join(',')})` }]);
  }
  const header = first.record.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new FileProblemsError([
      {
        file,
        line: first.info.lines,
        message: `missing header column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${[...required, ...optional].join(',')})`,
      },
    ]);
  }
  const problems: Problem[] = [];
  const known = new Set([...required, ...optional]);
  header.forEach((h) => {
    if (!known.has(h)) problems.push({ file, line: first.info.lines, column: h, message: `unknown column "${h}"` });
  });
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length > header.length) {
      problems.push({ file, line: info.lines, message: `${record.length} cells but the header has ${header.length}` });
    }
    header.forEach((column, i) => {
      const found = controlCharacterIn(record[i] ?? '', !MULTI_LINE.has(column));
      if (found) problems.push({ file, line: info.lines, column, message: `contains ${found}; remove it` });
    });
    return {
      line: info.lines,
      get: (column: string) => (record[header.indexOf(column)] ?? '').trim(),
    };
  });
  return { file, rows, problems };
}

/** Throws when any problem was collected. */
export function assertNoProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new FileProblemsError(problems);
}
