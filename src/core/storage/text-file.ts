/** Reads the text files people edit (CSVs, the story template): UTF-8 only, refused with where and how to fix otherwise. */
import * as fs from 'node:fs';

import { FileProblemsError, inputError } from '../errors';
import { describeFsError } from './fs-errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Line and column (1-based, in characters) of the first byte that is not valid UTF-8. */
function firstInvalid(bytes: Uint8Array): { line: number; column: number } {
  let ok = 0;
  for (let end = 1; end <= bytes.length; end++) {
    try {
      UTF8.decode(bytes.subarray(ok, end));
      ok = end;
    } catch {
      if (end - ok >= 4) break; // no valid sequence is longer: the byte at `ok` starts the bad one
    }
  }
  const before = new TextDecoder().decode(bytes.subarray(0, ok));
  const lines = before.split('\n');
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}

export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw inputError(describeFsError(e, 'read', file));
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const { line, column } = firstInvalid(bytes);
    throw new FileProblemsError([
      {
        file,
        line,
        column: String(column),
        message:
          'this is not UTF-8 text (Excel\'s "CSV (Comma delimited)" saves Windows-1252): save it again as "CSV UTF-8 (Comma delimited)", or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8',
      },
    ]);
  }
}
