/** `sre-tracker rollup DIR… [--glob PATTERN]`: many workspaces into one organisation report (HTML, or JSON). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { inputError } from '../core/errors';
import { writeOutputFile } from '../core/output-file';
import { dataFolder, rollup } from '../core/rollup/rollup';
import { rollupHtml } from '../core/rollup/rollup-html';
import { FILES } from '../core/workspace';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';

const SKIPPED = new Set(['node_modules', '.git']);

/** Folders under the current one whose path matches the glob and that hold an sre_data.db. */
function globbed(cwd: string, glob: string): string[] {
  const isMatch = picomatch(glob.replace(/^\.\//, '').replace(/\/$/, ''));
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || SKIPPED.has(e.name)) continue;
      const full = path.join(dir, e.name);
      const rel = path.relative(cwd, full).split(path.sep).join('/');
      if (isMatch(rel) && fs.existsSync(path.join(full, FILES.db))) found.push(full);
      walk(full, depth + 1);
    }
  };
  walk(cwd, 0);
  return found.sort();
}

export async function rollupCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { glob: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, Infinity);
  const dirs = [...positionals.map((d) => path.resolve(io.cwd, d)), ...(values.glob ? globbed(io.cwd, values.glob) : [])];
  if (dirs.length === 0) throw inputError('give the data folders to roll up (DIR…), or --glob "repos/*/sre"');
  const folders = [...new Set(dirs)].map((dir) => dataFolder(dir, path.relative(io.cwd, dir) || '.', () => cliContext(io, dir).settings));
  const report = await rollup(folders);
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
