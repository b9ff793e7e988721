/**
 * What CLI users feel: each command as a whole process (spawned, median of 5) beside floors measured in the same
 * run (the sqlite3 tool exporting the same joined rows from the same file; node opening that file with the engine
 * we ship; a bare `node -e 0`), with peak RSS.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { benchWorkspace } from './bench-workspace';
import { writeEvidenceTree } from './evidence-tree';
import { printProfiles } from './profiles';

const RUNS = 5;
const DIST = path.join(__dirname, '../../dist');
const CLI = path.join(DIST, 'cli.mjs');
const RSS_PRELOAD = path.join(__dirname, 'max-rss.cjs');
const ENGINE_FLOOR = path.join(__dirname, 'engine-floor.mjs');

export const SQLITE_EXPORT = `SELECT f.key || '/' || a.key || '/' || c.key, f.name, a.name, c.name, p.name, i.level, i.notes, l.display_id
  FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id
  JOIN capabilities c ON c.id = i.capability_id JOIN pillars p ON p.id = c.pillar_id
  LEFT JOIN links l ON l.item_key = f.key || '/' || a.key || '/' || c.key ORDER BY f.position, a.position, c.position`;

export interface Measure {
  ms: number;
  rssMiB: number | undefined;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Runs a command RUNS times; node processes report their peak RSS through the preload. */
function measure(command: string, args: string[], node: boolean): Measure {
  const rssFile = path.join(os.tmpdir(), `sre-bench-rss-${process.pid}`);
  fs.rmSync(rssFile, { force: true });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(command, node ? ['-r', RSS_PRELOAD, ...args] : args, {
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
      maxBuffer: 1 << 28,
    });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  }
  const rss = node ? Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 : undefined;
  fs.rmSync(rssFile, { force: true });
  return { ms: median(times), rssMiB: rss };
}

export function row(label: string, m: Measure, floor?: Measure): string {
  const ratio = floor ? `${(m.ms / floor.ms).toFixed(1)} ×`.padStart(8) : ''.padStart(8);
  const rss = m.rssMiB === undefined ? '' : `${m.rssMiB.toFixed(0)} MiB`;
  return `  ${label.padEnd(40)} ${m.ms.toFixed(0).padStart(7)} ms ${ratio}  ${rss}`;
}

/** The extension bundle loaded in a fresh process, as VS Code loads it before calling activate (median of 5). */
function extensionLoad(): Measure {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, [
      path.join(__dirname, 'load-extension.cjs'),
      path.join(DIST, 'extension.js'),
    ]);
    if (r.status !== 0) throw new Error(`loading the extension failed: ${r.stderr.toString()}`);
    times.push(Number(r.stdout.toString()));
  }
  return { ms: median(times), rssMiB: undefined };
}

/** The bytes of every file under `dir`. */
function bytesUnder(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

/** `sizes` in flows of 10 assets; `profiled` (one of them) also gets CPU profiles of report and status. */
export async function benchCliProcesses(sizes: readonly number[], profiled?: number): Promise<void> {
  console.log(`\nCLI as whole processes (median of ${RUNS}, spawned; ratio to the floor measured in the same run)`);
  const bare = measure(process.execPath, ['-e', '0'], true);
  console.log(row('floor: node -e 0', bare));
  console.log(row('sre-tracker --help', measure(process.execPath, [CLI, '--help'], true), bare));
  console.log(row('extension bundle load (before activate)', extensionLoad()));
  for (const flows of sizes) {
    const ws = await benchWorkspace(flows);
    try {
      console.log(
        `${ws.items} items: setup ${ws.setupMs.toFixed(0)} ms; sre_data.db ${ws.setupMiB.toFixed(2)} MiB after setup, ${ws.assessedMiB.toFixed(2)} MiB with every item assessed`,
      );
      const floor = measure('sqlite3', ['-csv', '-header', path.join(ws.dir, 'sre_data.db'), SQLITE_EXPORT], false);
      console.log(row('floor: sqlite3 CSV export', floor));
      // The engine the product ships (SQLite in WebAssembly) started on the same file: no command can go under it.
      const engine = measure(process.execPath, [ENGINE_FLOOR, path.join(ws.dir, 'sre_data.db')], true);
      console.log(row('floor: node opening it with sql.js', engine, floor));
      const out = path.join(ws.dir, 'out');
      const report = ['report', '--dir', ws.dir, '--out', out];
      const reported = measure(process.execPath, [CLI, ...report], true);
      console.log(row('sre-tracker report', reported, floor));
      console.log(row('  the same, against the sql.js floor', reported, engine));
      // What the output alone costs: a node process writing as many bytes as the report wrote.
      const written = bytesUnder(out);
      const write = `require('fs').writeFileSync(${JSON.stringify(path.join(ws.dir, 'bytes'))}, Buffer.alloc(${written}, 97))`;
      console.log(
        row(
          `floor: node writing ${(written / 1048576).toFixed(1)} MiB`,
          measure(process.execPath, ['-e', write], true),
        ),
      );
      // Both against the export of the same rows, as issue 44 sets their goals (report ≤ 3 ×, status ≤ 4 ×).
      const status = measure(process.execPath, [CLI, 'status', '--dir', ws.dir], true);
      console.log(row('sre-tracker status', status, floor));
      console.log(row('  the same, against the sql.js floor', status, engine));
      if (flows === profiled) {
        printProfiles('sre-tracker report', [...report]);
        printProfiles('sre-tracker status', ['status', '--dir', ws.dir]);
      }
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }
}

/**
 * `sre-tracker evidence` over a tree shaped like the real ones (test/bench/evidence-tree.ts) as a whole process,
 * beside the floor of reading every file of the tree in one node process. Goal (issue 27): under 1.5 s here.
 */
export function benchEvidenceTree(dir: string): void {
  const files = writeEvidenceTree(dir);
  const setup = spawnSync(process.execPath, [CLI, 'setup', '--dir', dir]);
  if (setup.status !== 0) throw new Error(`setup failed: ${setup.stderr.toString()}`);
  const readAll = `const fs=require('fs'),p=require('path');(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else fs.readFileSync(f)}})(${JSON.stringify(dir)})`;
  console.log(`\nEvidence over a real-shaped tree: ${files} files, 40 CRDs of 0.7 MB (median of ${RUNS}, spawned)`);
  const floor = measure(process.execPath, ['-e', readAll], true);
  console.log(row('floor: node reading every file', floor));
  console.log(
    row(
      'sre-tracker evidence --json',
      measure(process.execPath, [CLI, 'evidence', '--json', '--dir', dir], true),
      floor,
    ),
  );
  // A pull request touching one asset of the tree (issue 40): the same tree committed, one Deployment changed.
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'b',
        GIT_AUTHOR_EMAIL: 'b@x',
        GIT_COMMITTER_NAME: 'b',
        GIT_COMMITTER_EMAIL: 'b@x',
      },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.toString()}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const deployment = path.join(dir, 'services/s7/k8s/deployment.yaml');
  fs.writeFileSync(deployment, fs.readFileSync(deployment, 'utf8').replace('replicas: 3', 'replicas: 1'));
  git('commit', '-qam', 'one asset');
  const gitFloor = measure('git', ['-C', dir, 'diff', '--stat', 'HEAD~1', 'HEAD'], false);
  console.log(row('floor: git diff --stat of the commit', gitFloor));
  console.log(
    row(
      'sre-tracker diff --base HEAD~1 --head HEAD',
      measure(process.execPath, [CLI, 'diff', '--dir', dir, '--base', 'HEAD~1', '--head', 'HEAD'], true),
      gitFloor,
    ),
  );
}
