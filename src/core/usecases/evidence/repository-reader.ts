/**
 * The repository as the evidence scan reads it: the files a flows.csv `path` entry names, read within bounds,
 * nothing outside the repository, symbolic links never followed out of it. Whatever cannot be read is listed in
 * `problems`, never fatal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import picomatch from 'picomatch';

import { pathMatcher } from '../../domain/path-match';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', '.terraform']);
/** The most read of one file: evidence is small; a larger file (a dashboards bundle, a CRD) is listed as skipped. */
const MAX_FILE_BYTES = 1 << 20;
/** A YAML file of many documents (an install bundle, istio's 2 MiB) is read up to this, one document at a time. */
const MAX_BUNDLE_BYTES = 16 << 20;
/** What all bundles of one scan may read together: a bound on the work, however many a repository holds. */
const MAX_BUNDLE_BYTES_PER_SCAN = 64 << 20;

export const slashed = (p: string) => p.split(path.sep).join('/');

export function inside(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The repository `dir` is in: the nearest folder up with a `.git`, else `dir` itself. */
export function repositoryRoot(dir: string): string {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return path.resolve(dir);
  }
}

/** Whether a file's first 8 KiB hold a NUL byte: an image, an archive, a compiled file. */
function isBinary(full: string): boolean {
  const fd = fs.openSync(full, 'r');
  try {
    const head = Buffer.alloc(8192);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).includes(0);
  } finally {
    fs.closeSync(fd);
  }
}

export class RepositoryReader {
  /** What could not be read, and why: listed with the scan's findings. */
  readonly problems: string[] = [];
  readonly repo: string;
  private readonly realRepo: string;
  private bundleBytesLeft = MAX_BUNDLE_BYTES_PER_SCAN;

  /** `root`: the data folder, which every path is relative to. */
  constructor(readonly root: string) {
    this.repo = repositoryRoot(root);
    this.realRepo = fs.realpathSync(this.repo);
  }

  /** Every regular file under `dir`, relative to `root`; symbolic links are not followed, unreadable folders listed. */
  walk(dir: string, out: string[]): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.problems.push(`${slashed(path.relative(this.root, dir)) || '.'}: folder not read (${(e as Error).message})`);
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) this.walk(full, out);
      } else if (e.isFile()) out.push(slashed(path.relative(this.root, full)));
    }
  }

  /** The files one `path` entry names (a file, a folder's, a glob's), or a problem saying why there are none. */
  filesOf(entry: string, where: string): string[] {
    const scanned = picomatch.scan(entry);
    const base = path.resolve(this.root, scanned.isGlob ? scanned.base : entry);
    let real: string | undefined;
    try {
      real = fs.realpathSync(base);
    } catch {
      real = undefined;
    }
    if (path.isAbsolute(entry) || !inside(this.repo, base) || (real !== undefined && !inside(this.realRepo, real))) {
      this.problems.push(`${where}: "${entry}" leaves the repository (${this.repo}); give a path inside it`);
      return [];
    }
    if (real === undefined) {
      this.problems.push(`${where}: path ${entry} does not exist`);
      return [];
    }
    const found: string[] = [];
    if (scanned.isGlob) {
      const matches = pathMatcher(entry, true);
      this.walk(base, found);
      const kept = found.filter((f) => matches(f));
      if (kept.length === 0) this.problems.push(`${where}: glob ${entry} matches no file`);
      return kept;
    }
    if (fs.statSync(base).isDirectory()) this.walk(base, found);
    else found.push(slashed(path.relative(this.root, base)));
    return found;
  }

  /**
   * A regular file's text, at most MAX_FILE_BYTES (a YAML install bundle up to MAX_BUNDLE_BYTES, while the scan's
   * allowance lasts): FIFOs, devices and links to them are never opened; a binary or a log is not evidence, told
   * by its first bytes or its name before it is read.
   */
  read(file: string): string | undefined {
    const full = path.join(this.root, file);
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile()) {
        this.problems.push(`${file}: not a regular file, not read`);
        return undefined;
      }
      if (/\.log$/i.test(file) || isBinary(full)) return undefined;
      const bundle = /\.ya?ml$/i.test(file) && stat.size <= MAX_BUNDLE_BYTES && stat.size <= this.bundleBytesLeft;
      if (stat.size > MAX_FILE_BYTES && !bundle) {
        this.problems.push(
          `${file}: skipped, ${(stat.size / 1048576).toFixed(1)} MiB is over the 1 MiB read for evidence`,
        );
        return undefined;
      }
      if (stat.size > MAX_FILE_BYTES) this.bundleBytesLeft -= stat.size;
      return fs.readFileSync(full, 'utf8');
    } catch (e) {
      this.problems.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Whether `file` (relative to `root`) exists. */
  exists(file: string): boolean {
    return fs.existsSync(path.join(this.root, file));
  }
}
