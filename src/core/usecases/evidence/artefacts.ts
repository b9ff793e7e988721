/**
 * Evidence in the formats teams use beside Kubernetes manifests: Grafana dashboards (which golden signals their
 * queries cover), Argo Rollouts and their analyses (progressive delivery), SLOs as google/slo-generator, Nobl9,
 * the Datadog operator and Terraform write them, Grafana-managed alert rules, Chaos Toolkit and AWS FIS
 * experiments, JMeter plans.
 */
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from './finding';

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

/** Grafana-managed alert rules, as Grafana's file provisioning writes them (`apiVersion: 1`, `groups[].rules[]`). */
function grafanaAlertRules(data: Plain, at: At, file: string): Finding[] {
  return list(data.groups).flatMap((group, g) =>
    isObject(group)
      ? list(group.rules).flatMap((rule, r) => {
          if (!isObject(rule) || !text(rule.title)) return [];
          const path = ['groups', g, 'rules', r];
          const title = text(rule.title);
          const annotations = isObject(rule.annotations) ? rule.annotations : {};
          return [
            { kind: 'alert-rules' as const, file, line: at([...path, 'title']), detail: `Grafana alert ${title}` },
            ...(text(annotations.runbook_url)
              ? [
                  {
                    kind: 'runbook-links' as const,
                    file,
                    line: at([...path, 'annotations', 'runbook_url']),
                    detail: `Grafana alert ${title} links its runbook`,
                  },
                ]
              : []),
          ];
        })
      : [],
  );
}

/** An Argo Rollout's strategy: canary steps or blue-green, with the analysis that gates it. */
function rolloutStrategy(data: Plain, at: At, file: string): Finding[] {
  const strategy = isObject(data.spec) && isObject(data.spec.strategy) ? data.spec.strategy : {};
  const how = isObject(strategy.canary) ? 'canary' : isObject(strategy.blueGreen) ? 'blueGreen' : '';
  if (!how) return [];
  const detail = `Rollout ${nameOf(data)}: ${how === 'canary' ? 'canary' : 'blue-green'} (Argo Rollouts)`;
  return [{ kind: 'progressive-delivery', file, line: at(['spec', 'strategy', how]), detail }];
}

/**
 * Findings of a resource in one of these formats, or undefined when it is none of them. `workload` reads a
 * Rollout's pod template as a Deployment's.
 */
export function artefactFindings(
  data: Plain,
  at: At,
  file: string,
  workload: (resource: Plain, kind: string) => Finding[],
): Finding[] | undefined {
  const api = data.apiVersion;
  const kind = text(data.kind);
  const name = nameOf(data);
  const line = at([]);
  const board = asDashboard(data);
  if (board) return dashboard(board, line, file);
  if (typeof api === 'number' && Array.isArray(data.groups)) return grafanaAlertRules(data, at, file);
  const apiText = text(api);
  if (apiText.startsWith('argoproj.io/') && kind === 'Rollout')
    return [...workload(data, 'Rollout'), ...rolloutStrategy(data, at, file)];
  if (apiText.startsWith('argoproj.io/') && /^(Cluster)?AnalysisTemplate$/.test(kind)) {
    const prometheus = list(isObject(data.spec) ? data.spec.metrics : []).some(
      (m) => isObject(m) && isObject(m.provider) && isObject(m.provider.prometheus),
    );
    return prometheus
      ? [{ kind: 'progressive-delivery', file, line, detail: `${kind} ${name}: Prometheus success condition` }]
      : [];
  }
  if (apiText.startsWith('sre.google.com/') && kind === 'ServiceLevelObjective')
    return [{ kind: 'slo', file, line, detail: `SLO ${name} (slo-generator)` }];
  if (!apiText && text(data.slo_name) && text(data.service_name))
    return [{ kind: 'slo', file, line, detail: `SLO ${text(data.slo_name)} (slo-generator)` }];
  if (apiText.startsWith('n9/') && kind === 'SLO') return [{ kind: 'slo', file, line, detail: `SLO ${name} (Nobl9)` }];
  if (apiText.startsWith('datadoghq.com/') && kind === 'DatadogSLO')
    return [{ kind: 'slo', file, line, detail: `SLO ${name} (Datadog)` }];
  if (apiText.startsWith('datadoghq.com/') && kind === 'DatadogMonitor') {
    const type = isObject(data.spec) ? text(data.spec.type) : '';
    return [
      {
        kind: type === 'slo alert' ? 'burn-rate-alerts' : 'alert-rules',
        file,
        line,
        detail: `DatadogMonitor ${name}${type ? ` (${type})` : ''}`,
      },
    ];
  }
  if (Array.isArray(data.method) && (data['steady-state-hypothesis'] !== undefined || text(data.title)))
    return [{ kind: 'chaos-experiments', file, line, detail: `Chaos Toolkit experiment ${text(data.title) || file}` }];
  if (isObject(data.actions) && Array.isArray(data.stopConditions)) {
    const aws = Object.values(data.actions).some((a) => isObject(a) && text(a.actionId).startsWith('aws:'));
    return aws
      ? [
          {
            kind: 'chaos-experiments',
            file,
            line,
            detail: `AWS FIS experiment template ${text(data.description) || file}`,
          },
        ]
      : [];
  }
  return undefined;
}

/** A line of a text format that is evidence: Terraform resources, JMeter plans. */
const TEXT_ARTEFACTS: { file: RegExp; line: RegExp; kind: Finding['kind']; detail: (m: RegExpExecArray) => string }[] =
  [
    {
      file: /\.tf$/,
      line: /^\s*resource\s+"google_monitoring_slo"\s+"([^"]+)"/,
      kind: 'slo',
      detail: (m) => `SLO ${m[1]} (Terraform google_monitoring_slo)`,
    },
    {
      file: /\.tf$/,
      line: /select_slo_burn_rate/,
      kind: 'burn-rate-alerts',
      detail: () => 'Terraform alert policy on SLO burn rate',
    },
    {
      file: /\.tf$/,
      line: /^\s*resource\s+"aws_fis_experiment_template"\s+"([^"]+)"/,
      kind: 'chaos-experiments',
      detail: (m) => `AWS FIS experiment template ${m[1]} (Terraform)`,
    },
    { file: /\.jmx$/, line: /<jmeterTestPlan\b/, kind: 'load-tests', detail: () => 'JMeter test plan' },
  ];

/** Findings of a text file in one of the text formats above; undefined for a file of none. */
export function textArtefact(file: string, content: string): Finding[] | undefined {
  const formats = TEXT_ARTEFACTS.filter((f) => f.file.test(file));
  if (formats.length === 0) return undefined;
  const found: Finding[] = [];
  content.split('\n').forEach((l, i) => {
    for (const f of formats) {
      const m = f.line.exec(l);
      if (m) found.push({ kind: f.kind, file, line: i + 1, detail: f.detail(m) });
    }
  });
  return found;
}
