/**
 * A Grafana dashboard on the maturity metrics: scores by owner, tier and pillar over time, the Red items, the
 * campaigns. Its Prometheus is a `datasource` template variable, not an import-time `__inputs` placeholder, so the
 * same JSON works imported by hand, through file provisioning and through kube-prometheus-stack's sidecar (which
 * substitute nothing: grafana/grafana#10786).
 */
import { stringify } from 'yaml';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Every query is limited to the workspaces picked (all by default; a scraped series without the label matches too). */
const IN_WORKSPACES = 'workspace=~"$workspace"';

/** The PromQL of each panel, for tests that run them on a real Prometheus. */
export const DASHBOARD_QUERIES = {
  scoreByOwner: `sre_maturity_owner_score_ratio{${IN_WORKSPACES}}`,
  scoreByTier: `sre_maturity_tier_score_ratio{${IN_WORKSPACES}}`,
  scoreByPillar: `sre_maturity_pillar_score_ratio{${IN_WORKSPACES}}`,
  total: `sre_maturity_score_ratio{${IN_WORKSPACES}}`,
  redItems: `sum by (workspace, flow, asset, owner, tier) (sre_maturity_items{status="red", ${IN_WORKSPACES}})`,
  campaigns: `sre_maturity_campaign_progress_ratio{${IN_WORKSPACES}}`,
} as const;

function timeseries(id: number, title: string, expr: string, legend: string, y: number, x: number) {
  return {
    id,
    type: 'timeseries',
    title,
    datasource: DATASOURCE,
    gridPos: { h: 8, w: 8, x, y },
    fieldConfig: { defaults: { unit: 'percentunit', min: 0, max: 1 }, overrides: [] },
    targets: [{ refId: 'A', datasource: DATASOURCE, expr, legendFormat: legend }],
  };
}

export function grafanaDashboard(): string {
  const dashboard = {
    uid: 'sre-maturity',
    title: 'SRE Maturity',
    tags: ['sre', 'maturity'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-90d', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          description: 'Where the sre_maturity_* series are (scraped from sre-tracker metrics --serve, or pushed)',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
        },
        {
          name: 'workspace',
          label: 'Workspace',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: 'label_values(sre_maturity_score_ratio, workspace)', refId: 'workspaces' },
          definition: 'label_values(sre_maturity_score_ratio, workspace)',
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: { text: 'All', value: '$__all' },
          refresh: 2,
        },
      ],
    },
    panels: [
      {
        id: 1,
        type: 'stat',
        title: 'Score',
        datasource: DATASOURCE,
        gridPos: { h: 4, w: 24, x: 0, y: 0 },
        fieldConfig: { defaults: { unit: 'percentunit', min: 0, max: 1 }, overrides: [] },
        targets: [{ refId: 'A', datasource: DATASOURCE, expr: DASHBOARD_QUERIES.total, legendFormat: '{{workspace}}' }],
      },
      timeseries(2, 'Score by owner', DASHBOARD_QUERIES.scoreByOwner, '{{owner}}', 4, 0),
      timeseries(3, 'Score by tier', DASHBOARD_QUERIES.scoreByTier, 'tier {{tier}}', 4, 8),
      timeseries(4, 'Score by pillar', DASHBOARD_QUERIES.scoreByPillar, '{{pillar}}', 4, 16),
      {
        id: 5,
        type: 'table',
        title: 'Red items by asset',
        datasource: DATASOURCE,
        gridPos: { h: 10, w: 16, x: 0, y: 12 },
        targets: [
          { refId: 'A', datasource: DATASOURCE, expr: DASHBOARD_QUERIES.redItems, format: 'table', instant: true },
        ],
        transformations: [
          {
            id: 'organize',
            options: {
              excludeByName: { Time: true },
              renameByName: { Value: 'Red items' },
            },
          },
        ],
      },
      {
        id: 6,
        type: 'bargauge',
        title: 'Campaigns: share at target',
        datasource: DATASOURCE,
        gridPos: { h: 10, w: 8, x: 16, y: 12 },
        fieldConfig: { defaults: { unit: 'percentunit', min: 0, max: 1 }, overrides: [] },
        targets: [
          { refId: 'A', datasource: DATASOURCE, expr: DASHBOARD_QUERIES.campaigns, legendFormat: '{{campaign}}' },
        ],
      },
    ],
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/**
 * The dashboard in a ConfigMap for the Grafana sidecar of kube-prometheus-stack, which loads every ConfigMap
 * labelled `grafana_dashboard: "1"` (its default `sidecar.dashboards.label` and `labelValue`).
 */
export function dashboardConfigMap(namespace = ''): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'sre-maturity-dashboard',
        ...(namespace ? { namespace } : {}),
        labels: { grafana_dashboard: '1' },
      },
      data: { 'sre-maturity.json': grafanaDashboard() },
    },
    { lineWidth: 0 },
  );
}
