/**
 * Where a CLI command spends its time (issue 44): a CPU profile of the CLI built without minification, each frame
 * mapped back to its source through the build's source maps, top entries printed. What to attack next is read from
 * here, not guessed. (Memory is the peak RSS beside each command; a sampling heap profile written at exit holds only
 * what is still alive then, which for a CLI is nearly nothing.)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(__dirname, '../..');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

/** Profiles `sre-tracker args…` once and prints the `top` frames by own time. */
export function printProfiles(title: string, args: string[], top = 8): void {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-dist-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-prof-'));
  try {
    const built = spawnSync(process.execPath, ['esbuild.mjs'], {
      cwd: ROOT,
      env: { ...process.env, SRE_DIST_DIR: dist },
    });
    if (built.status !== 0) throw new Error(`the readable build failed: ${built.stderr.toString()}`);
    const flags = ['--cpu-prof', '--cpu-prof-dir', out];
    const run = spawnSync(process.execPath, [...flags, path.join(dist, 'cli.mjs'), ...args], { maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`profiling ${title} failed: ${run.stderr.toString()}`);
    const file = path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.cpuprofile')) ?? '');
    const cpu = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    console.log(`\nProfile of ${title} (unminified build, one run; own time by function):`);
    for (const [frame, ms] of cpuTop(cpu, sourceOf(), top)) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${frame}`);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Names a frame by its function and original source line, through the bundle's source map where it has one. */
function sourceOf(): (frame: CallFrame) => string {
  const maps = new Map<string, SourceMap | undefined>();
  return (frame) => {
    const name = frame.functionName || '(anonymous)';
    if (!frame.url.startsWith('file:')) return `${name} ${frame.url ? path.basename(frame.url) : '(native)'}`;
    const file = fileURLToPath(frame.url);
    if (!maps.has(file)) {
      const map = `${file}.map`;
      maps.set(file, fs.existsSync(map) ? new SourceMap(JSON.parse(fs.readFileSync(map, 'utf8')) as never) : undefined);
    }
    const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as
      { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return `${name} ${path.basename(file)}:${frame.lineNumber + 1}`;
    const source = entry.originalSource.replace(/^.*?(src\/|node_modules\/)/, '$1');
    return `${name} ${source}:${(entry.originalLine ?? 0) + 1}`;
  };
}

function cpuTop(profile: CpuProfile, where: (f: CallFrame) => string, top: number): [string, number][] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const own = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const key = frame ? where(frame) : '?';
    own.set(key, (own.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...own].sort((a, b) => b[1] - a[1]).slice(0, top);
}
