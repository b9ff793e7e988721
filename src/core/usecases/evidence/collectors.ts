/**
 * Reads evidence from one file of the repository: YAML through a real parser (every document of a multi-document
 * file, with lines), other files by their names and, for load tests and Helm templates, their text.
 */
import { createHash } from 'node:crypto';

import picomatch from 'picomatch';
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  parse as parseYaml,
  parseAllDocuments,
} from 'yaml';

import { codeownersAnchored, pathMatcher } from '../../domain/path-match';
import { artefactFindings, textArtefact } from './artefacts';
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from './finding';
import { type HelmContext, PLACEHOLDER, renderTemplate } from './helm';
import { type EvidenceKind } from './kinds';

export type { Finding } from './finding';

/** The fingerprint of a finding of `kind` said as `detail` over `content` (what the YAML holds at its place). */
export function fingerprintOf(kind: EvidenceKind, detail: string, content: unknown = null): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, detail, content ?? null]))
    .digest('hex')
    .slice(0, 16);
}

/** Findings with their fingerprints: over the value each was found at (`valueOf` its line), else over what it says. */
function fingerprinted(found: Finding[], valueOf: (line: number) => unknown = () => null): Finding[] {
  return found.map((f) =>
    f.fingerprint ? f : { ...f, fingerprint: fingerprintOf(f.kind, f.detail, valueOf(f.line)) },
  );
}

/**
 * Wraps a document's line lookup so each line remembers the most specific path asked for it: a finding's line
 * then leads back to the value it was found at.
 */
function pathRecorder(at: At): { at: At; pathOf: (line: number) => (string | number)[] | undefined } {
  const asked = new Map<number, (string | number)[]>();
  return {
    at: (path) => {
      const line = at(path);
      if ((asked.get(line)?.length ?? -1) < path.length) asked.set(line, path);
      return line;
    },
    pathOf: (line) => asked.get(line),
  };
}

/** A Helm chart's default values, for reading its templates, and what its templates are. */
export interface Chart extends HelmContext {
  values: unknown;
  /** Whether it has templates: then they decide, and values.yaml is read only through them. */
  templated?: boolean;
  /** The `.Values` paths its templates read (`server.replicaCount`): what an override file may change. */
  reads?: ReadonlySet<string>;
}

/**
 * The most alias resolutions one YAML file may take: a compose or CI file uses one anchor hundreds of times, while an
 * alias bomb multiplies far past this (yaml's own default, 100, failed on such ordinary files).
 */
export const MAX_ALIASES = 1000;

/**
 * How every YAML file is parsed: duplicate keys allowed (kubectl keeps the last), and the library's warnings
 * kept to itself (a document's errors are what we report).
 */
const YAML_OPTIONS = { uniqueKeys: false, logLevel: 'error' } as const;

/** The 1-based line where `path` is in the document: a map entry's key line (the document's own line when the path is not there). */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let at = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair =
        node.items.find((p) => isScalar(p.key) && p.key.value === key) ??
        // A key a merge (`<<: {…}`, a rendered Helm block) brought in: at the merge's line.
        node.items.find(
          (p) => isScalar(p.key) && typeof p.key.value === 'symbol' && isMap(p.value) && p.value.has(key),
        );
      if (!pair) break;
      at = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      at = (node as YamlNode | undefined)?.range?.[0] ?? at;
    } else break;
  }
  return counter.linePos(at).line;
}

/**
 * Where a runbook address points inside the repository: a relative path as given, a forge's file address
 * (`https://github.com/org/repo/blob/main/docs/x.md`, GitLab's `/-/blob/`) as `/docs/x.md` from its root; undefined
 * for anything else (the scan checks the file is there).
 */
