/**
 * Reads evidence from one file of the repository: YAML and JSON through a real parser (every document of a
 * multi-document file, with lines), each resource read by the format that claims it (formats/), other files by
 * the text formats, Helm charts through their templates.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, parseAllDocuments } from 'yaml';

import { type At, type Finding, isObject, type Plain } from './finding';
import { fingerprintOf } from './fingerprint';
import { evidenceFormats } from './formats';
import { valueAt } from './formats/kubernetes';
import { jsonPatchReplicas } from './formats/kustomize';
import { type HelmContext, renderTemplate } from './helm';
import { type EvidenceKind } from './kinds';
import { MAX_ALIASES, YAML_OPTIONS } from './yaml-options';

export type { Finding } from './finding';
export { MAX_ALIASES } from './yaml-options';

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

/** A resource (or a rule file) at `base` in its document, read by the first format that claims it; a `kind: List` item by item. */
function fromResource(data: Plain, base: (string | number)[], atDoc: At, file: string): Finding[] {
  const at: At = (path) => atDoc([...base, ...path]);
  if (data.kind === 'List' && Array.isArray(data.items))
    return data.items.flatMap((item, i) =>
      isObject(item) ? fromResource(item, [...base, 'items', i], atDoc, file) : [],
    );
  const nested = (text: string) => collect(file, text, () => undefined, { as: 'rules' });
  for (const format of evidenceFormats()) {
    const found = format.resource?.(data, at, file, nested);
    if (found) return found;
  }
  return [];
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
 * Whether a manifest may hold evidence, judged on its text before the parse that costs most of a scan. A file whose
 * every top-level kind is a CustomResourceDefinition (0.6–0.85 MB each in real trees) never does. A chart's values
 * file or kustomization, a Kubernetes resource of any other kind (parsed, so one that does not parse is reported),
 * and any file a format says it may be in are parsed.
 */
function worthParsing(file: string, base: string, content: string): boolean {
  if (VALUES_OR_KUSTOMIZATION.test(base)) return true;
  const kinds = [...content.matchAll(/^kind:\s*["']?(\w+)/gm)].map((m) => m[1]);
  if (kinds.length > 0) return kinds.some((k) => k !== 'CustomResourceDefinition');
  return evidenceFormats().some((f) => f.resource !== undefined && f.mayBeIn(file, content));
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
    if (!as && !worthParsing(file, base, content)) return [];
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
  // Any other file is read by the text formats that may be in it (a k6 script, Terraform).
  return evidenceFormats().flatMap((f) => (f.text && f.mayBeIn(file, content) ? f.text(file, content) : []));
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
    if (!worthParsing(file, '', doc)) continue;
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
