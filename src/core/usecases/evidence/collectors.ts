/**
 * Reads evidence from one file of the repository: YAML through a real parser (every document of a multi-document
 * file, with lines), other files by their names and, for load tests and Helm templates, their text.
 */
import picomatch from 'picomatch';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, parseAllDocuments } from 'yaml';

import { codeownersAnchored, pathMatcher } from '../../domain/path-match';
import { type EvidenceKind } from './kinds';

export interface Finding {
  kind: EvidenceKind;
  /** Relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
  /** What was found, for people: "SLO checkout-availability (OpenSLO)". */
  detail: string;
}

type Plain = Record<string, unknown>;

const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The 1-based line where `path` is in the document: a map entry's key line (the document's own line when the path is not there). */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let at = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
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

function nameOf(resource: Plain): string {
  const metadata = isObject(resource.metadata) ? resource.metadata : {};
  return text(metadata.name) || '(unnamed)';
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
      if (text(annotations.runbook_url))
        found.push({
          kind: 'runbook-links',
          file,
          line: at([...path, 'annotations', 'runbook_url']),
          detail: `alert ${alert} links its runbook`,
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

function workload(resource: Plain, kind: string, at: (path: (string | number)[]) => number, file: string): Finding[] {
  const found: Finding[] = [];
  const name = `${kind} ${nameOf(resource)}`;
  const spec = isObject(resource.spec) ? resource.spec : {};
  if (typeof spec.replicas === 'number' && spec.replicas >= 2)
    found.push({
      kind: 'replicas',
      file,
      line: at(['spec', 'replicas']),
      detail: `${name}: ${spec.replicas} replicas`,
    });
  const template = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  const podPath = ['spec', 'template', 'spec'];
  if (
    list(template.topologySpreadConstraints).length > 0 ||
    (isObject(template.affinity) && isObject(template.affinity.podAntiAffinity))
  ) {
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
      if (isObject(c[probe]))
        found.push({
          kind: 'health-probes',
          file,
          line: at([...podPath, 'containers', i, probe]),
          detail: `${container}: ${probe}`,
        });
    }
    const resources = isObject(c.resources) ? c.resources : {};
    if (isObject(resources.requests) && isObject(resources.limits)) {
      found.push({
        kind: 'resource-limits',
        file,
        line: at([...podPath, 'containers', i, 'resources']),
        detail: `${container}: requests and limits`,
      });
    }
  });
  return found;
}

/** One YAML document: the resources and rule files we know by their apiVersion and kind (or shape). */
function fromDocument(doc: Document, counter: LineCounter, file: string): Finding[] {
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isObject(data)) return [];
  const at = (path: (string | number)[]) => lineOf(doc, counter, path);
  const api = text(data.apiVersion);
  const kind = text(data.kind);
  const spec = isObject(data.spec) ? data.spec : {};
  const line = at([]);
  const name = nameOf(data);
  if (api.startsWith('openslo/') && kind === 'SLO')
    return [{ kind: 'slo', file, line, detail: `SLO ${name} (OpenSLO)` }];
  if (api.startsWith('sloth.slok.dev/') && kind === 'PrometheusServiceLevel') {
    return list(spec.slos).flatMap((slo, i) => {
      const slName = isObject(slo) ? text(slo.name) : '';
      const alerting =
        isObject(slo) &&
        isObject(slo.alerting) &&
        (isObject(slo.alerting.pageAlert) || isObject(slo.alerting.ticketAlert) || text(slo.alerting.name));
      const found: Finding[] = [
        { kind: 'slo', file, line: at(['spec', 'slos', i]), detail: `SLO ${slName || name} (Sloth)` },
      ];
      if (alerting)
        found.push({
          kind: 'burn-rate-alerts',
          file,
          line: at(['spec', 'slos', i, 'alerting']),
          detail: `SLO ${slName || name}: Sloth burn-rate alerts`,
        });
      return found;
    });
  }
  if (api.startsWith('pyrra.dev/') && kind === 'ServiceLevelObjective') {
    // Pyrra generates multi-window burn-rate alerts for every objective.
    return [
      { kind: 'slo', file, line, detail: `SLO ${name} (Pyrra)` },
      { kind: 'burn-rate-alerts', file, line, detail: `SLO ${name}: Pyrra burn-rate alerts` },
    ];
  }
  if (api.startsWith('monitoring.coreos.com/') && kind === 'PrometheusRule')
    return alertRules(spec.groups, ['spec', 'groups'], at, file);
  if (!api && !kind && Array.isArray(data.groups)) return alertRules(data.groups, ['groups'], at, file);
  if (WORKLOADS.has(kind)) return workload(data, kind, at, file);
  if (kind === 'PodDisruptionBudget')
    return [{ kind: 'disruption-budget', file, line, detail: `PodDisruptionBudget ${name}` }];
  if (kind === 'HorizontalPodAutoscaler')
    return [{ kind: 'autoscaling', file, line, detail: `HorizontalPodAutoscaler ${name}` }];
  if (api.startsWith('chaos-mesh.org/'))
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

/** A Helm chart's values.yaml: the common chart conventions for replicas, autoscaling and resources. */
function helmValues(doc: Document, counter: LineCounter, file: string): Finding[] {
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isObject(data)) return [];
  const at = (path: (string | number)[]) => lineOf(doc, counter, path);
  const found: Finding[] = [];
  if (typeof data.replicaCount === 'number' && data.replicaCount >= 2)
    found.push({
      kind: 'replicas',
      file,
      line: at(['replicaCount']),
      detail: `Helm replicaCount ${data.replicaCount}`,
    });
  if (isObject(data.autoscaling) && data.autoscaling.enabled === true)
    found.push({ kind: 'autoscaling', file, line: at(['autoscaling', 'enabled']), detail: 'Helm autoscaling enabled' });
  const resources = isObject(data.resources) ? data.resources : {};
  if (isObject(resources.requests) && isObject(resources.limits))
    found.push({
      kind: 'resource-limits',
      file,
      line: at(['resources']),
      detail: 'Helm resources: requests and limits',
    });
  if (isObject(data.podDisruptionBudget) && data.podDisruptionBudget.enabled !== false)
    found.push({
      kind: 'disruption-budget',
      file,
      line: at(['podDisruptionBudget']),
      detail: 'Helm podDisruptionBudget',
    });
  return found;
}

