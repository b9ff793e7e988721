/** Registers sre-tracker as git's merge and diff driver for sre_data.db in a repository's config, idempotently. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { inputError } from '../../errors';
import { git } from './git';
import { ensureGitAttributes } from './git-attributes';

export const DRIVER = 'sre-tracker';

/** A word for a POSIX shell (git runs drivers through one): single-quoted, quotes inside escaped. */
function shellWord(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a command line the way a POSIX shell splits words: '…' literally, "…" with \ escaping " \ $ `, a
 * backslash outside quotes escaping the next character. `--cli "'/opt/my tools/node' cli.mjs"` is two words.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw inputError(`--cli "${text}": a ' is not closed`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++;
        word += text[i];
      }
      if (i >= text.length) throw inputError(`--cli "${text}": a " is not closed`);
    } else if (c === '\\') {
      word = (word ?? '') + (text[++i] ?? '');
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface DriverSetup {
  repository: string;
  /** The config lines set, `name = value`. */
  settings: string[];
  changed: boolean;
  /** The .gitattributes file written or repaired, if any. */
  attributes?: string;
}

/** Runs the command as git will (through sh, in the repository) with --version: a driver that cannot start is never registered. */
function checkRuns(repository: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', `${command} --version`], { cwd: repository, timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error && /sre-tracker/.test(String(stdout))) return resolve();
      const lines = String(stderr).trim().split('\n');
      const why = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? error?.message ?? '';
      reject(
        inputError(
          `the command "${command}" does not run sre-tracker (${why.trim() || `it printed "${String(stdout).trim().slice(0, 80)}"`}): nothing was registered`,
        ),
      );
    });
  });
}

/** What a killed merge driver may leave in the repository root: its lock and temp files, kept out of `git status`. */
const EXCLUDES = ['.merge_file_*.lock', '..merge_file_*.tmp'];

function addExcludes(excludeFile: string): boolean {
  const existing = fs.existsSync(excludeFile) ? fs.readFileSync(excludeFile, 'utf8') : '';
  const have = new Set(existing.split(/\r?\n/));
  const missing = EXCLUDES.filter((l) => !have.has(l));
  if (missing.length === 0) return false;
  fs.mkdirSync(path.dirname(excludeFile), { recursive: true });
  const base = existing && !existing.endsWith('\n') ? `${existing}\n` : existing;
  fs.writeFileSync(
    excludeFile,
    `${base}# SRE Maturity Tracker: what a killed merge driver may leave\n${missing.join('\n')}\n`,
  );
  return true;
}

/**
 * Sets merge.sre-tracker.* and diff.sre-tracker.textconv in the repository holding `dir`, after checking the
 * command runs; makes sure the data folder's .gitattributes marks sre_data.db as binary and routes it to them.
 * `cli` is how to run sre-tracker (program and leading arguments).
 */
export async function registerGitDrivers(dir: string, cli: readonly string[]): Promise<DriverSetup> {
  const repository = await git(dir, ['rev-parse', '--show-toplevel']);
  const command = cli.map(shellWord).join(' ');
  await checkRuns(repository, command);
  const wanted: [string, string][] = [
    [`merge.${DRIVER}.name`, 'SRE Maturity Tracker database (row by row)'],
    [`merge.${DRIVER}.driver`, `${command} merge-db %O %A %B`],
    [`diff.${DRIVER}.textconv`, `${command} dump --dir ${shellWord(dir)}`],
  ];
  let changed = false;
  for (const [name, value] of wanted) {
    // `--get` fails for a name not set yet: that is "not ours yet", not an error.
    const current = await git(repository, ['config', '--local', '--get', name]).catch(() => undefined);
    if (current === value) continue;
    await git(repository, ['config', '--local', name, value]);
    changed = true;
  }
  const exclude = path.resolve(repository, await git(repository, ['rev-parse', '--git-path', 'info/exclude']));
  changed = addExcludes(exclude) || changed;
  const attributes = ensureGitAttributes(dir);
  return {
    repository,
    settings: wanted.map(([n, v]) => `${n} = ${v}`),
    changed: changed || attributes !== undefined,
    attributes,
  };
}
