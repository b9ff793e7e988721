/** Runs git for the merge and diff features: its output, or an error that says which git command failed and why. */
import { execFile } from 'node:child_process';

import { inputError } from '../../errors';

/** git's stdout; `binary` keeps it as bytes (a database read from git's object store). */
export function git(cwd: string, args: readonly string[]): Promise<string>;
export function git(cwd: string, args: readonly string[], binary: true): Promise<Buffer>;
export function git(cwd: string, args: readonly string[], binary = false): Promise<string | Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: binary ? 'buffer' : 'utf8', maxBuffer: 1 << 30 },
      (error, stdout, stderr) => {
        if (!error) return resolve(binary ? (stdout as Buffer) : String(stdout).trim());
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(inputError('git is not installed or not on the PATH'));
        reject(inputError(`git ${args.join(' ')} failed in ${cwd}: ${String(stderr).trim() || error.message}`));
      },
    );
  });
}
