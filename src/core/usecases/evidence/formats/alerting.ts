/** Alerting rules: Prometheus rule files and PrometheusRules, Grafana-managed rules, Datadog monitors. */
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from '../finding';
import { type EvidenceFormat, inText, keyed, kindIn } from './format';

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
export function alertRules(
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

const hasGroups = keyed('groups');

export const ALERTING_FORMATS: readonly EvidenceFormat[] = [
  {
    // Grafana's file provisioning: `apiVersion: 1` (a number) and `groups[].rules[]`.
    name: 'Grafana-managed alert rules',
    mayBeIn: inText(hasGroups),
    resource: (data, at, file) =>
      typeof data.apiVersion === 'number' && Array.isArray(data.groups) ? grafanaAlertRules(data, at, file) : undefined,
  },
  {
    name: 'Datadog monitors',
    mayBeIn: inText(kindIn('DatadogMonitor')),
    resource: (data, at, file) => {
      if (!text(data.apiVersion).startsWith('datadoghq.com/') || text(data.kind) !== 'DatadogMonitor') return undefined;
      const type = isObject(data.spec) ? text(data.spec.type) : '';
      return [
        {
          kind: type === 'slo alert' ? 'burn-rate-alerts' : 'alert-rules',
          file,
          line: at([]),
          detail: `DatadogMonitor ${nameOf(data)}${type ? ` (${type})` : ''}`,
        },
      ];
    },
  },
  {
    name: 'PrometheusRules',
    mayBeIn: inText(kindIn('PrometheusRule')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('monitoring.coreos.com/') && text(data.kind) === 'PrometheusRule'
        ? alertRules(isObject(data.spec) ? data.spec.groups : undefined, ['spec', 'groups'], at, file)
        : undefined,
  },
  {
    name: 'Prometheus rule files',
    mayBeIn: inText(hasGroups),
    resource: (data, at, file) =>
      !text(data.apiVersion) && !text(data.kind) && Array.isArray(data.groups)
        ? alertRules(data.groups, ['groups'], at, file)
        : undefined,
  },
];
