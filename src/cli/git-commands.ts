/** `merge-db`, `dump` and `git-setup`: sre_data.db in git, merged row by row and diffed as text. */
import * as path from 'node:path';

import { FILES } from '../core/storage/data-files';
import { dumpDatabase } from '../core/usecases/merge/dump';
import { registerGitDrivers, shellWords } from '../core/usecases/merge/git-drivers';
import { mergeDatabaseFiles } from '../core/usecases/merge/merge-files';
import { Workspace } from '../core/workspace';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';

/**
 * git's merge driver (`%O %A %B`): writes the merge to OURS and exits 0, listing on stderr what both sides changed
 * differently and how it was settled. A database it cannot read exits 1: git then reports a conflict and OURS is
 * left as it was, never silently wrong.
 */
export async function mergeDbCommand(args: string[], io: Io): Promise<number> {
  const { positionals } = parse(args, {}, 3);
  const [base, ours, theirs] = positionals.map((p) => path.resolve(io.cwd, p));
  if (!base || !ours || !theirs) {
    io.stderr('sre-tracker merge-db: give BASE OURS THEIRS (git passes %O %A %B)\n');
    return 2;
  }
  for (const c of await mergeDatabaseFiles(base, ours, theirs)) io.stderr(`sre-tracker merge-db: ${c}\n`);
  return 0;
}

/** git's textconv for sre_data.db: the database as stable sorted text, statuses judged by the data folder's targets. */
export async function dumpCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {}, 1);
  const ctx = cliContext(io, values.dir);
  const ws = await Workspace.open(
    ctx.dir,
    ctx.settings,
    path.resolve(io.cwd, positionals[0] ?? path.join(ctx.dir, FILES.db)),
  );
  try {
    io.stdout(dumpDatabase(ws));
  } finally {
    ws.dispose();
  }
  return 0;
}

/** Registers the drivers in the repository's .git/config; `--cli` says how to run sre-tracker (default: this one). */
export async function gitSetupCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { cli: { type: 'string' } });
  const ctx = cliContext(io, values.dir);
  const cli = values.cli ? shellWords(values.cli) : [process.execPath, path.resolve(process.argv[1] ?? 'sre-tracker')];
  const result = await registerGitDrivers(ctx.dir, cli);
  io.stdout(
    `${result.changed ? 'Registered' : 'Already registered'} the sre-tracker merge and diff drivers in ${path.join(result.repository, '.git', 'config')}:\n` +
      result.settings.map((s) => `  ${s}\n`).join('') +
      (result.attributes ? `and marked ${FILES.db} binary, merged and diffed by them, in ${result.attributes}\n` : ''),
  );
  return 0;
}
