/** What a kustomization builds from: the asset's files plus the bases and patch files its kustomizations name. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { inside, type RepositoryReader, slashed } from './repository-reader';
import { MAX_ALIASES } from './yaml-options';

/**
 * What a kustomization builds from, as kustomize reads it: each local entry of `resources` (and the older
 * `bases`) is a file, or a folder with its own kustomization, followed however far (an overlay's `../../base`
 * lies outside the asset's path), and its patch files. Remote entries are not fetched; nothing outside the
 * repository is read.
 */
function kustomized(reader: RepositoryReader, kustomization: string, seen: Set<string>): string[] {
  if (seen.has(kustomization)) return [];
  seen.add(kustomization);
  let data: unknown;
  try {
    data = parseYaml(reader.read(kustomization) ?? '', { maxAliasCount: MAX_ALIASES });
  } catch {
    return []; // listed when the file itself is read
  }
  const spec = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const entries = [spec.resources, spec.bases, spec.patchesStrategicMerge].flatMap((e) => (Array.isArray(e) ? e : []));
  // Patches kept in files (`patches: [{path}]`, `patchesJson6902: [{path}]`): an HA overlay sets replicas so.
  const patchFiles = [spec.patches, spec.patchesJson6902]
    .flatMap((e) => (Array.isArray(e) ? e : []))
    .map((p) => (typeof p === 'object' && p !== null ? (p as Record<string, unknown>).path : undefined));
  return [...entries, ...patchFiles].flatMap((entry) => {
    // An inline strategic-merge patch is YAML text, not a path: the kustomization itself reads it.
    if (typeof entry !== 'string' || entry.includes('\n') || /^[a-z]+:\/\/|^git@|\?ref=/.test(entry)) return [];
    const full = path.resolve(reader.root, path.dirname(kustomization), entry);
    const rel = slashed(path.relative(reader.root, full));
    if (!inside(reader.repo, full) || !fs.existsSync(full)) {
      reader.problems.push(
        `${kustomization}: resource ${entry} ${inside(reader.repo, full) ? 'does not exist' : 'leaves the repository'}`,
      );
      return [];
    }
    if (!fs.statSync(full).isDirectory()) return [rel];
    const inner = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((k) =>
      fs.existsSync(path.join(full, k)),
    );
    return inner ? [`${rel}/${inner}`, ...kustomized(reader, `${rel}/${inner}`, seen)] : [];
  });
}

/** `files` with everything their kustomizations build from, each once, sorted. */
export function withBases(reader: RepositoryReader, files: string[]): string[] {
  const seen = new Set<string>();
  const bases = files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).flatMap((k) => kustomized(reader, k, seen));
  return [...new Set([...files, ...bases])].sort();
}
