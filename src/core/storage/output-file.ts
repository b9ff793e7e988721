/** Where commands write what users asked for (exports, reports): never over a file the tool keeps its data in. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { inputError } from '../errors';
import { type FileData, writeFileAtomic } from './atomic-file';
import { DB_FILE, hasSqliteHeader } from './store';

/** Files the tool owns in a data folder: an output option may never replace one, in this folder or another. */
export const OWNED_FILES: ReadonlySet<string> = new Set([
  DB_FILE,
  `${DB_FILE}.lock`,
  'flows.csv',
  'maturity_model.csv',
  'targets.csv',
  'campaigns.csv',
  'story_template.html',
]);

function isSqlite(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(16);
    return hasSqliteHeader(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Refuses an output path that is a file the tool owns, any SQLite database, or a folder. */
export function checkOutputPath(file: string): string {
  const resolved = path.resolve(file);
  if (OWNED_FILES.has(path.basename(resolved))) {
    throw inputError(
      `will not write over ${resolved}: ${path.basename(resolved)} is a file SRE Maturity Tracker keeps its data in; choose another output name`,
    );
  }
  if (isSqlite(resolved))
    throw inputError(`will not write over ${resolved}: it is an SQLite database; choose another output name`);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory())
    throw inputError(`cannot write ${resolved}: it is a folder; give a file name`);
  return resolved;
}

/** Writes an output atomically after `checkOutputPath`. */
export function writeOutputFile(file: string, data: FileData): string {
  const target = checkOutputPath(file);
  writeFileAtomic(target, data);
  return target;
}
