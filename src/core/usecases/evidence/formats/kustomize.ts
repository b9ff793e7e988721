/** Kustomize: the replicas a kustomization's transformer and inline patches set, and JSON 6902 patch files. */
import { parse as parseYaml } from 'yaml';

import { type At, type Finding, isObject, list, nameOf, type Plain, text } from '../finding';
import { MAX_ALIASES, YAML_OPTIONS } from '../yaml-options';
import { type EvidenceFormat, kindIn } from './format';

/** A kustomization's `replicas` transformer and its inline patches: the replicas they set. */
function kustomizeReplicas(data: Plain, at: At, file: string): Finding[] {
  const patched = (['patches', 'patchesJson6902'] as const).flatMap((key) =>
    list(data[key]).flatMap((p, i) =>
      isObject(p) && typeof p.patch === 'string'
        ? inlinePatch(p.patch, isObject(p.target) ? text(p.target.name) : '', at([key, i, 'patch']), file)
        : [],
    ),
  );
  return [...patched, ...transformerReplicas(data, at, file)];
}

/** Replicas an inline patch sets: a strategic merge (a partial Deployment) or JSON 6902 operations. */
function inlinePatch(patch: string, target: string, line: number, file: string): Finding[] {
  let data: unknown;
  try {
    data = parseYaml(patch, { ...YAML_OPTIONS, maxAliasCount: MAX_ALIASES });
  } catch {
    return [];
  }
  const replicas = Array.isArray(data)
    ? jsonPatchReplicas(data)
    : isObject(data) && isObject(data.spec)
      ? data.spec.replicas
      : undefined;
  const name = target || (isObject(data) ? nameOf(data) : '');
  return typeof replicas === 'number' && replicas >= 2
    ? [{ kind: 'replicas', file, line, detail: `kustomize patch: ${name} ${replicas} replicas` }]
    : [];
}

/** The replicas JSON 6902 operations set (`op: replace`, `path: /spec/replicas`). */
export function jsonPatchReplicas(ops: unknown[]): unknown {
  const op = ops.find(
    (o): o is Plain => isObject(o) && (o.op === 'replace' || o.op === 'add') && o.path === '/spec/replicas',
  );
  return op?.value;
}

function transformerReplicas(data: Plain, at: At, file: string): Finding[] {
  return list(data.replicas).flatMap((r, i) =>
    isObject(r) && typeof r.count === 'number' && r.count >= 2
      ? [
          {
            kind: 'replicas' as const,
            file,
            line: at(['replicas', i]),
            detail: `kustomize: ${text(r.name)} ${r.count} replicas`,
          },
        ]
      : [],
  );
}

const KUSTOMIZATION_FILE = /(^|\/)kustomization\.ya?ml$/;
const isKustomization = kindIn('Kustomization');

export const KUSTOMIZE_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'kustomizations and their patches',
    mayBeIn: (file, t) => KUSTOMIZATION_FILE.test(file) || isKustomization(t) || t.includes('/spec/replicas'),
    resource: (data, at, file) =>
      text(data.kind) === 'Kustomization' || KUSTOMIZATION_FILE.test(file)
        ? kustomizeReplicas(data, at, file)
        : undefined,
  },
];
