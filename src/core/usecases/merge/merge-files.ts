/** Merges three copies of sre_data.db (base, ours, theirs) into a file: the merge driver's and the VS Code command's one path. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { FILES } from '../../storage/data-files';
import { readSnapshot, replaceWithSnapshot, type Snapshot, snapshotOf } from '../../storage/snapshot';
import { Store } from '../../storage/store';
import { git } from './git';
import { mergeSnapshots } from './merge-snapshots';

const EMPTY: Snapshot = {
  flows: new Map(),
  assets: new Map(),
  model: { pillars: [], capabilities: [], levels: [], questions: [] },
  items: new Map(),
  links: new Map(),
  history: [],
  mappingsOffered: new Set(),
};

/**
 * Merges THEIRS into OURS in place and returns what both sides changed differently and how it was settled. OURS is
 * read and written under its lock like any other write, so an assessment saved while the merge runs (OURS being the
 * live sre_data.db) is part of what is merged, never overwritten; a read-only OURS is refused and its mode kept. A
 * side that cannot be read throws before anything is written. An empty or missing base means no common ancestor.
 */
export async function mergeDatabaseFiles(base: string | undefined, ours: string, theirs: string): Promise<string[]> {
  const baseSnapshot = base && fs.existsSync(base) && fs.statSync(base).size > 0 ? await snapshotOf(base) : EMPTY;
  const theirsSnapshot = await snapshotOf(theirs);
  const store = await Store.open(ours);
  try {
    return store.write((db) => {
      const oursSnapshot = readSnapshot(db);
      const { merged, conflicts } = mergeSnapshots(baseSnapshot, oursSnapshot, theirsSnapshot);
      replaceWithSnapshot(db, merged, oursSnapshot.history);
      return conflicts;
    });
  } finally {
    store.close();
  }
}

/** True when git has left the data folder's sre_data.db unmerged (a merge ran without the driver); false outside git. */
export async function isUnmerged(dir: string): Promise<boolean> {
  const listed = await git(dir, ['ls-files', '--unmerged', '--', FILES.db]).catch(() => '');
  return listed !== '';
}

/** sre_data.db as it is at `ref` (HEAD, a branch, or `:1` for a merge stage), in a temp file; undefined when it is not there. */
export async function databaseAt(dir: string, ref: string): Promise<string | undefined> {
  const bytes = await git(dir, ['show', '--end-of-options', `${ref}:./${FILES.db}`], true).catch(() => undefined);
  if (!bytes) return undefined;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sre-git-')), FILES.db);
  fs.writeFileSync(file, bytes);
  return file;
}

/**
 * Merges an unmerged sre_data.db from git's stages into the working file and marks it resolved. The working file
 * is OURS: git leaves our side there, and whatever was assessed since the conflict is in it too.
 */
export async function resolveUnmerged(dir: string): Promise<string[]> {
  const [base, ours, theirs] = await Promise.all([':1', ':2', ':3'].map((stage) => databaseAt(dir, stage)));
  if (!ours || !theirs)
    throw new Error(
      `${FILES.db} has no two sides to merge in ${dir}: it was added or deleted on one side; resolve with git`,
    );
  try {
    const conflicts = await mergeDatabaseFiles(base, path.join(dir, FILES.db), theirs);
    await git(dir, ['add', '--', FILES.db]);
    return conflicts;
  } finally {
    for (const f of [base, ours, theirs]) if (f) fs.rmSync(path.dirname(f), { recursive: true, force: true });
  }
}
