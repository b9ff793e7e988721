/**
 * Grafana dashboards, and which golden signals (latency, traffic, errors, saturation) their queries cover; and
 * what a ConfigMap carries for Grafana's and Prometheus' sidecars: dashboards and rule files.
 */
import { type Finding, isObject, list, type Plain, text } from '../finding';
import { type EvidenceFormat, inText, keyed, kindIn } from './format';

/** The four golden signals, each told by what a query measures. */
const SIGNALS = {
  latency: /histogram_quantile|_bucket\b|latency|duration|response_time/i,
  traffic: /requests?_total|_requests\b|\bqps\b|\brps\b|throughput|request_count|http_requests/i,
  errors: /error|fail|status(_code)?=~?"5|code=~?"5|5xx|status!~"2/i,
  saturation: /saturation|utili[sz]ation|cpu|memory|throttl|queue|usage|disk|capacity/i,
} as const;

type Signal = keyof typeof SIGNALS;

/** Every query string of a dashboard, panels nested in rows included. */
function queries(panels: unknown): string[] {
  return list(panels).flatMap((p) =>
    isObject(p)
      ? [...list(p.targets).flatMap((t) => (isObject(t) ? [text(t.expr) || text(t.query)] : [])), ...queries(p.panels)]
      : [],
  );
}

/** A Grafana dashboard: found always, a yes only when its queries cover all four golden signals. */
function dashboard(data: Plain, line: number, file: string): Finding[] {
  const exprs = queries(data.panels).filter(Boolean);
  const covered = (Object.keys(SIGNALS) as Signal[]).filter((s) => exprs.some((q) => SIGNALS[s].test(q)));
  const missing = (Object.keys(SIGNALS) as Signal[]).filter((s) => !covered.includes(s));
  const title = text(data.title) || text(data.uid) || '(untitled)';
  const detail = `Grafana dashboard ${title}: ${covered.join(', ') || 'no golden signal'}`;
  return [
    {
      kind: 'dashboards',
      file,
      line,
      detail: missing.length ? `${detail} (not ${missing.join(', ')})` : detail,
      ...(missing.length ? { conditional: `missing ${missing.join(', ')}` } : {}),
    },
  ];
}

/** Whether parsed JSON or YAML is a dashboard: panels, and a title or uid (a dashboard export, or its `dashboard`). */
function asDashboard(data: Plain): Plain | undefined {
  const inner = isObject(data.dashboard) ? data.dashboard : data;
  return Array.isArray(inner.panels) && (text(inner.title) || text(inner.uid)) ? inner : undefined;
}

/** Prometheus rule files a ConfigMap carries in its data (`*.rules`, `*.yaml`): lines counted from the key's. */
function embeddedRules(data: Plain, keyLine: (key: string) => number, nested: (text: string) => Finding[]): Finding[] {
  return Object.entries(data).flatMap(([key, value]) => {
    if (typeof value !== 'string' || !/\.(rules|ya?ml)$/.test(key) || !/^\s*groups\s*:/m.test(value)) return [];
    const line = keyLine(key);
    return nested(value).map((f) => ({ ...f, line: line + f.line }));
  });
}

/** Grafana dashboards a ConfigMap carries for Grafana's sidecar (`*.json` keys): at the key's line. */
function embeddedDashboards(data: Plain, keyLine: (key: string) => number, file: string): Finding[] {
  return Object.entries(data).flatMap(([key, value]) => {
    if (typeof value !== 'string' || !/\.json$/.test(key) || !value.includes('"panels"')) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
    const board = isObject(parsed) ? asDashboard(parsed) : undefined;
    return board ? dashboard(board, keyLine(key), file) : [];
  });
}

export const DASHBOARD_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'Grafana dashboards',
    mayBeIn: inText(keyed('panels')),
    resource: (data, at, file) => {
      const board = asDashboard(data);
      return board ? dashboard(board, at([]), file) : undefined;
    },
  },
  {
    name: 'ConfigMaps carrying dashboards and rule files',
    mayBeIn: inText(kindIn('ConfigMap')),
    resource: (data, at, file, nested) => {
      if (text(data.kind) !== 'ConfigMap' || !isObject(data.data)) return undefined;
      const keyLine = (key: string) => at(['data', key]);
      return [...embeddedRules(data.data, keyLine, nested), ...embeddedDashboards(data.data, keyLine, file)];
    },
  },
];
