/** Prometheus from VS Code: copy the metrics, the alerting rules or the Grafana dashboard; push to a Pushgateway. */

import * as vscode from 'vscode';

import { SettingError } from '../core/errors';
import { limits } from '../core/integrations/client-options';
import { PUSH_JOB } from '../core/integrations/prometheus/pushgateway';
import { prometheusRule, ruleFile } from '../core/usecases/metrics/alert-rules';
import { grafanaDashboard } from '../core/usecases/metrics/grafana-dashboard';
import { maturityMetrics } from '../core/usecases/metrics/maturity-metrics';
import { groupsOn, pushWorkspace } from '../core/usecases/metrics/push-workspace';
import { workspaceIdentity } from '../core/usecases/metrics/workspace-identity';
import { type Workspace } from '../core/workspace';
import { type Ctx } from './ctx';
import { SETTING } from './ids';
import { mayReceive } from './sync-flow';

const CHOICES = [
  { label: 'Metrics', detail: 'This workspace now, in the Prometheus text format', what: 'metrics' },
  { label: 'Alerting rules', detail: 'A rule file for prometheus.yml (rule_files)', what: 'rules' },
  { label: 'PrometheusRule', detail: 'The same rules for the Prometheus Operator', what: 'operator' },
  { label: 'Grafana dashboard', detail: 'JSON for Dashboards → Import', what: 'dashboard' },
] as const;

/** Asks which, copies it, and says what was copied. */
export async function copyMetrics(ws: Workspace): Promise<void> {
  const picked = await vscode.window.showQuickPick(CHOICES, {
    title: 'Copy for Prometheus and Grafana',
    placeHolder: 'What to copy to the clipboard',
  });
  if (!picked) return;
  const text =
    picked.what === 'metrics'
      ? await maturityMetrics([{ ws }], {
          granularity: ws.settings.metrics.granularity,
          openMetrics: false,
          now: new Date(),
        })
      : picked.what === 'rules'
        ? ruleFile()
        : picked.what === 'operator'
          ? prometheusRule()
          : grafanaDashboard();
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(
    `Copied the ${picked.label.toLowerCase()} (${text.split('\n').length} lines).`,
  );
}

/** Pushes the workspace's metrics to the configured Pushgateway, replacing its group there. */
export async function pushWorkspaceMetrics(ctx: Ctx, ws: Workspace): Promise<void> {
  const url = ws.settings.metrics.pushUrl;
  if (!url) throw new SettingError('no Pushgateway address is set', SETTING.metricsPushUrl);
  const token = await ctx.secrets.get('metrics.pushToken');
  // The token, when there is one, goes only where the user agreed; the metrics themselves are the workspace's own.
  if (token && !(await mayReceive(ctx, ws.dir, SETTING.metricsPushUrl, 'Pushgateway token'))) return;
  const { name, identity } = await workspaceIdentity(ws.dir, 'metrics');
  const gateway = { url, token, network: 'host' as const, ...limits(ws.settings) };
  const groups = await groupsOn(gateway, (line) => ctx.log.warn(line));
  await pushWorkspace(gateway, { ws, name, identity }, ws.settings.metrics.granularity, groups);
  void vscode.window.showInformationMessage(
    `Pushed the metrics of ${name} to ${url} (job="${PUSH_JOB}", workspace="${name}").`,
  );
}
