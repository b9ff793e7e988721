/** SLO definitions: OpenSLO, Sloth, Pyrra, google/slo-generator, Nobl9 and the Datadog operator. */
import { type At, type Finding, isObject, list, nameOf, text } from '../finding';
import { anyOf, apiOf, type EvidenceFormat, inText, keyed, kindIn } from './format';

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

/** An SLO found as `detail`, at the resource's line. */
const slo = (at: At, file: string, detail: string): Finding[] => [{ kind: 'slo', file, line: at([]), detail }];

export const SLO_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'google/slo-generator SLOs',
    mayBeIn: inText(anyOf(kindIn('ServiceLevelObjective'), keyed('slo_name'))),
    resource: (data, at, file) => {
      if (text(data.apiVersion).startsWith('sre.google.com/') && text(data.kind) === 'ServiceLevelObjective')
        return slo(at, file, `SLO ${nameOf(data)} (slo-generator)`);
      if (!text(data.apiVersion) && text(data.slo_name) && text(data.service_name))
        return slo(at, file, `SLO ${text(data.slo_name)} (slo-generator)`);
      return undefined;
    },
  },
  {
    name: 'Nobl9 SLOs',
    mayBeIn: inText(apiOf('n9/')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('n9/') && text(data.kind) === 'SLO'
        ? slo(at, file, `SLO ${nameOf(data)} (Nobl9)`)
        : undefined,
  },
  {
    name: 'Datadog SLOs',
    mayBeIn: inText(kindIn('DatadogSLO')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('datadoghq.com/') && text(data.kind) === 'DatadogSLO'
        ? slo(at, file, `SLO ${nameOf(data)} (Datadog)`)
        : undefined,
  },
  {
    // OpenSLO v1 (`openslo/v1`) and v2 (`openslo.com/v2alpha`).
    name: 'OpenSLO SLOs',
    mayBeIn: inText(apiOf('openslo')),
    resource: (data, at, file) =>
      /^openslo(\.com)?\//.test(text(data.apiVersion)) && text(data.kind) === 'SLO'
        ? slo(at, file, `SLO ${nameOf(data)} (OpenSLO)`)
        : undefined,
  },
  {
    name: 'Sloth SLOs',
    mayBeIn: inText(anyOf(kindIn('PrometheusServiceLevel'), keyed('version', 'prometheus/v1'))),
    resource: (data, at, file) => {
      if (text(data.apiVersion).startsWith('sloth.slok.dev/') && text(data.kind) === 'PrometheusServiceLevel')
        return slothSlos(isObject(data.spec) ? data.spec.slos : undefined, ['spec', 'slos'], nameOf(data), at, file);
      // Sloth's default spec, a file of its own: `version: "prometheus/v1"`, `service`, `slos`.
      if (!text(data.apiVersion) && text(data.version) === 'prometheus/v1' && Array.isArray(data.slos))
        return slothSlos(data.slos, ['slos'], text(data.service) || nameOf(data), at, file);
      return undefined;
    },
  },
  {
    // Pyrra generates multi-window burn-rate alerts for every objective, unless its alerting says not to.
    name: 'Pyrra SLOs',
    mayBeIn: inText(apiOf('pyrra.dev/')),
    resource: (data, at, file) => {
      if (!text(data.apiVersion).startsWith('pyrra.dev/') || text(data.kind) !== 'ServiceLevelObjective')
        return undefined;
      const spec = isObject(data.spec) ? data.spec : {};
      const alerting = isObject(spec.alerting) ? spec.alerting : {};
      const off = alerting.disabled === true || alerting.burnrates === false;
      const name = nameOf(data);
      return [
        ...slo(at, file, `SLO ${name} (Pyrra)`),
        ...(off
          ? []
          : [{ kind: 'burn-rate-alerts' as const, file, line: at([]), detail: `SLO ${name}: Pyrra burn-rate alerts` }]),
      ];
    },
  },
];
