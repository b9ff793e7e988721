/** Kubernetes' own resources: workloads (replicas, probes, limits, spread), disruption budgets, autoscalers. */
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from '../finding';
import { PLACEHOLDER } from '../helm';
import { type EvidenceKind } from '../kinds';
import { type EvidenceFormat, inText, kindIn } from './format';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** The value at `path` in `owner` (map keys and list indexes), or undefined. */
export function valueAt(owner: unknown, path: readonly (string | number)[]): unknown {
  let value = owner;
  for (const key of path)
    value =
      typeof key === 'number'
        ? Array.isArray(value)
          ? value[key]
          : undefined
        : isObject(value)
          ? value[key]
          : undefined;
  return value;
}

/** Two or more replicas at `path` of `owner` (`spec.replicas`, `spec.instances`), said as `unit`. */
export function replicasAt(
  owner: Plain,
  path: (string | number)[],
  name: string,
  at: At,
  file: string,
  unit = 'replicas',
): Finding[] {
  const value = valueAt(owner, path);
  return typeof value === 'number' && value >= 2
    ? [{ kind: 'replicas', file, line: at(path), detail: `${name}: ${value} ${unit}` }]
    : [];
}

/** Resources with both requests and limits at `path` of `owner` (a template's undecided block: conditional). */
export function limitsAt(owner: Plain, path: (string | number)[], name: string, at: At, file: string): Finding[] {
  const value = valueAt(owner, path);
  if (value === PLACEHOLDER) return [undecided('resource-limits', file, at(path), `${name}: resources`)];
  return isObject(value) && isObject(value.requests) && isObject(value.limits)
    ? [{ kind: 'resource-limits', file, line: at(path), detail: `${name}: requests and limits` }]
    : [];
}

/** What a Helm template prints through a block we cannot evaluate: listed as conditional, never a yes, never blank. */
function undecided(kind: EvidenceKind, file: string, line: number, detail: string): Finding {
  return { kind, file, line, detail, conditional: 'templated' };
}

/** A Deployment, StatefulSet, DaemonSet or ReplicaSet (or a Rollout, read as one): its pods as it runs them. */
export function workload(resource: Plain, kind: string, at: At, file: string): Finding[] {
  const name = `${kind} ${nameOf(resource)}`;
  const spec = isObject(resource.spec) ? resource.spec : {};
  const found: Finding[] = replicasAt(resource, ['spec', 'replicas'], name, at, file);
  const template = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  const podPath = ['spec', 'template', 'spec'];
  const antiAffinity = isObject(template.affinity) ? template.affinity.podAntiAffinity : undefined;
  if (antiAffinity === PLACEHOLDER)
    found.push(undecided('topology-spread', file, at([...podPath, 'affinity']), `${name}: pod anti-affinity`));
  else if (list(template.topologySpreadConstraints).length > 0 || isObject(antiAffinity)) {
    found.push({
      kind: 'topology-spread',
      file,
      line: at([
        ...podPath,
        list(template.topologySpreadConstraints).length ? 'topologySpreadConstraints' : 'affinity',
      ]),
      detail: `${name} spreads its pods`,
    });
  }
  list(template.containers).forEach((c, i) => {
    if (!isObject(c)) return;
    const container = `${name}, container ${text(c.name) || i + 1}`;
    for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
      if (c[probe] === PLACEHOLDER)
        found.push(
          undecided('health-probes', file, at([...podPath, 'containers', i, probe]), `${container}: ${probe}`),
        );
      else if (isObject(c[probe]))
        found.push({
          kind: 'health-probes',
          file,
          line: at([...podPath, 'containers', i, probe]),
          detail: `${container}: ${probe}`,
        });
    }
    found.push(...limitsAt(resource, [...podPath, 'containers', i, 'resources'], container, at, file));
  });
  return found;
}

export const KUBERNETES_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'Kubernetes workloads',
    mayBeIn: inText(kindIn(...WORKLOADS)),
    resource: (data, at, file) =>
      WORKLOADS.has(text(data.kind)) ? workload(data, text(data.kind), at, file) : undefined,
  },
  {
    name: 'PodDisruptionBudgets',
    mayBeIn: inText(kindIn('PodDisruptionBudget')),
    resource: (data, at, file) =>
      text(data.kind) === 'PodDisruptionBudget'
        ? [{ kind: 'disruption-budget', file, line: at([]), detail: `PodDisruptionBudget ${nameOf(data)}` }]
        : undefined,
  },
  {
    name: 'HorizontalPodAutoscalers',
    mayBeIn: inText(kindIn('HorizontalPodAutoscaler')),
    resource: (data, at, file) =>
      text(data.kind) === 'HorizontalPodAutoscaler'
        ? [{ kind: 'autoscaling', file, line: at([]), detail: `HorizontalPodAutoscaler ${nameOf(data)}` }]
        : undefined,
  },
];
