/**
 * What CLI users feel: each command as a whole process (spawned, median of 5) beside floors measured in the same
 * run (the sqlite3 tool exporting the same joined rows from the same file; a bare `node -e 0`), with peak RSS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setupWorkspace } from '../../src/core/setup';
import { Workspace } from '../../src/core/workspace';
import { defaultSettings } from '../../src/core/settings';

const RUNS = 5;
const CLI = path.join(__dirname, '../../dist/cli.mjs');
const RSS_PRELOAD = pathToFileURL(path.join(__dirname, 'max-rss.mjs')).href;

export const SQLITE_EXPORT = `SELECT i.key, f.name, a.name, c.name, p.name, i.level, i.notes, l.display_id
  FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id
  JOIN capabilities c ON c.id = i.capability_id JOIN pillars p ON p.id = c.pillar_id
  LEFT JOIN links l ON l.item_key = i.key ORDER BY f.position, a.position, c.position`;

interface Measure {
  ms: number;
  rssMiB: number | undefined;
}

function median(values: number[]): number {
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
    const r = spawnSync(command, node ? ['--import', RSS_PRELOAD, ...args] : args, { env: { ...process.env, BENCH_RSS_FILE: rssFile }, maxBuffer: 1 << 28 });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  }
  const rss = node ? Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 : undefined;
  fs.rmSync(rssFile, { force: true });
  return { ms: median(times), rssMiB: rss };
}

function row(label: string, m: Measure, floor?: Measure): string {
  const ratio = floor ? `${(m.ms / floor.ms).toFixed(1)} ×`.padStart(8) : ''.padStart(8);
  const rss = m.rssMiB === undefined ? '' : `${m.rssMiB.toFixed(0)} MiB`;
  return `  ${label.padEnd(34)} ${m.ms.toFixed(0).padStart(7)} ms ${ratio}  ${rss}`;
}

/** A workspace of `flows` × 10 assets × the default model, with a spread of levels, assessed now. */
async function workspaceOf(flows: number): Promise<{ dir: string; items: number; dbMiB: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-cli-'));
  const rows = ['flow,asset,tier'];
  for (let f = 0; f < flows; f++) for (let a = 0; a < 10; a++) rows.push(`Flow ${f},asset-${a},${(a % 3) + 1}`);
  fs.writeFileSync(path.join(dir, 'flows.csv'), rows.join('\n') + '\n');
  const setup = await setupWorkspace({ dir });
  const ws = await Workspace.open(dir, defaultSettings());
  ws.store.write((db) => db.run("UPDATE items SET level = id % 5, answers = '{}', assessed_at = ?, assessed_by = 'bench'", [new Date().toISOString()]));
  ws.store.close();
  return { dir, items: setup.items, dbMiB: fs.statSync(path.join(dir, 'sre_data.db')).size / 1024 / 1024 };
}

export async function benchCliProcesses(sizes: readonly number[]): Promise<void> {
  console.log(`\nCLI as whole processes (median of ${RUNS}, spawned; ratio to the floor measured in the same run)`);
  const bare = measure(process.execPath, ['-e', '0'], true);
  console.log(row('floor: node -e 0', bare));
  console.log(row('sre-tracker --help', measure(process.execPath, [CLI, '--help'], true), bare));
  for (const flows of sizes) {
    const { dir, items, dbMiB } = await workspaceOf(flows);
    try {
      console.log(`${items} items, sre_data.db ${dbMiB.toFixed(1)} MiB`);
      const floor = measure('sqlite3', ['-csv', '-header', path.join(dir, 'sre_data.db'), SQLITE_EXPORT], false);
      console.log(row('floor: sqlite3 CSV export', floor));
      console.log(row('sre-tracker report', measure(process.execPath, [CLI, 'report', '--dir', dir, '--out', path.join(dir, 'out')], true), floor));
      console.log(row('sre-tracker status', measure(process.execPath, [CLI, 'status', '--dir', dir], true), floor));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
