/** Registers sre-tracker as git's merge and diff driver for sre_data.db in a repository's config, idempotently. */
import { git } from './git';

export const DRIVER = 'sre-tracker';

/** A word for a POSIX shell (git runs drivers through one): single-quoted, quotes inside escaped. */
function shellWord(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
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
export async function registerGitDrivers(dir: string, cli: readonly string[]): Promise<DriverSetup> {
  const repository = await git(dir, ['rev-parse', '--show-toplevel']);
  const command = cli.map(shellWord).join(' ');
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
  return { repository, settings: wanted.map(([n, v]) => `${n} = ${v}`), changed };
}