function repositoryLink(url: string): string | undefined {
  if (url.includes('{{')) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const blob = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/(?:-\/)?blob\/[^/]+\/([^#?]+)/.exec(url);
  return blob ? `/${blob[1]}` : undefined;
}

/** Prometheus alerting rules, from a rule file (`groups`) or a PrometheusRule (`spec.groups`). */
function alertRules(
  groups: unknown,
  base: (string | number)[],
  at: (path: (string | number)[]) => number,
  file: string,
): Finding[] {
  const found: Finding[] = [];
  list(groups).forEach((group, g) => {
    if (!isObject(group)) return;
    list(group.rules).forEach((rule, r) => {
      if (!isObject(rule) || !text(rule.alert)) return;
      const path = [...base, g, 'rules', r];
      const alert = text(rule.alert);
      found.push({ kind: 'alert-rules', file, line: at([...path, 'alert']), detail: `alert ${alert}` });
      const annotations = isObject(rule.annotations) ? rule.annotations : {};
      const runbook = text(annotations.runbook_url);
      if (runbook)
        found.push({
          kind: 'runbook-links',
          file,
          line: at([...path, 'annotations', 'runbook_url']),
          detail: `alert ${alert} links its runbook`,
          // A path in the repository: the runbook itself is evidence too, wherever it lives.
          ...(repositoryLink(runbook) === undefined ? {} : { link: repositoryLink(runbook) }),
        });
      const labels = isObject(rule.labels) ? rule.labels : {};
      if (/burn.?rate|error.?budget|slo:/i.test(`${alert} ${text(rule.expr)} ${Object.keys(labels).join(' ')}`)) {
        found.push({
          kind: 'burn-rate-alerts',
          file,
          line: at([...path, 'expr']),
          detail: `alert ${alert} on burn rate`,
        });
      }
    });
  });
  return found;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** The value at `path` in `owner` (map keys and list indexes), or undefined. */
function valueAt(owner: unknown, path: readonly (string | number)[]): unknown {
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
function replicasAt(
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
function limitsAt(owner: Plain, path: (string | number)[], name: string, at: At, file: string): Finding[] {
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

function workload(resource: Plain, kind: string, at: At, file: string): Finding[] {
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

/**
 * Whether a Sloth SLO's alerting makes burn-rate alerts: an alerting block, unless both its page and its ticket
 * alerts say `disable: true` (Sloth's spec: `pageAlert`/`ticketAlert` in the Kubernetes resource, `page_alert`/
 * `ticket_alert` in the prometheus/v1 file).
 */
function slothAlerts(alerting: unknown): boolean {
  if (!isObject(alerting)) return false;
  const off = (a: unknown) => isObject(a) && a.disable === true;
  const page = alerting.pageAlert ?? alerting.page_alert;
  const ticket = alerting.ticketAlert ?? alerting.ticket_alert;
  return !(off(page) && off(ticket));
}

/** Sloth SLOs (`slos`, under `spec` in the resource, at the top of a prometheus/v1 file), with their alerts. */
function slothSlos(slos: unknown, base: (string | number)[], service: string, at: At, file: string): Finding[] {
  return list(slos).flatMap((slo, i) => {
    const name = (isObject(slo) ? text(slo.name) : '') || service;
    const found: Finding[] = [{ kind: 'slo', file, line: at([...base, i]), detail: `SLO ${name} (Sloth)` }];
    if (isObject(slo) && slothAlerts(slo.alerting))
      found.push({
        kind: 'burn-rate-alerts',
        file,
        line: at([...base, i, 'alerting']),
        detail: `SLO ${name}: Sloth burn-rate alerts`,
      });
    return found;
  });
}

/** Chaos Mesh kinds that configure or reach a target rather than inject a fault (chaos-mesh.org API reference). */
const CHAOS_MESH_NOT_EXPERIMENTS = new Set(['StatusCheck', 'RemoteCluster', 'PhysicalMachine']);

/** The operators' own resources for Prometheus and PostgreSQL: replicas, resources and backups as they spell them. */
function operatorResource(api: string, kind: string, data: Plain, at: At, file: string): Finding[] | undefined {
  const spec = isObject(data.spec) ? data.spec : {};
  const name = `${kind} ${nameOf(data)}`;
  const found: Finding[] = [];
  if (api.startsWith('monitoring.coreos.com/') && ['Prometheus', 'Alertmanager', 'ThanosRuler'].includes(kind))
    return [
      ...replicasAt(data, ['spec', 'replicas'], name, at, file),
      ...limitsAt(data, ['spec', 'resources'], name, at, file),
    ];
  if (api.startsWith('postgresql.cnpg.io/') && kind === 'Cluster') {
    found.push(...replicasAt(data, ['spec', 'instances'], `${name} (CloudNativePG)`, at, file, 'instances'));
    if (isObject(spec.backup))
      found.push({ kind: 'backups', file, line: at(['spec', 'backup']), detail: `${name}: backups (CloudNativePG)` });
    return found;
  }
  if (api.startsWith('postgres-operator.crunchydata.com/') && kind === 'PostgresCluster') {
    list(spec.instances).forEach((_, i) =>
      found.push(...replicasAt(data, ['spec', 'instances', i, 'replicas'], `${name} (Crunchy)`, at, file)),
    );
    if (isObject(spec.backups))
      found.push({
        kind: 'backups',
        file,
        line: at(['spec', 'backups']),
        detail: `${name}: backups (Crunchy pgBackRest)`,
      });
    return found;
  }
  return undefined;
}

/**
 * One YAML document: the resources and rule files we know by their apiVersion and kind (or shape); a document that
 * is a list of them (OpenSLO's examples) is read item by item.
 */
function fromDocument(doc: Document, counter: LineCounter, file: string): Finding[] {
  const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
  const recorder = pathRecorder((path) => lineOf(doc, counter, path));
  const patchReplicas = Array.isArray(data) ? jsonPatchReplicas(data) : undefined;
  const found = Array.isArray(data)
    ? typeof patchReplicas === 'number'
      ? patchReplicas >= 2
        ? [{ kind: 'replicas' as const, file, line: recorder.at([]), detail: `JSON patch: ${patchReplicas} replicas` }]
        : []
      : data.flatMap((item, i) => (isObject(item) ? fromResource(item, [i], recorder.at, file) : []))
    : isObject(data)
      ? fromResource(data, [], recorder.at, file)
      : [];
  return fingerprinted(found, (line) => {
    const path = recorder.pathOf(line);
    return path && valueAt(data, path);
  });
}

/** A resource (or a rule file) at `base` in its document; a `kind: List` is read item by item. */
function fromResource(data: Plain, base: (string | number)[], atDoc: At, file: string): Finding[] {
  const at: At = (path) => atDoc([...base, ...path]);
  const api = text(data.apiVersion);
  const kind = text(data.kind);
  const spec = isObject(data.spec) ? data.spec : {};
  const line = at([]);
  const name = nameOf(data);
  if (kind === 'List' && Array.isArray(data.items))
    return data.items.flatMap((item, i) =>
      isObject(item) ? fromResource(item, [...base, 'items', i], atDoc, file) : [],
    );
  const artefact = artefactFindings(data, at, file, (resource, k) => workload(resource, k, at, file));
  if (artefact) return artefact;
  // OpenSLO v1 (`openslo/v1`) and v2 (`openslo.com/v2alpha`).
  if (/^openslo(\.com)?\//.test(api) && kind === 'SLO')
    return [{ kind: 'slo', file, line, detail: `SLO ${name} (OpenSLO)` }];
  if (api.startsWith('sloth.slok.dev/') && kind === 'PrometheusServiceLevel')
    return slothSlos(spec.slos, ['spec', 'slos'], name, at, file);
  // Sloth's default spec, a file of its own: `version: "prometheus/v1"`, `service`, `slos`.
  if (!api && text(data.version) === 'prometheus/v1' && Array.isArray(data.slos))
    return slothSlos(data.slos, ['slos'], text(data.service) || name, at, file);
  if (api.startsWith('pyrra.dev/') && kind === 'ServiceLevelObjective') {
    // Pyrra generates multi-window burn-rate alerts for every objective, unless its alerting says not to.
    const alerting = isObject(spec.alerting) ? spec.alerting : {};
    const off = alerting.disabled === true || alerting.burnrates === false;
    return [
      { kind: 'slo', file, line, detail: `SLO ${name} (Pyrra)` },
      ...(off
        ? []
        : [{ kind: 'burn-rate-alerts' as const, file, line, detail: `SLO ${name}: Pyrra burn-rate alerts` }]),
    ];
  }
  const operated = operatorResource(api, kind, data, at, file);
  if (operated) return operated;
  if (kind === 'ConfigMap' && isObject(data.data))
    return [...embeddedRules(data.data, at, file), ...embeddedDashboards(data.data, at, file)];
  if (api.startsWith('argoproj.io/') && /Workflow/.test(kind) && /litmuschaos\.io/.test(JSON.stringify(spec)))
    return [{ kind: 'chaos-experiments', file, line, detail: `${kind} ${name} (Litmus, as an Argo workflow)` }];
  if (kind === 'Kustomization' || /(^|\/)kustomization\.ya?ml$/.test(file)) return kustomizeReplicas(data, at, file);
  if (api.startsWith('monitoring.coreos.com/') && kind === 'PrometheusRule')
    return alertRules(spec.groups, ['spec', 'groups'], at, file);
  if (!api && !kind && Array.isArray(data.groups)) return alertRules(data.groups, ['groups'], at, file);
  if (WORKLOADS.has(kind)) return workload(data, kind, at, file);
  if (kind === 'PodDisruptionBudget')
    return [{ kind: 'disruption-budget', file, line, detail: `PodDisruptionBudget ${name}` }];
  if (kind === 'HorizontalPodAutoscaler')
    return [{ kind: 'autoscaling', file, line, detail: `HorizontalPodAutoscaler ${name}` }];
  if (api.startsWith('chaos-mesh.org/') && !CHAOS_MESH_NOT_EXPERIMENTS.has(kind))
    return [{ kind: 'chaos-experiments', file, line, detail: `${kind} ${name} (Chaos Mesh)` }];
  if (
    api.startsWith('litmuschaos.io/') &&
    (kind === 'ChaosEngine' || kind === 'ChaosExperiment' || kind === 'ChaosSchedule')
  ) {
    return [{ kind: 'chaos-experiments', file, line, detail: `${kind} ${name} (Litmus)` }];
  }
  if (api.startsWith('velero.io/') && kind === 'Schedule')
    return [{ kind: 'backups', file, line, detail: `Velero Schedule ${name}` }];
  if (kind === 'CronJob' && /backup/i.test(name)) return [{ kind: 'backups', file, line, detail: `CronJob ${name}` }];
  return [];
}

/** Prometheus rule files a ConfigMap carries in its data (`*.rules`, `*.yaml`): lines counted from the key's. */
function embeddedRules(data: Plain, at: At, file: string): Finding[] {
  return Object.entries(data).flatMap(([key, value]) => {
    if (typeof value !== 'string' || !/\.(rules|ya?ml)$/.test(key) || !/^\s*groups\s*:/m.test(value)) return [];
    const keyLine = at(['data', key]);
    return collect(file, value, () => undefined, { as: 'rules' }).map((f) => ({ ...f, line: keyLine + f.line }));
  });
}

/** Grafana dashboards a ConfigMap carries for Grafana's sidecar (`*.json` keys): at the key's line. */
function embeddedDashboards(data: Plain, at: At, file: string): Finding[] {
  return Object.entries(data).flatMap(([key, value]) => {
    if (typeof value !== 'string' || !/\.json$/.test(key) || !value.includes('"panels"')) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
    const line = at(['data', key]);
    return isObject(parsed)
      ? (artefactFindings(
          parsed,
          () => line,
          file,
          () => [],
        ) ?? [])
      : [];
  });
}

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
function jsonPatchReplicas(ops: unknown[]): unknown {
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

const filled = (v: unknown) => isObject(v) && Object.keys(v).length > 0;

/**
 * A Helm chart's values file (values.yaml, values-prod.yaml), read at any depth by the chart conventions:
 * `replicaCount`/`replicas` of two or more, `autoscaling.enabled: true`, `resources` with requests and limits,
 * a `podDisruptionBudget` that is enabled or sets minAvailable/maxUnavailable. `{}`, `limits: {}` and
 * `enabled: false` are off.
 */
function helmValues(doc: Document, counter: LineCounter, file: string): Finding[] {
  const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
  const recorder = pathRecorder((path) => lineOf(doc, counter, path));
  const at = recorder.at;
  const found: Finding[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      const name = `Helm values ${here.join('.')}`;
      if ((key === 'replicaCount' || key === 'replicas') && typeof value === 'number' && value >= 2)
        found.push({ kind: 'replicas', file, line: at(here), detail: `${name}: ${value}` });
      if (key === 'autoscaling' && isObject(value) && value.enabled === true)
        found.push({ kind: 'autoscaling', file, line: at([...here, 'enabled']), detail: `${name}.enabled` });
      if (key === 'resources' && isObject(value) && filled(value.requests) && filled(value.limits))
        found.push({ kind: 'resource-limits', file, line: at(here), detail: `${name}: requests and limits` });
      if (
        key === 'podDisruptionBudget' &&
        isObject(value) &&
        value.enabled !== false &&
        (value.enabled === true || value.minAvailable !== undefined || value.maxUnavailable !== undefined)
      )
        found.push({ kind: 'disruption-budget', file, line: at(here), detail: name });
      walk(value, here);
    }
  };
  walk(data, []);
  return fingerprinted(found, (line) => {
    const path = recorder.pathOf(line);
    return path && valueAt(data, path);
  });
}

/**
 * A chart's values file, read through its templates: values.yaml is what the rendered templates already show, so
 * it adds nothing; an override file (values-prod.yaml) counts only for the values the templates read.
 */
function chartValues(found: Finding[], base: string, chart: Chart | undefined): Finding[] {
  if (!chart?.templated) return found;
  if (base === 'values.yaml' || base === 'values.yml') return [];
  const reads = chart.reads ?? new Set<string>();
  return found.filter((f) => {
    const path = /^Helm values ([^:]+?)(\.enabled)?(:|$)/.exec(f.detail)?.[1] ?? '';
    return [...reads].some((r) => r === path || r.startsWith(`${path}.`));
  });
}

/** Lines of a text file that start a key we look for: for Helm templates, which are not YAML until rendered. */
function textKeys(content: string, file: string, keys: Record<string, [EvidenceKind, string]>): Finding[] {
  const found: Finding[] = [];
  content.split('\n').forEach((l, i) => {
    // `kind: PodDisruptionBudget` by its value; any other line by its key.
    const key = /^\s*kind:\s*["']?(\w+)/.exec(l)?.[1] ?? /^\s*(?:-\s+)?([A-Za-z]+):/.exec(l)?.[1];
    // An own key only: `constructor:` must not find Object.prototype's.
    const hit = key && Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (hit)
      found.push({
        kind: hit[0],
        file,
        line: i + 1,
        detail: hit[1],
        fingerprint: fingerprintOf(hit[0], hit[1], l.trim()),
      });
  });
  return found;
}

const TEMPLATE_KEYS: Record<string, [EvidenceKind, string]> = {
  readinessProbe: ['health-probes', 'Helm template: readinessProbe'],
  livenessProbe: ['health-probes', 'Helm template: livenessProbe'],
  topologySpreadConstraints: ['topology-spread', 'Helm template: topologySpreadConstraints'],
  PodDisruptionBudget: ['disruption-budget', 'Helm template: PodDisruptionBudget'],
  HorizontalPodAutoscaler: ['autoscaling', 'Helm template: HorizontalPodAutoscaler'],
};

/** Kubernetes manifests, rule files and SLO specs, however the file is spelled: YAML, JSON, or `*.rules`. */
const MANIFEST = /\.(ya?ml|json|rules)$/i;
const VALUES_OR_KUSTOMIZATION = /^(values([-.][\w.-]+)?|kustomization)\.ya?ml$/;

/**
 * Whether a manifest can hold evidence at all, judged on its text before the parse that costs most of a scan:
 * files whose every top-level kind is a CustomResourceDefinition (0.6–0.85 MB each in real trees, never
 * evidence), and files with no kind, rule groups or SLOs (CI workflows, compose files) are not parsed.
 */
function worthParsing(base: string, content: string): boolean {
  if (VALUES_OR_KUSTOMIZATION.test(base)) return true;
  const kinds = [...content.matchAll(/^kind:\s*["']?(\w+)/gm)].map((m) => m[1]);
  if (kinds.length > 0) return kinds.some((k) => k !== 'CustomResourceDefinition');
  return (
    /^\s*"?(kind|groups|slos|panels|method|steady-state-hypothesis|stopConditions|slo_name)"?\s*:/m.test(content) ||
    content.includes('/spec/replicas')
  );
}

/** A template read against its chart's defaults: its resources as rendered, blocks undecided marked so. */
function fromTemplate(file: string, content: string, chart: Chart): Finding[] {
  const rendered = renderTemplate(content, chart.values, chart);
  const counter = new LineCounter();
  const docs = parseAllDocuments(rendered.text, { lineCounter: counter, ...YAML_OPTIONS, merge: true });
  const parsed = Array.isArray(docs) && docs.every((d) => d.errors.length === 0);
  // What does not parse even so (a template building YAML in loops) is read by its keys, line by line.
  const found =
    parsed && Array.isArray(docs)
      ? docs.flatMap((doc) => fromDocument(doc, counter, file))
      : textKeys(rendered.text, file, TEMPLATE_KEYS);
  return found.map((f) => {
    const key = rendered.conditional.get(f.line) ?? f.conditional;
    if (key === undefined) return f;
    const on = key.startsWith('include ') || key.startsWith('values set by ') ? key : `values${key ? `: ${key}` : ''}`;
    return {
      ...f,
      detail: `${f.detail} (conditional on ${key === 'templated' ? 'a block not evaluated here' : on})`,
      conditional: key || 'values',
    };
  });
}

/**
 * What one file says; `onParseError` is called for a file that does not parse (reported, never fatal). `as`:
 * read the text as this kind of file whatever its name (a rule file a ConfigMap carries). `chart`: the file is a
 * template of this chart.
 */
export function collect(
  file: string,
  content: string,
  onParseError: (message: string) => void = () => undefined,
  options: CollectOptions = {},
): Finding[] {
  // Bare CR line endings are valid YAML line breaks, which the parser's line counting does not take.
  return fingerprinted(collectUnprinted(file, content.replace(/\r\n?/g, '\n'), onParseError, options));
}

export interface CollectOptions {
  /** Read the text as this kind of file whatever its name (a rule file a ConfigMap carries, a bundle's document). */
  as?: 'rules' | 'manifest';
  /** The file is a template of this chart. */
  chart?: Chart;
  /** The file is a values file of this chart. */
  valuesOf?: Chart;
}

function collectUnprinted(
  file: string,
  content: string,
  onParseError: (message: string) => void,
  options: CollectOptions,
): Finding[] {
  const { as, chart } = options;
  const base = file.split('/').pop() ?? file;
  if (chart && /\.ya?ml$/i.test(base) && content.includes('{{')) return fromTemplate(file, content, chart);
  if (!as && /\.ya?ml$/i.test(base) && content.length > BUNDLE_FROM) return fromBundle(file, content, onParseError);
  if (as || MANIFEST.test(base)) {
    if (!as && !worthParsing(base, content)) return [];
    const counter = new LineCounter();
    const docs = parseAllDocuments(content, { lineCounter: counter, ...YAML_OPTIONS });
    if (!Array.isArray(docs)) return [];
    return docs.flatMap((doc) => {
      if (doc.errors.length > 0) {
        // A JSON file that is not a manifest (package.json with comments) is no evidence, not a problem.
        if (!/\.json$/i.test(base))
          onParseError(`${file}: ${doc.errors[0]?.message.split('\n')[0] ?? 'not valid YAML'}`);
        return [];
      }
      return VALUES_OR_KUSTOMIZATION.test(base) && !base.startsWith('kustomization') && !as
        ? chartValues(helmValues(doc, counter, file), base, options.valuesOf)
        : fromDocument(doc, counter, file);
    });
  }
  const textual = textArtefact(file, content);
  if (textual) return textual;
  if (/\.py$/.test(base)) {
    // Locust tests by what they import, whatever the file is called (locustio/locust's examples/).
    const line = content.split('\n').findIndex((l) => /^\s*(from\s+locust\s+import|import\s+locust\b)/.test(l));
    return line >= 0 ? [{ kind: 'load-tests', file, line: line + 1, detail: 'Locust load test' }] : [];
  }
  if (/\.(js|ts|mjs)$/.test(base)) {
    const lines = content.split('\n');
    const k6 = lines.findIndex((l) => /from\s+['"]k6(\/[\w/-]*)?['"]|require\(['"]k6/.test(l));
    if (k6 >= 0) return [{ kind: 'load-tests', file, line: k6 + 1, detail: 'k6 load test' }];
    // Gatling's JavaScript and TypeScript SDK (gatling/gatling-js-demo).
    const gatling = lines.findIndex((l) => /from\s+['"]@gatling\.io\/core['"]|require\(['"]@gatling\.io\/core/.test(l));
    return gatling >= 0 ? [{ kind: 'load-tests', file, line: gatling + 1, detail: 'Gatling simulation' }] : [];
  }
  if (/\.(scala|java|kt)$/.test(base)) {
    const line = content.split('\n').findIndex((l) => /extends\s+Simulation\b|:\s*Simulation\(\)/.test(l));
    return line >= 0 ? [{ kind: 'load-tests', file, line: line + 1, detail: 'Gatling simulation' }] : [];
  }
  return [];
}

/** Past this size a YAML file is read one document at a time: an install bundle, most of it CRDs. */
const BUNDLE_FROM = 1 << 20;

/** A bundle's documents, each read on its own (a CRD not parsed at all), its findings at their lines in the file. */
function fromBundle(file: string, content: string, onParseError: (message: string) => void): Finding[] {
  const found: Finding[] = [];
  let line = 0;
  for (const doc of content.split(/^---[ \t]*$/m)) {
    const shift = line;
    line += doc.split('\n').length - 1;
    if (!worthParsing('', doc)) continue;
    const inner = collectUnprinted(file, doc, onParseError, { as: 'manifest' });
    found.push(...inner.map((f) => ({ ...f, line: f.line + shift })));
  }
  return found;
}

/** Files that are evidence by where they are: runbooks and postmortems. */
export function documentFinding(file: string): Finding | undefined {
  if (!/\.(md|markdown|adoc|rst|txt)$/i.test(file)) return undefined;
  // Hugo's `_index.md` (prometheus-operator/runbooks) is a navigation page, not a runbook.
  if (/(^|\/)_index\.md$/i.test(file)) return undefined;
  // runbooks/, docs/runbooks/, openshift/runbooks' alerts/<operator>/<Alert>.md, or a file named for runbooks.
  if (/(^|\/)(docs\/)?runbooks?\/|(^|\/)alerts\/[^/]+\/[^/]+\.md$|(^|\/)[^/]*runbook[^/]*$/i.test(file))
    return { kind: 'runbooks', file, line: 1, detail: 'runbook', fingerprint: fingerprintOf('runbooks', 'runbook') };
  if (/(^|\/)post-?mortems?\//i.test(file))
    return {
      kind: 'postmortems',
      file,
      line: 1,
      detail: 'postmortem',
      fingerprint: fingerprintOf('postmortems', 'postmortem'),
    };
  return undefined;
}

/** A CODEOWNERS file's rules, as GitHub reads them: gitignore-style patterns, comments and blank lines left out. */
function codeownerRules(content: string) {
  return content.split('\n').flatMap((l, i) => {
    const [pattern, ...owners] = l
      .replace(/(^|\s)#.*/, '')
      .trim()
      .split(/\s+/);
    return pattern ? [{ line: i + 1, owners, matches: pathMatcher(pattern, codeownersAnchored(pattern)) }] : [];
  });
}

/** The line that owns `path` (relative to the repository root) and its owners: the last matching line wins. */
export function codeownersOf(content: string, path: string): { line: number; owners: string[] } | undefined {
  const folder = picomatch.scan(path.replace(/^\.\//, '')).base || path;
  return codeownerRules(content).findLast((r) => r.matches(folder));
}

/**
 * The CODEOWNERS line that owns each of `paths` (relative to the repository root), as GitHub applies the file:
 * a later line with no owners leaves the path unowned.
 */
export function codeownerFindings(file: string, content: string, paths: readonly string[]): Finding[] {
  const found = new Map<number, Finding>();
  for (const p of paths) {
    const owner = codeownersOf(content, p);
    if (owner && owner.owners.length > 0)
      found.set(owner.line, {
        kind: 'codeowners',
        file,
        line: owner.line,
        detail: `owned by ${owner.owners.join(' ')}`,
        fingerprint: fingerprintOf('codeowners', `owned by ${owner.owners.join(' ')}`),
      });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}
