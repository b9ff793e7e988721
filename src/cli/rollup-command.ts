/** `sre-tracker rollup DIR… [--glob PATTERN]`: many workspaces into one organisation report (HTML, or JSON). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import picomatch from 'picomatch';

import { describeError, inputError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { describeFsError } from '../core/storage/fs-errors';
import { writeOutputFile } from '../core/storage/output-file';
import { maturityMetrics } from '../core/usecases/metrics/maturity-metrics';
import { groupsOn, pruneRollupGroups } from '../core/usecases/metrics/push-workspace';
import { workspaceIdentity } from '../core/usecases/metrics/workspace-identity';
import { rollup, type RollupSource, type RollupWorkspace } from '../core/usecases/rollup/rollup';
import { rollupHtml } from '../core/usecases/rollup/rollup-html';
import { dataFolder } from '../core/workspace';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';
import { gatewayAt, granularityOf, pushOne } from './metrics-command';

const SKIPPED = new Set(['node_modules', '.git']);

/** Whether a folder at `rel` may hold a match of the glob below it (or be one): each of its segments fits the glob's. */
function mayHoldMatches(glob: string, rel: string): boolean {
  const wanted = glob.split('/');
  const segments = rel.split('/');
  for (let i = 0; i < segments.length; i++) {
    const pattern = wanted[i];
    if (pattern === undefined) return false;
    if (pattern.includes('**')) return true;
    if (!picomatch(pattern)(segments[i] ?? '')) return false;
  }
  return true;
}

/**
 * Folders under the current one whose path matches the glob and that hold an sre_data.db, and the folders on the
 * way that could not be read (listed like a damaged workspace, never an abort).
 */
function globbed(cwd: string, glob: string): { found: string[]; unreadable: { dir: string; reason: string }[] } {
  const pattern = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const isMatch = picomatch(pattern);
  const found: string[] = [];
  const unreadable: { dir: string; reason: string }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const rel = path.relative(cwd, dir).split(path.sep).join('/');
      if (rel === '' || mayHoldMatches(pattern, rel)) unreadable.push({ dir, reason: describeFsError(e, 'read', dir) });
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIPPED.has(e.name)) continue;
      const full = path.join(dir, e.name);
      const rel = path.relative(cwd, full).split(path.sep).join('/');
      if (isMatch(rel) && fs.existsSync(path.join(full, FILES.db))) found.push(full);
      walk(full, depth + 1);
    }
  };
  walk(cwd, 0);
  return { found: found.sort(), unreadable };
}

/** The folders once each, by where they really are: a workspace reached through a symlink too is counted once. */
function distinct(dirs: readonly string[]): string[] {
  const seen = new Set<string>();
  return dirs.filter((dir) => {
    let real = dir;
    try {
      real = fs.realpathSync(dir);
    } catch {
      // Not there: rollup lists it with the reason.
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

export async function rollupCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      glob: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      metrics: { type: 'string' },
      push: { type: 'string' },
      prune: { type: 'boolean' },
      granularity: { type: 'string' },
    },
    Infinity,
  );
  const matched = values.glob ? globbed(io.cwd, values.glob) : { found: [], unreadable: [] };
  const dirs = distinct([...positionals.map((d) => path.resolve(io.cwd, d)), ...matched.found]);
  if (dirs.length === 0 && matched.unreadable.length === 0)
    throw inputError('give the data folders to roll up (DIR…), or --glob "repos/*/sre"');
  const folders = dirs.map((dir) =>
    dataFolder(dir, path.relative(io.cwd, dir) || '.', () => cliContext(io, dir).settings),
  );
  if (values.prune && values.push === undefined)
    throw inputError(
      '--prune needs --push URL: the Pushgateway to delete the groups of workspaces no longer found from',
    );
  if (values.metrics !== undefined || values.push !== undefined)
    return rollupMetrics(io, folders, values, matched.unreadable);
  const report = await rollup(folders);
  report.problems.push(...matched.unreadable);
  const out = path.resolve(io.cwd, values.out ?? (values.json ? '-' : 'org_report.html'));
  const text = values.json ? `${JSON.stringify({ version: 1, ...report }, null, 2)}\n` : rollupHtml(report, new Date());
  if (values.out === '-' || (values.json && values.out === undefined)) io.stdout(text);
  else {
    writeOutputFile(out, text);
    io.stdout(`Wrote ${out} (${report.workspaces.length} workspace(s))\n`);
  }
  for (const p of report.problems) io.stderr(`sre-tracker rollup: ${p.dir} not read: ${p.reason}\n`);
  return report.problems.length > 0 ? 1 : 0;
}

/**
 * The same metrics as `sre-tracker metrics`, for every folder: one exposition with a `workspace` label
 * (`--metrics FILE|-`), or each folder pushed under its own grouping key (`--push URL`), for a nightly job;
 * `--prune` then deletes the groups an earlier roll-up pushed for workspaces no longer found.
 */
async function rollupMetrics(
  io: Io,
  folders: readonly RollupSource[],
  values: { metrics?: string; push?: string; prune?: boolean; granularity?: string },
  unreadable: { dir: string; reason: string }[],
): Promise<number> {
  const granularity = granularityOf(cliContext(io, undefined), values.granularity);
  // By folder, so a folder read twice (--push and --metrics) is reported once.
  const problems = new Map(unreadable.map((u) => [u.dir, u.reason]));
  async function* opened() {
    for (const folder of folders) {
      let ws: RollupWorkspace;
      try {
        ws = await folder.open();
      } catch (e) {
        problems.set(folder.dir, describeError(e));
        continue;
      }
      try {
        // In git, named by the remote and the folder, as metrics --push names it; elsewhere by its path from here.
        const { name, identity } = await workspaceIdentity(folder.dir, 'rollup', folder.name);
        yield { name, identity, ws };
      } finally {
        folder.close(ws);
      }
    }
  }
  // A refused push (a 413 from a proxy on the one large folder) does not stop the others: each is said at the end.
  const refused = new Map<string, string>();
  if (values.push !== undefined) {
    const ctx = cliContext(io, undefined);
    const gateway = gatewayAt(ctx, values.push);
    const say = (line: string) => io.stderr(`sre-tracker rollup: ${line}\n`);
    const groups = await groupsOn(gateway, say);
    const found = new Set<string>();
    for await (const source of opened()) {
      found.add(source.name);
      try {
        await pushOne(ctx, gateway, source, granularity, groups);
      } catch (e) {
        refused.set(source.name, describeError(e));
      }
    }
    // A folder that could not be read is not gone: its group stays until it is found missing on a clean run.
    if (values.prune && groups && problems.size === 0) await pruneRollupGroups(gateway, groups, found, say);
    else if (values.prune)
      say('nothing pruned: the groups could not be read, or a folder could not be, and its group must not go');
  }
  if (values.metrics !== undefined) {
    const text = await maturityMetrics(opened(), {
      granularity,
      openMetrics: false,
      now: new Date(),
      workspaces: true,
    });
    if (values.metrics === '-') io.stdout(text);
    else writeOutputFile(path.resolve(io.cwd, values.metrics), text);
  }
  for (const [dir, reason] of problems) io.stderr(`sre-tracker rollup: ${dir} not read: ${reason}\n`);
  for (const [name, reason] of refused) io.stderr(`sre-tracker rollup: ${name} not pushed: ${reason}\n`);
  return problems.size + refused.size > 0 ? 1 : 0;
}
