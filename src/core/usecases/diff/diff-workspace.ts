/**
 * A data folder's portfolio diff between a commit and another commit or the working tree: the changed files, each
 * side read (from git for a commit), and the diff. What `sre-tracker diff` and "Show Maturity Impact of Changes" run.
 */
import * as path from 'node:path';

import { pathMatcher } from '../../domain/path-match';
import { readRecordedEvidence } from '../../storage/catalog';
import { type QuestionEvidence } from '../evidence/evidence-map';
import { scanEvidence } from '../evidence/scan';
import { evidenceMapOf } from '../evidence/workspace-evidence';
import { flowsOf } from '../flows-file';
import { commitOf } from '../merge/folder-at';
import { git } from '../merge/git';
import { type DataFiles, type DataStore, type ItemSource } from '../ports';
import { type DiffSide, type PortfolioDiff, portfolioDiff } from './portfolio-diff';

/** A side of the diff as opened: the folder at a commit (undefined: as it is), with only the asset paths wanted. */
export type SideSource = ItemSource & DataFiles & DataStore & { dispose(): void };
export type OpenAt = (commit: string | undefined, wanted: (assetPath: string) => boolean) => Promise<SideSource>;

/** One side: its items, the findings of the assets whose files changed, its question map, its recorded evidence. */
function side(ws: SideSource, changed: readonly string[]): DiffSide {
  const flows = flowsOf(ws)
    .map((f) => ({ ...f, assets: f.assets.filter((a) => a.paths.some((p) => changed.some(pathMatcher(p, true)))) }))
    .filter((f) => f.assets.length > 0);
  const scan = flows.length ? scanEvidence(ws.dir, flows) : { assets: [] };
  return {
    items: ws.items(),
    findings: new Map(scan.assets.map((a) => [`${a.flowKey}/${a.assetKey}`, a.findings])),
    map: evidenceMapOf(ws),
    campaigns: ws.campaigns(),
    recorded: new Map(
      ws.store.read(readRecordedEvidence).map((r) => [r.key, JSON.parse(r.evidence) as QuestionEvidence[]]),
    ),
  };
}

export interface DiffRequest {
  dir: string;
  base: string;
  /** A commit; undefined: the working tree (committed, staged, unstaged and new files). */
  head?: string;
}

/** The diff, and the data folder's path in the repository (for annotations on repository paths). */
export async function diffDataFolder(
  request: DiffRequest,
  open: OpenAt,
): Promise<{ diff: PortfolioDiff; folder: string }> {
  const { dir } = request;
  const baseCommit = await commitOf(dir, request.base, '--base');
  const headCommit = request.head === undefined ? undefined : await commitOf(dir, request.head, '--head');
  const repo = await git(dir, ['rev-parse', '--show-toplevel']);
  const folder = path.relative(repo, dir).split(path.sep).join('/');
  // Changed files, as paths relative to the data folder (flows.csv's paths are).
  const fromRepo = [
    ...(await git(repo, ['diff', '--name-only', baseCommit, ...(headCommit ? [headCommit] : []), '--'])).split('\n'),
    ...(headCommit ? [] : (await git(repo, ['ls-files', '--others', '--exclude-standard'])).split('\n')),
  ].filter(Boolean);
  const changed = fromRepo.map((f) => path.posix.relative(folder, f));
  // Only the assets whose files changed are read from git: a diff of one service in a large tree stays fast.
  const touched = (assetPath: string) => changed.some(pathMatcher(assetPath, true));
  const base = await open(baseCommit, touched);
  try {
    const head = await open(headCommit, touched);
    try {
      return { diff: portfolioDiff(side(base, changed), side(head, changed)), folder };
    } finally {
      head.dispose();
    }
  } finally {
    base.dispose();
  }
}

/**
 * Where the current branch left the repository's default branch (origin's HEAD, else main or master): what a pull
 * request of the working tree would be compared with.
 */
export async function mergeBaseWithDefault(dir: string): Promise<string> {
  const remote = await git(dir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
  for (const branch of [remote, 'main', 'master'].filter(Boolean)) {
    const base = await git(dir, ['merge-base', 'HEAD', branch]).catch(() => '');
    if (base) return base;
  }
  return 'HEAD';
}
