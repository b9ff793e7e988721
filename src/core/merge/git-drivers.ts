/** Registers sre-tracker as git's merge and diff driver for sre_data.db in a repository's config, idempotently. */
import { execFileSync } from 'node:child_process';
import { inputError } from '../errors';

export const DRIVER = 'sre-tracker';

/** A word for a POSIX shell (git runs drivers through one): single-quoted, quotes inside escaped. */
function shellWord(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw inputError('git is not installed or not on the PATH');
    throw inputError(`git ${args.join(' ')} failed in ${cwd}: ${(err.stderr ?? '').trim() || 'no message'}`);
  }
}

export interface DriverSetup {
  repository: string;
  /** The config lines set, `name = value`. */
  settings: string[];
  changed: boolean;
}

/**
 * Sets merge.sre-tracker.* and diff.sre-tracker.textconv in the repository holding `dir`, so the .gitattributes
 * that setup writes take effect. `cli` is how to run sre-tracker (program and leading arguments).
 */
export function registerGitDrivers(dir: string, cli: readonly string[]): DriverSetup {
  const repository = git(dir, ['rev-parse', '--show-toplevel']);
  const command = cli.map(shellWord).join(' ');
  const wanted: [string, string][] = [
    [`merge.${DRIVER}.name`, 'SRE Maturity Tracker database (row by row)'],
    [`merge.${DRIVER}.driver`, `${command} merge-db %O %A %B`],
    [`diff.${DRIVER}.textconv`, `${command} dump --dir ${shellWord(dir)}`],
  ];
  let changed = false;
  for (const [name, value] of wanted) {
    let current: string | undefined;
    try {
      current = git(repository, ['config', '--local', '--get', name]);
    } catch {
      current = undefined;
    }
    if (current === value) continue;
    git(repository, ['config', '--local', name, value]);
    changed = true;
  }
  return { repository, settings: wanted.map(([n, v]) => `${n} = ${v}`), changed };
}
