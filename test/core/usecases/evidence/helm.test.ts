import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../../src/core/domain/flows';
import { type Finding } from '../../../../src/core/usecases/evidence/collectors';
import { renderTemplate } from '../../../../src/core/usecases/evidence/helm';
import { scanEvidence } from '../../../../src/core/usecases/evidence/scan';
import { tempDir } from '../../../helpers/workspace';

/** A repository with `files`; the asset `chart` covers `assetPath`. */
function findings(files: Record<string, string>, assetPath = 'chart'): Finding[] {
  const repo = tempDir('sre-helm-');
  fs.mkdirSync(path.join(repo, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    fs.writeFileSync(path.join(repo, name), text);
  }
  const scan = scanEvidence(repo, parseFlows(`flow,asset,path\nObs,chart,${assetPath}\n`, 'flows.csv'));
  assert.deepEqual(scan.problems, []);
  return scan.assets[0]?.findings ?? [];
}

const show = (found: Finding[]) =>
  found.map(
    (f) => `${f.kind} ${f.file.split('/').slice(-1)[0]}:${f.line}${f.conditional ? ` if ${f.conditional}` : ''}`,
  );

const CHART = 'apiVersion: v2\nname: chart\nversion: 1.0.0\n';

// Shaped like `helm create`'s deployment.yaml and prometheus-community/helm-charts charts/kube-state-metrics
// templates/deployment.yaml: probes, spread and resources each behind a value.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- if .Values.livenessProbe.enabled }}
          livenessProbe:
            httpGet:
              path: /livez
              port: http
          {{- end }}
          {{- if .Values.readinessProbe.enabled }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;

const PDB = `{{- if .Values.podDisruptionBudget }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  {{- toYaml .Values.podDisruptionBudget | nindent 2 }}
{{- end }}
`;

/** A chart with the deployment and PDB templates above, and these default values. */
const deploymentChart = (values: string) =>
  findings({
    'chart/Chart.yaml': CHART,
    'chart/values.yaml': values,
    'chart/templates/deployment.yaml': DEPLOYMENT,
    'chart/templates/pdb.yaml': PDB,
  });

describe('Helm charts read against their defaults (issue 27)', () => {
  it('counts only what the default values render: probes, spread, replicas and resources as the chart ships', () => {
    const values =
      'replicaCount: 3\nimage:\n  repository: registry.example/app\n  tag: ""\nautoscaling:\n  enabled: false\ntopologySpreadConstraints: []\nlivenessProbe:\n  enabled: false\nreadinessProbe:\n  enabled: true\nresources: {}\npodDisruptionBudget: {}\n';
    const found = deploymentChart(values);
    assert.deepEqual(show(found), [
      'replicas deployment.yaml:9',
      'health-probes deployment.yaml:27',
      'replicas values.yaml:1',
    ]);
    assert.equal(found[1]?.detail, 'Deployment (templated), container (templated): readinessProbe');
  });

  it('counts what the values turn on, as rendered: spread, resources and a PodDisruptionBudget', () => {
    const values =
      'replicaCount: 1\nautoscaling:\n  enabled: true\ntopologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: zone\nlivenessProbe:\n  enabled: true\nreadinessProbe:\n  enabled: false\nresources:\n  requests: {cpu: 10m}\n  limits: {memory: 64Mi}\npodDisruptionBudget:\n  minAvailable: 1\n';
    const found = deploymentChart(values);
    assert.deepEqual(show(found), [
      'topology-spread deployment.yaml:14',
      'health-probes deployment.yaml:21',
      'resource-limits deployment.yaml:32',
      'disruption-budget pdb.yaml:2',
      'autoscaling values.yaml:3',
      'resource-limits values.yaml:11',
      'disruption-budget values.yaml:14',
    ]);
  });

  it('reads PrometheusRules in templates as kube-prometheus-stack ships them, with their runbook links', () => {
    // prometheus-community/helm-charts charts/kube-prometheus-stack/templates/prometheus/rules-1.14/general.rules.yaml
    const rules = `{{- if and .Values.defaultRules.create .Values.defaultRules.rules.general }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ printf "%s-%s" (include "kube-prometheus-stack.fullname" .) "general.rules" | trunc 63 | trimSuffix "-" }}
  namespace: {{ template "kube-prometheus-stack.namespace" . }}
spec:
  groups:
  - name: general.rules
    rules:
{{- if not (.Values.defaultRules.disabled.TargetDown | default false) }}
    - alert: TargetDown
      annotations:
{{- if .Values.defaultRules.additionalRuleAnnotations }}
{{ toYaml .Values.defaultRules.additionalRuleAnnotations | indent 8 }}
{{- end }}
        description: '{{\`{{\`}} printf "%.4g" $value {{\`}}\`}}% of the {{\`{{\`}} $labels.job {{\`}}\`}} targets are down.'
        runbook_url: {{ .Values.defaultRules.runbookUrl }}/general/targetdown
        summary: One or more targets are unreachable.
      expr: 100 * (count(up == 0) BY (job) / count(up) BY (job)) > 10
      for: 10m
      labels:
        severity: warning
{{- end }}
{{- if not (.Values.defaultRules.disabled.Watchdog | default false) }}
    - alert: Watchdog
      expr: vector(1)
{{- end }}
{{- end }}
`;
    const values =
      'defaultRules:\n  create: true\n  rules:\n    general: true\n  runbookUrl: "https://runbooks.prometheus-operator.dev/runbooks"\n  disabled:\n    Watchdog: true\n  additionalRuleAnnotations: {}\n';
    const found = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': values,
      'chart/templates/rules.yaml': rules,
    });
    assert.deepEqual(show(found), ['alert-rules rules.yaml:12', 'runbook-links rules.yaml:18']);
    assert.equal(found[1]?.detail, 'alert TargetDown links its runbook');
    const off = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': values.replace('create: true', 'create: false'),
      'chart/templates/rules.yaml': rules,
    });
    assert.deepEqual(show(off), [], 'defaultRules.create: false renders nothing');
  });

  it('marks what the defaults cannot decide as conditional, naming the value, and never suggests from it', () => {
    const hpa = `{{- if and .Values.autoscaling.enabled (.Capabilities.APIVersions.Has "autoscaling/v2") }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "chart.fullname" . }}
{{- end }}
`;
    const found = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': 'autoscaling:\n  enabled: true\n',
      'chart/templates/hpa.yaml': hpa,
    });
    assert.deepEqual(show(found), ['autoscaling hpa.yaml:2 if autoscaling.enabled', 'autoscaling values.yaml:2']);
    assert.match(found[0]?.detail ?? '', /\(conditional on values: autoscaling\.enabled\)$/);
  });

  it('reads values at any depth by the chart conventions, values-<env>.yaml too; {} and enabled: false are off', () => {
    const values =
      'server:\n  replicaCount: 2\n  resources:\n    requests: {cpu: 1}\n    limits: {}\ncontrollerManager:\n  replicaCount: 1\n  podDisruptionBudget:\n    enabled: false\n    minAvailable: 1\nalertmanager:\n  alertmanagerSpec:\n    replicas: 3\n';
    const prod = 'server:\n  autoscaling:\n    enabled: true\n  podDisruptionBudget:\n    enabled: true\n';
    const found = findings({ 'chart/Chart.yaml': CHART, 'chart/values.yaml': values, 'chart/values-prod.yaml': prod });
    assert.deepEqual(show(found), [
      'autoscaling values-prod.yaml:3',
      'disruption-budget values-prod.yaml:4',
      'replicas values.yaml:2',
      'replicas values.yaml:13',
    ]);
    assert.equal(found[0]?.detail, 'Helm values server.autoscaling.enabled');
  });

  it('reads a plain manifest that lives in a templates/ folder and uses {{ $labels }} in its alerts as what it is', () => {
    const rules =
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: InstanceDown\n          expr: up == 0\n          annotations:\n            description: "{{ $labels.instance }} is down"\n            runbook_url: https://runbooks.example/instance-down\n';
    assert.deepEqual(show(findings({ 'deploy/templates/alerts.yaml': rules }, 'deploy')), [
      'alert-rules alerts.yaml:7',
      'runbook-links alerts.yaml:11',
    ]);
  });

  it('keeps every line where it was', () => {
    const rendered = renderTemplate(DEPLOYMENT, { replicaCount: 2, autoscaling: { enabled: false } });
    assert.equal(rendered.text.split('\n').length, DEPLOYMENT.split('\n').length);
  });
});
