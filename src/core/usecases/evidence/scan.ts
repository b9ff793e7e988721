/**
 * Scans the repository for each asset's evidence: only files under the asset's paths (flows.csv's `path` column)
 * and the repository's CODEOWNERS, each file read and parsed once however many assets share it. Nothing is
 * silent and nothing is fatal: a path that matches nothing, a file skipped or that fails to parse, a path that
 * leaves the repository are each listed under `problems`, and the rest is still reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';

import { type Flow } from '../../domain/flows';
import { pathMatcher } from '../../domain/path-match';
import { FILES } from '../../storage/data-files';
import {
  type Chart,
  codeownerFindings,
  codeownersOf,
  collect,
  documentFinding,
  type Finding,
  fingerprintOf,
  MAX_ALIASES,
} from './collectors';
import { definesOf, setsValues, valuesRead } from './helm';
import { type KindSuggestion, suggestKind } from './kind-suggestion';

export interface AssetEvidence {
  flowKey: string;
  flowName: string;
  assetKey: string;
  assetName: string;
  /** The asset's row in flows.csv. */
  line: number;
  /** Its `path` entries, as given. */
  paths: string[];
  findings: Finding[];
  /** Its `kind` in flows.csv; '' for any. */
  kind: string;
  /** What its files say it is, for flows.csv's `kind`. */
  suggestedKind: KindSuggestion | undefined;
}

export interface Scan {
  assets: AssetEvidence[];
  /** Paths that match nothing or leave the repository, files skipped, unreadable or unparsable: said, never fatal. */
  problems: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', '.terraform']);
/** The most read of one file: evidence is small; a larger file (a dashboards bundle, a CRD) is listed as skipped. */
const MAX_FILE_BYTES = 1 << 20;
/** A YAML file of many documents (an install bundle, istio's 2 MiB) is read up to this, one document at a time. */
const MAX_BUNDLE_BYTES = 16 << 20;
/** What all bundles of one scan may read together: a bound on the work, however many a repository holds. */
const MAX_BUNDLE_BYTES_PER_SCAN = 64 << 20;

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

/** Where GitHub looks for CODEOWNERS, in its order (the first found is used), then GitLab's own place. */
const CODEOWNERS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

const slashed = (p: string) => p.split(path.sep).join('/');

/** The repository `dir` is in: the nearest folder up with a `.git`, else `dir` itself. */
function repositoryRoot(dir: string): string {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return path.resolve(dir);
  }
}

/**
 * Who CODEOWNERS says owns the data folder `dir` (its database file, as a review of a change to it would ask):
 * the file, the line and the owners; undefined without a CODEOWNERS or an owning line.
 */
export function ownersOfFolder(dir: string): { file: string; line: number; owners: string[] } | undefined {
  const repo = repositoryRoot(dir);
  const file = CODEOWNERS.find((f) => fs.existsSync(path.join(repo, f)));
  if (!file) return undefined;
  const db = slashed(path.relative(repo, path.join(path.resolve(dir), FILES.db)));
  const owner = codeownersOf(fs.readFileSync(path.join(repo, file), 'utf8'), db);
  return owner && owner.owners.length > 0 ? { file, ...owner } : undefined;
}

