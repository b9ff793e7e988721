/** `sre-tracker diff`: the maturity impact of a change between two commits, or a commit and the working tree. */
import * as path from 'node:path';

import { pathMatcher } from '../core/domain/path-match';
import { inputError } from '../core/errors';
import { readRecordedEvidence } from '../core/storage/catalog';
import { writeOutputFile } from '../core/storage/output-file';
import { diffAnnotations, diffMarkdown, diffText } from '../core/usecases/diff/diff-report';
import { type DiffSide, portfolioDiff } from '../core/usecases/diff/portfolio-diff';
import { type QuestionEvidence } from '../core/usecases/evidence/evidence-map';
import { scanEvidence } from '../core/usecases/evidence/scan';
import { evidenceMapOf, flowsOf } from '../core/usecases/evidence/workspace-evidence';
import { commitOf } from '../core/usecases/merge/folder-at';
import { git } from '../core/usecases/merge/git';
import { type Workspace } from '../core/workspace';
import { parse } from './args';
import { cliContext, openWorkspaceAt } from './context';
import { type Io } from './io';

const FORMATS = ['text', 'markdown', 'json', 'github'] as const;

/** One side: its items, the findings of the assets whose files changed, its question map, its recorded evidence. */
function side(ws: Workspace, changed: readonly string[]): DiffSide {
  const flows = flowsOf(ws)
    .map((f) => ({ ...f, assets: f.assets.filter((a) => a.paths.some((p) => changed.some(pathMatcher(p, true)))) }))
    .filter((f) => f.assets.length > 0);
  const scan = flows.length ? scanEvidence(ws.dir, flows) : { assets: [] };
  return {
    items: ws.items(),
    findings: new Map(scan.assets.map((a) => [`${a.flowKey}/${a.assetKey}`, a.findings])),
    map: evidenceMapOf(ws),
    recorded: new Map(
      ws.store.read(readRecordedEvidence).map((r) => [r.key, JSON.parse(r.evidence) as QuestionEvidence[]]),
    ),
  };
}

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    base: { type: 'string' },
    head: { type: 'string' },
    worktree: { type: 'boolean' },
    format: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (!values.base) throw inputError('--base REF is required: the commit to compare with (origin/main, v1.3)');
  if (values.head && values.worktree) throw inputError('give --head REF or --worktree, not both');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw inputError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const failOn = (values['fail-on'] ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  const unknown = failOn.find((r) => r !== 'regression');
  if (unknown) throw inputError(`--fail-on "${unknown}" is not a rule (rules: regression)`);
  const ctx = cliContext(io, values.dir);
  const baseCommit = await commitOf(ctx.dir, values.base, '--base');
  const headCommit = values.head ? await commitOf(ctx.dir, values.head, '--head') : undefined;
  const repo = await git(ctx.dir, ['rev-parse', '--show-toplevel']);
  const rel = path.relative(repo, ctx.dir).split(path.sep).join('/');
  // Changed files, as paths relative to the data folder (flows.csv's paths are): committed, staged, unstaged, new.
  const fromRepo = [
    ...(await git(repo, ['diff', '--name-only', baseCommit, ...(headCommit ? [headCommit] : []), '--'])).split('\n'),
    ...(headCommit ? [] : (await git(repo, ['ls-files', '--others', '--exclude-standard'])).split('\n')),
  ].filter(Boolean);
  const changed = fromRepo.map((f) => path.posix.relative(rel, f));
  // Only the assets whose files changed are read from git: a diff of one service in a large tree stays fast.
  const touched = (assetPath: string) => changed.some(pathMatcher(assetPath, true));
  const base = await openWorkspaceAt(ctx, baseCommit, touched);
  const head = await openWorkspaceAt(ctx, headCommit, touched);
  try {
    const diff = portfolioDiff(side(base, changed), side(head, changed));
    const repoPath = (file: string) => path.posix.normalize(path.posix.join(rel, file));
    const output =
      format === 'json'
        ? `${JSON.stringify(diff, null, 2)}\n`
        : format === 'markdown'
          ? diffMarkdown(diff)
          : format === 'github'
            ? diffAnnotations(diff, repoPath)
            : diffText(diff);
    if (values.out) writeOutputFile(path.resolve(io.cwd, values.out), output);
    else io.stdout(output);
    return failOn.includes('regression') && diff.regressions.length > 0 ? 1 : 0;
  } finally {
    base.dispose();
    head.dispose();
  }
}