/** Lines of a text file that start a key we look for: for Helm templates, which are not YAML until rendered. */
function textKeys(content: string, file: string, keys: Record<string, [EvidenceKind, string]>): Finding[] {
  const found: Finding[] = [];
  content.split('\n').forEach((l, i) => {
    const key = /^\s*(?:-\s+)?([A-Za-z]+):/.exec(l)?.[1] ?? /^\s*kind:\s*(\w+)/.exec(l)?.[1];
    const hit = key ? keys[key] : undefined;
    if (hit) found.push({ kind: hit[0], file, line: i + 1, detail: hit[1] });
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

/** What one file says; `parseError` is called for YAML that does not parse (reported, never fatal). */
export function collect(
  file: string,
  content: string,
  onParseError: (message: string) => void = () => undefined,
): Finding[] {
  const base = file.split('/').pop() ?? file;
  const inChartTemplates = /(^|\/)templates\//.test(file);
  if (/\.ya?ml$/i.test(base) && inChartTemplates && content.includes('{{'))
    return textKeys(content, file, TEMPLATE_KEYS);
  if (/\.ya?ml$/i.test(base)) {
    const counter = new LineCounter();
    const docs = parseAllDocuments(content, { lineCounter: counter, uniqueKeys: false });
    if (!Array.isArray(docs)) return [];
    return docs.flatMap((doc) => {
      if (doc.errors.length > 0) {
        onParseError(`${file}: ${doc.errors[0]?.message.split('\n')[0] ?? 'not valid YAML'}`);
        return [];
      }
      return base === 'values.yaml' || base === 'values.yml'
        ? helmValues(doc, counter, file)
        : fromDocument(doc, counter, file);
    });
  }
  if (/^locustfile.*\.py$/.test(base)) return [{ kind: 'load-tests', file, line: 1, detail: 'Locust load test' }];
  if (/\.(js|ts|mjs)$/.test(base)) {
    const line = content.split('\n').findIndex((l) => /from\s+['"]k6(\/[\w/-]*)?['"]|require\(['"]k6/.test(l));
    return line >= 0 ? [{ kind: 'load-tests', file, line: line + 1, detail: 'k6 load test' }] : [];
  }
  if (/\.(scala|java|kt)$/.test(base)) {
    const line = content.split('\n').findIndex((l) => /extends\s+Simulation\b|:\s*Simulation\(\)/.test(l));
    return line >= 0 ? [{ kind: 'load-tests', file, line: line + 1, detail: 'Gatling simulation' }] : [];
  }
  return [];
}

/** Files that are evidence by where they are: runbooks and postmortems. */
export function documentFinding(file: string): Finding | undefined {
  if (!/\.(md|markdown|adoc|rst|txt)$/i.test(file)) return undefined;
  if (/(^|\/)(docs\/)?runbooks?\//i.test(file)) return { kind: 'runbooks', file, line: 1, detail: 'runbook' };
  if (/(^|\/)post-?mortems?\//i.test(file)) return { kind: 'postmortems', file, line: 1, detail: 'postmortem' };
  return undefined;
}

/**
 * The CODEOWNERS line that owns each of `paths` (relative to the repository root), as GitHub applies the file:
 * gitignore-style patterns, and the last matching line wins (a later line with no owners leaves the path unowned).
 */
export function codeownerFindings(file: string, content: string, paths: readonly string[]): Finding[] {
  const rules = content.split('\n').flatMap((l, i) => {
    const [pattern, ...owners] = l
      .replace(/(^|\s)#.*/, '')
      .trim()
      .split(/\s+/);
    return pattern ? [{ line: i + 1, owners, matches: pathMatcher(pattern, codeownersAnchored(pattern)) }] : [];
  });
  const found = new Map<number, Finding>();
  for (const p of paths) {
    const folder = picomatch.scan(p.replace(/^\.\//, '')).base || p;
    const owner = rules.findLast((r) => r.matches(folder));
    if (owner && owner.owners.length > 0)
      found.set(owner.line, {
        kind: 'codeowners',
        file,
        line: owner.line,
        detail: `owned by ${owner.owners.join(' ')}`,
      });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}
