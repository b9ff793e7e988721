/**
 * A data folder as it was at a commit (`status --at v1.4`): its files, and the files its assets' paths name, read
 * from git's objects into a temporary tree laid out like the repository. Nothing is checked out; the working tree
 * is not touched.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import picomatch from 'picomatch';

import { parseFlows } from '../../domain/flows';
import { inputError } from '../../errors';
import { FILES } from '../../storage/data-files';
import { git } from './git';

/**
 * The commit `ref` names, checked before it reaches any other git command: a value such as `--output=FILE` is a
 * ref that does not exist (never an option), and a ref that names no commit is bad input naming `option`.
 */
export async function commitOf(dir: string, ref: string, option: string): Promise<string> {
  const commit = await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(
    () => '',
  );
  if (!/^[0-9a-f]{40,64}$/.test(commit))
    throw inputError(`${option}: "${ref}" is not a commit in the repository of ${dir}`);
  return commit;
}

export interface FolderAt {
  /** The data folder inside the temporary tree. */
  dir: string;
  commit: string;
  dispose(): void;
}

/** Writes the files under `pathspecs` at `commit` into `root` (git archive, unpacked by tar). */
function archive(repo: string, commit: string, pathspecs: readonly string[], root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = spawn('git', ['archive', '--format=tar', commit, '--', ...pathspecs], { cwd: repo });
    const tar = spawn('tar', ['-x', '-C', root]);
    out.stdout.pipe(tar.stdin);
    let stderr = '';
    out.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    out.on('error', reject);
    tar.on('error', reject);
    tar.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(inputError(`git archive of ${commit} failed: ${stderr.trim() || `tar exit ${code}`}`)),
    );
  });
}

/**
 * The data folder `dir` at `ref` (`option` names the flag in errors), with the files of its assets' paths (those
 * `wanted` keeps: a diff reads only the assets whose files changed); dispose removes it.
 */
export async function dataFolderAt(
  dir: string,
  ref: string,
  option: string,
  wanted: (assetPath: string) => boolean = () => true,
): Promise<FolderAt> {
  const commit = await commitOf(dir, ref, option);
  const repo = await git(dir, ['rev-parse', '--show-toplevel']);
  const rel = path.relative(fs.realpathSync(repo), fs.realpathSync(dir)).split(path.sep).join('/');
  const inRepo = (p: string) => (rel ? `${rel}/${p}` : p);
  const listed = async (specs: readonly string[]) =>
    specs.length === 0
      ? []
      : (await git(repo, ['ls-tree', '-r', '--name-only', commit, '--', ...specs])).split('\n').filter(Boolean);
  const dataFiles = await listed(Object.values(FILES).map(inRepo));
  if (!dataFiles.includes(inRepo(FILES.db)))
    throw inputError(`${option}: ${FILES.db} is not in ${rel || 'the repository root'} at ${ref}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-at-'));
  const dispose = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    // A .git of its own: the evidence scan takes this tree for the repository, CODEOWNERS and paths included.
    fs.mkdirSync(path.join(root, '.git'));
    const flowsFile = inRepo(FILES.flows);
    const flowsText = dataFiles.includes(flowsFile)
      ? await git(repo, ['show', '--end-of-options', `${commit}:${flowsFile}`])
      : '';
    const assetPaths = flowsText
      ? parseFlows(flowsText, `${FILES.flows} at ${ref}`)
          .flatMap((f) => f.assets.flatMap((a) => a.paths))
          .filter(wanted)
      : [];
    const bases = assetPaths
      .map((p) => path.posix.normalize(path.posix.join(rel, picomatch.scan(p).base || '.')))
      .filter((p) => !p.startsWith('..'));
    const owners = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];
    const specs = [...new Set([...bases, ...owners])];
    const present = await listed(specs);
    // Folders as pathspecs, not their files one by one: a large tree stays one short command line.
    const found = specs.filter((s) => s === '.' || present.some((f) => f === s || f.startsWith(`${s}/`)));
    await archive(repo, commit, [...new Set([...dataFiles, ...found])], root);
    return { dir: path.join(root, rel), commit, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
