/**
 * Alerting rules on the maturity metrics, as a Prometheus rule file or a PrometheusRule resource (the Prometheus
 * Operator's): reminders and digests then go through Alertmanager's routing (Slack, Teams, email, PagerDuty)
 * instead of a notifier of our own. `promtool check rules` and `promtool test rules` are run on them in the tests.
 */
import { stringify } from 'yaml';

import { inputError } from '../../errors';
import { PUSH_JOB } from '../../integrations/prometheus/pushgateway';

export interface RuleOptions {
  /** Days a tier-1 item may stay Red before the alert fires. */
  redDays: number;
  /**
   * Where the team reads what each alert means and what to do, as an absolute URL (Alertmanager's receivers link
   * it as given); undefined: the rules carry no runbook_url.
   */
  runbookUrl: string | undefined;
  /** Labels of the PrometheusRule resource, besides role: the ones a Prometheus selects rules by (release=…). */
  ruleLabels: Readonly<Record<string, string>>;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { redDays: 14, runbookUrl: undefined, ruleLabels: {} };

/** Days without a push before a workspace's metrics count as frozen (the Pushgateway never forgets a group). */
export const PUSH_STALE_DAYS = 2;

/** `--runbook-url`: an absolute http(s) address, or nothing. */
export function checkRunbookUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw inputError(
      `--runbook-url "${value}" is not an absolute address: give https://… where the team reads the alerts`,
    );
  return value;
}

/** `--rule-labels key=value`: Kubernetes label keys (an optional DNS prefix and a name) and values. */
export function parseRuleLabels(values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const v of values) {
    const [key = '', value = ''] = v.split(/=(.*)/s);
    if (
      !v.includes('=') ||
      !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
        key,
      ) ||
      !/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value)
    )
      throw inputError(
        `--rule-labels "${v}" is not a Kubernetes label: give key=value, e.g. release=kube-prometheus-stack`,
      );
    labels[key] = value;
  }
  return labels;
}

/** An item's labels, from its info series: per-item series carry only its key. */
const ITEM_INFO =
  'on(job, instance, workspace, item) group_left(flow, asset, capability, owner, tier) sre_maturity_item_info';

/**
 * The one group of alerts, each with summary, description, a severity label and the runbook_url when one is
 * given. Durations are computed from timestamp series, never with a long `for`, which counts from when Prometheus
 * first saw a series and starts again after a Pushgateway restart.
 */
export function alertGroups(options: RuleOptions) {
  const item = '{{ $labels.flow }} / {{ $labels.asset }} / {{ $labels.capability }}';
  const where = '{{ $labels.flow }}{{ with $labels.asset }} / {{ . }}{{ end }}';
  const runbook = options.runbookUrl ? { runbook_url: options.runbookUrl } : {};
  return [
    {
      name: 'sre-maturity',
      rules: [
        {
          alert: 'SreMaturityTier1Red',
          expr: `time() - sre_maturity_red_since_timestamp_seconds{tier="1"} > ${options.redDays} * 86400`,
          labels: { severity: 'warning' },
          annotations: {
            summary: `${where} has had a Red item for ${options.redDays} days`,
            description: `The tier-1 ${where} (owner {{ $labels.owner }}) has had an item below its target, Red, for {{ $value | humanizeDuration }}. Assess it again or plan the work: sre-tracker status --flow shows which.`,
            ...runbook,
          },
        },
        {
          alert: 'SreMaturityCampaignDueSoon',
          expr:
            '(sre_maturity_campaign_due_timestamp_seconds - time() < 7 * 86400)' +
            ' and (sre_maturity_campaign_due_timestamp_seconds - time() > 0)' +
            ' and (sre_maturity_campaign_progress_ratio < 1)',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Campaign {{ $labels.campaign }} is due within 7 days below its target',
            description:
              'Campaign {{ $labels.campaign }} ends within a week and not all of its items are at its target level yet.',
            ...runbook,
          },
        },
        {
          alert: 'SreMaturityExemptionExpired',
          expr: `(sre_maturity_item_exemption_expiry_timestamp_seconds < time()) * ${ITEM_INFO}`,
          labels: { severity: 'info' },
          annotations: {
            summary: `${item}: Not applicable is past its review date`,
            description: `${item} was marked Not applicable until a review date that has passed: review it, and mark it again or assess it.`,
            ...runbook,
          },
        },
        {
          alert: 'SreMaturityEvidenceGone',
          expr: `(sre_maturity_item_evidence_gone == 1) * ${ITEM_INFO}`,
          labels: { severity: 'warning' },
          annotations: {
            summary: `${item}: the repository evidence of its assessment is gone`,
            description: `Answers of ${item} were taken from repository files that are no longer found: assess it again.`,
            ...runbook,
          },
        },
        {
          alert: 'SreMaturityPushStale',
          expr: `time() - push_time_seconds{job="${PUSH_JOB}"} > ${PUSH_STALE_DAYS} * 86400`,
          labels: { severity: 'warning' },
          annotations: {
            summary: `Workspace {{ $labels.workspace }} has pushed no maturity metrics for ${PUSH_STALE_DAYS} days`,
            description: `The Pushgateway keeps the last push forever, so the maturity of {{ $labels.workspace }} is frozen as it was: check the job that runs sre-tracker metrics --push, or delete the group if the workspace is gone.`,
            ...runbook,
          },
        },
        {
          alert: 'SreMaturityScoreFalling',
          expr: 'sre_maturity_score_ratio < (sre_maturity_score_ratio offset 7d) - 0.05',
          for: '1h',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'The maturity score fell by more than 5 points in a week',
            description:
              'The share of items at target is {{ $value | humanizePercentage }}, more than 5 points below a week ago: items fell below target or new ones arrived unassessed.',
            ...runbook,
          },
        },
      ],
    },
  ];
}

/** A rule file for `rule_files` in prometheus.yml. */
export function ruleFile(options: RuleOptions = DEFAULT_RULE_OPTIONS): string {
  return stringify({ groups: alertGroups(options) }, { lineWidth: 0 });
}

/** The same rules as a PrometheusRule resource for the Prometheus Operator (kube-prometheus). */
export function prometheusRule(options: RuleOptions = DEFAULT_RULE_OPTIONS): string {
  return stringify(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'sre-maturity', labels: { role: 'alert-rules', ...options.ruleLabels } },
      spec: { groups: alertGroups(options) },
    },
    { lineWidth: 0 },
  );
}
