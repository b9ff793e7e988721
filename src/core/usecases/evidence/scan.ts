/**
 * Scans the repository for each asset's evidence: only files under the asset's paths (flows.csv's `path` column)
 * and the repository-wide CODEOWNERS, each file read and parsed once however many assets share it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import picomatch from 'picomatch';

import { type Flow } from '../../domain/flows';
import { codeownerFindings, collect, documentFinding, type Finding } from './collectors';

export interface AssetEvidence {
  flowKey: string;
  flowName: string;
  assetKey: string;
  assetName: string;
  /** The asset's row in flows.csv. */
  line: number;
  findings: Finding[];
}

export interface Scan {
  assets: AssetEvidence[];
  /** Files that could not be read or parsed: said, never fatal. */
  problems: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', '.terraform']);
const MAX_FILE_BYTES = 1 << 20;
const CODEOWNERS = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** Every file under `dir`, relative to `root`, with forward slashes. */
function walk(root: string, dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(root, full, out);
    } else if (e.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
}

/** The files one `path` entry names: a file, everything under a folder, or what a glob matches. */
function filesOf(root: string, entry: string): string[] {
  const found: string[] = [];
  const scanned = picomatch.scan(entry);
  if (scanned.isGlob) {
    const isMatch = picomatch(entry.replace(/^\.\//, ''), { dot: true });
    walk(root, path.join(root, scanned.base), found);
    return found.filter((f) => isMatch(f));
  }
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isDirectory()) walk(root, full, found);
  else found.push(path.relative(root, full).split(path.sep).join('/'));
  return found;
}

export function scanEvidence(root: string, flows: readonly Flow[]): Scan {
  const problems: string[] = [];
  const perFile = new Map<string, Finding[]>();
  const read = (file: string): string | undefined => {
    const full = path.join(root, file);
    try {
      if (fs.statSync(full).size > MAX_FILE_BYTES) return undefined;
      return fs.readFileSync(full, 'utf8');
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const findingsOf = (file: string): Finding[] => {
    let found = perFile.get(file);
    if (!found) {
      const document = documentFinding(file);
      const content = document ? undefined : read(file);
      found = document ? [document] : content === undefined ? [] : collect(file, content, (m) => problems.push(m));
      perFile.set(file, found);
    }
    return found;
  };
  const owners = CODEOWNERS.filter((f) => fs.existsSync(path.join(root, f))).map((f) => ({
    file: f,
    content: read(f) ?? '',
  }));
  const assets = flows.flatMap((flow) =>
    flow.assets.map((asset) => {
      const files = [...new Set(asset.paths.flatMap((p) => filesOf(root, p)))].sort();
      const findings = [
        ...files.flatMap(findingsOf),
        ...owners.flatMap((o) => (asset.paths.length ? codeownerFindings(o.file, o.content, asset.paths) : [])),
      ];
      return {
        flowKey: flow.key,
        flowName: flow.name,
        assetKey: asset.key,
        assetName: asset.name,
        line: asset.line,
        findings,
      };
    }),
  );
  return { assets, problems };
}