function inside(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function scanEvidence(root: string, flows: readonly Flow[]): Scan {
  const problems: string[] = [];
  const repo = repositoryRoot(root);
  const realRepo = fs.realpathSync(repo);

  /** Every regular file under `dir`, relative to `root`; symbolic links are not followed, unreadable folders listed. */
  const walk = (dir: string, out: string[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(`${slashed(path.relative(root, dir)) || '.'}: folder not read (${(e as Error).message})`);
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full, out);
      } else if (e.isFile()) out.push(slashed(path.relative(root, full)));
    }
  };

  /** The files one `path` entry names (a file, a folder's, a glob's), or a problem saying why there are none. */
  const filesOf = (entry: string, where: string): string[] => {
    const scanned = picomatch.scan(entry);
    const base = path.resolve(root, scanned.isGlob ? scanned.base : entry);
    let real: string | undefined;
    try {
      real = fs.realpathSync(base);
    } catch {
      real = undefined;
    }
    if (path.isAbsolute(entry) || !inside(repo, base) || (real !== undefined && !inside(realRepo, real))) {
      problems.push(`${where}: "${entry}" leaves the repository (${repo}); give a path inside it`);
      return [];
    }
    if (real === undefined) {
      problems.push(`${where}: path ${entry} does not exist`);
      return [];
    }
    const found: string[] = [];
    if (scanned.isGlob) {
      const matches = pathMatcher(entry, true);
      walk(base, found);
      const kept = found.filter((f) => matches(f));
      if (kept.length === 0) problems.push(`${where}: glob ${entry} matches no file`);
      return kept;
    }
    if (fs.statSync(base).isDirectory()) walk(base, found);
    else found.push(slashed(path.relative(root, base)));
    return found;
  };

  let bundleBytesLeft = MAX_BUNDLE_BYTES_PER_SCAN;
  /**
   * A regular file's text, at most MAX_FILE_BYTES (a YAML install bundle up to MAX_BUNDLE_BYTES, while the scan's
   * allowance lasts): FIFOs, devices and links to them are never opened; a binary or a log is not evidence, told
   * by its first bytes or its name before it is read.
   */
  const read = (file: string): string | undefined => {
    const full = path.join(root, file);
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile()) {
        problems.push(`${file}: not a regular file, not read`);
        return undefined;
      }
      if (/\.log$/i.test(file) || isBinary(full)) return undefined;
      const bundle = /\.ya?ml$/i.test(file) && stat.size <= MAX_BUNDLE_BYTES && stat.size <= bundleBytesLeft;
      if (stat.size > MAX_FILE_BYTES && !bundle) {
        problems.push(`${file}: skipped, ${(stat.size / 1048576).toFixed(1)} MiB is over the 1 MiB read for evidence`);
        return undefined;
      }
      if (stat.size > MAX_FILE_BYTES) bundleBytesLeft -= stat.size;
      return fs.readFileSync(full, 'utf8');
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  };

  /** The chart in `dir` (a folder with a Chart.yaml): its defaults, named templates and what its templates read. */
  const charts = new Map<string, Chart | undefined>();
  const chartIn = (dir: string): Chart | undefined => {
    if (charts.has(dir)) return charts.get(dir);
    let chart: Chart | undefined;
    if (fs.existsSync(path.join(root, dir, 'Chart.yaml'))) {
      const text = fs.existsSync(path.join(root, dir, 'values.yaml')) ? read(`${dir}values.yaml`) : '';
      try {
        chart = { values: parseYaml(text ?? '', { maxAliasCount: MAX_ALIASES, logLevel: 'error' }) ?? {} };
      } catch (e) {
        problems.push(`${dir}values.yaml: ${(e as Error).message.split('\n')[0]}; its templates read without defaults`);
        chart = { values: {} };
      }
      Object.assign(chart, templatesOf(dir));
    }
    charts.set(dir, chart);
    return chart;
  };
  /** What a chart's templates (and its local subcharts', library charts included) define and read. */
  const templatesOf = (dir: string): Pick<Chart, 'templated' | 'defines' | 'reads' | 'valuesUndecided'> => {
    const files: string[] = [];
    if (fs.existsSync(path.join(root, dir, 'templates'))) walk(path.join(root, dir, 'templates'), files);
    const subcharts = path.join(root, dir, 'charts');
    if (fs.existsSync(subcharts))
      for (const sub of fs.readdirSync(subcharts, { withFileTypes: true }))
        if (sub.isDirectory() && fs.existsSync(path.join(subcharts, sub.name, 'templates')))
          walk(path.join(subcharts, sub.name, 'templates'), files);
    const defines = new Map<string, string>();
    const reads = new Set<string>();
    let valuesUndecided: string | undefined;
    for (const file of files.filter((f) => /\.(ya?ml|tpl)$/.test(f))) {
      const text = read(file) ?? '';
      for (const [name, body] of definesOf(text)) defines.set(name, body);
      for (const key of valuesRead(text)) reads.add(key);
      if (setsValues(text)) valuesUndecided ??= file;
    }
    return { templated: files.some((f) => /\.ya?ml$/.test(f)), defines, reads, valuesUndecided };
  };
  /** The chart a template belongs to (the folder above `templates/` holding a Chart.yaml). */
  const chartOf = (file: string): Chart | undefined => {
    const at = file.lastIndexOf('templates/');
    if (at < 0 || (at > 0 && file[at - 1] !== '/')) return undefined;
    return chartIn(file.slice(0, at));
  };
  /** The chart a values file (values.yaml, values-prod.yaml) sits beside. */
  const valuesChartOf = (file: string): Chart | undefined =>
    /(^|\/)values([-.][\w.-]+)?\.ya?ml$/.test(file) ? chartIn(file.slice(0, file.lastIndexOf('/') + 1)) : undefined;

  const perFile = new Map<string, Finding[]>();
  // Each file's text, read once: the findings and the kind suggestion both look at it.
  const texts = new Map<string, string>();
  const findingsOf = (file: string): Finding[] => {
    let found = perFile.get(file);
    if (!found) {
      const document = documentFinding(file);
      const content = document ? undefined : read(file);
      if (content !== undefined) texts.set(file, content);
      try {
        found = document
          ? [document]
          : content === undefined
            ? []
            : collect(file, content, (m) => problems.push(m), {
                chart: chartOf(file),
                valuesOf: valuesChartOf(file),
              });
      } catch (e) {
        // One file never ends the scan: its reason is listed, the rest is reported.
        problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
        found = [];
      }
      perFile.set(file, found);
    }
    return found;
  };

  /**
   * What a kustomization builds from, as kustomize reads it: each local entry of `resources` (and the older
   * `bases`) is a file, or a folder with its own kustomization, followed however far (an overlay's `../../base`
   * lies outside the asset's path), and its patch files. Remote entries are not fetched; nothing outside the
   * repository is read.
   */
  const kustomized = (kustomization: string, seen: Set<string>): string[] => {
    if (seen.has(kustomization)) return [];
    seen.add(kustomization);
    let data: unknown;
    try {
      data = parseYaml(read(kustomization) ?? '', { maxAliasCount: MAX_ALIASES });
    } catch {
      return []; // listed when the file itself is read
    }
    const spec = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const entries = [spec.resources, spec.bases, spec.patchesStrategicMerge].flatMap((e) =>
      Array.isArray(e) ? e : [],
    );
    // Patches kept in files (`patches: [{path}]`, `patchesJson6902: [{path}]`): an HA overlay sets replicas so.
    const patchFiles = [spec.patches, spec.patchesJson6902]
      .flatMap((e) => (Array.isArray(e) ? e : []))
      .map((p) => (typeof p === 'object' && p !== null ? (p as Record<string, unknown>).path : undefined));
    return [...entries, ...patchFiles].flatMap((entry) => {
      // An inline strategic-merge patch is YAML text, not a path: the kustomization itself reads it.
      if (typeof entry !== 'string' || entry.includes('\n') || /^[a-z]+:\/\/|^git@|\?ref=/.test(entry)) return [];
      const full = path.resolve(root, path.dirname(kustomization), entry);
      const rel = slashed(path.relative(root, full));
      if (!inside(repo, full) || !fs.existsSync(full)) {
        problems.push(
          `${kustomization}: resource ${entry} ${inside(repo, full) ? 'does not exist' : 'leaves the repository'}`,
        );
        return [];
      }
      if (!fs.statSync(full).isDirectory()) return [rel];
      const inner = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((k) =>
        fs.existsSync(path.join(full, k)),
      );
      return inner ? [`${rel}/${inner}`, ...kustomized(`${rel}/${inner}`, seen)] : [];
    });
  };
  const withBases = (files: string[]): string[] => {
    const seen = new Set<string>();
    const bases = files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).flatMap((k) => kustomized(k, seen));
    return [...new Set([...files, ...bases])].sort();
  };

  /** The runbooks alerts link by a path in the repository, wherever they live: once each, not twice. */
  const linkedRunbooks = (found: readonly Finding[], files: readonly string[]): Finding[] => {
    const targets = new Set<string>();
    for (const f of found) {
      if (!f.link) continue;
      const link = f.link.replace(/[#?].*$/, '');
      // `/docs/x.md` (a forge's file address) is from the repository's root, anything else from the file's folder.
      const full = link.startsWith('/') ? path.join(repo, link) : path.resolve(root, path.posix.dirname(f.file), link);
      const target = slashed(path.relative(root, full));
      if (!files.includes(target) && inside(repo, full) && fs.statSync(full, { throwIfNoEntry: false })?.isFile())
        targets.add(target);
    }
    return [...targets].map((file) => ({
      kind: 'runbooks' as const,
      file,
      line: 1,
      detail: 'runbook an alert links',
      fingerprint: fingerprintOf('runbooks', 'runbook an alert links'),
    }));
  };

  const ownersFile = CODEOWNERS.find((f) => fs.existsSync(path.join(repo, f)));
  const owners = ownersFile
    ? { file: slashed(path.relative(root, path.join(repo, ownersFile))), content: '' }
    : undefined;
  if (owners) owners.content = read(owners.file) ?? '';
  const assets = flows.flatMap((flow) =>
    flow.assets.map((asset) => {
      const where = `flows.csv line ${asset.line}, column path`;
      const files = withBases(asset.paths.flatMap((p) => filesOf(p, where)));
      // CODEOWNERS patterns are relative to the repository, asset paths to the data folder.
      const fromRepo = asset.paths.map((p) => slashed(path.relative(repo, path.resolve(root, p))));
      const fromFiles = files.flatMap(findingsOf);
      const findings = [
        ...fromFiles,
        ...linkedRunbooks(fromFiles, files),
        ...(owners && asset.paths.length ? codeownerFindings(owners.file, owners.content, fromRepo) : []),
      ];
      return {
        flowKey: flow.key,
        flowName: flow.name,
        assetKey: asset.key,
        assetName: asset.name,
        line: asset.line,
        paths: asset.paths,
        findings,
        kind: asset.kind,
        suggestedKind: suggestKind(
          files.flatMap((file) => {
            const text = texts.get(file);
            return text === undefined ? [] : [{ file, text }];
          }),
        ),
      };
    }),
  );
  return { assets, problems: [...new Set(problems)] };
}
