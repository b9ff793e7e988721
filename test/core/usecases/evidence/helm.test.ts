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
    // values.yaml adds nothing of its own: what it turns on is what the templates render (issue 42).
    assert.deepEqual(show(found), ['replicas deployment.yaml:9', 'health-probes deployment.yaml:27']);
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
    assert.deepEqual(show(found), ['autoscaling hpa.yaml:2 if autoscaling.enabled']);
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

// Excerpts of bitnami/charts bitnami/nginx at e4c69a19 (templates/deployment.yaml) and dc8803bb (templates/pdb.yaml),
// cut to what decides evidence, with the copyright comment every Bitnami template opens with.
const BITNAMI_DEPLOYMENT = `{{- /*
Copyright Broadcom, Inc. All Rights Reserved.
SPDX-License-Identifier: APACHE-2.0
*/}}

apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
  labels: {{- include "common.labels.standard" ( dict "customLabels" .Values.commonLabels "context" $ ) | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  {{- $podLabels := include "common.tplvalues.merge" ( dict "values" ( list .Values.podLabels .Values.commonLabels ) "context" . ) }}
  template:
    spec:
      {{- if .Values.affinity }}
      affinity: {{- include "common.tplvalues.render" (dict "value" .Values.affinity "context" $) | nindent 8 }}
      {{- else }}
      affinity:
        podAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAffinityPreset "customLabels" $podLabels "context" $) | nindent 10 }}
        podAntiAffinity: {{- include "common.affinities.pods" (dict "type" .Values.podAntiAffinityPreset "customLabels" $podLabels "context" $) | nindent 10 }}
      {{- end }}
      containers:
        - name: nginx
          image: {{ include "nginx.image" . }}
          {{- if .Values.customLivenessProbe }}
          livenessProbe: {{- include "common.tplvalues.render" (dict "value" .Values.customLivenessProbe "context" $) | nindent 12 }}
          {{- else if .Values.livenessProbe.enabled }}
          livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.livenessProbe "enabled") "context" $) | nindent 12 }}
            tcpSocket:
              port: http
          {{- end }}
          {{- if .Values.resources }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
          {{- else if ne .Values.resourcesPreset "none" }}
          resources: {{- include "common.resources.preset" (dict "type" .Values.resourcesPreset) | nindent 12 }}
          {{- end }}
`;
const BITNAMI_PDB = `{{- /*
Copyright Broadcom, Inc. All Rights Reserved.
SPDX-License-Identifier: APACHE-2.0
*/}}

{{- if .Values.pdb.create }}
apiVersion: {{ include "common.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
metadata:
  name: {{ include "common.names.fullname" . }}
spec:
  {{- if .Values.pdb.minAvailable }}
  minAvailable: {{ .Values.pdb.minAvailable }}
  {{- end }}
{{- end }}
`;
// bitnami/nginx values.yaml's defaults for the same keys.
const BITNAMI_VALUES = `replicaCount: 1
autoscaling:
  enabled: false
affinity: {}
podAffinityPreset: ""
podAntiAffinityPreset: soft
customLivenessProbe: {}
livenessProbe:
  enabled: true
  initialDelaySeconds: 30
resourcesPreset: "nano"
resources: {}
pdb:
  create: true
  minAvailable: ""
`;

describe('Helm as Helm renders it (issue 42)', () => {
  it("reads Bitnami's templates: the comment header, the common library's presets, affinity and probes, the PDB", () => {
    const found = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': BITNAMI_VALUES,
      'chart/templates/deployment.yaml': BITNAMI_DEPLOYMENT,
      'chart/templates/pdb.yaml': BITNAMI_PDB,
    });
    assert.deepEqual(show(found), [
      'topology-spread deployment.yaml:21',
      'health-probes deployment.yaml:31',
      'resource-limits deployment.yaml:38',
      'disruption-budget pdb.yaml:7',
    ]);
    assert.equal(found[2]?.detail, 'Deployment (templated), container nginx: requests and limits');
    // replicaCount 1 and no autoscaling: no replicas claimed, from the values file or anywhere.
    const scaled = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': BITNAMI_VALUES.replace('replicaCount: 1', 'replicaCount: 3').replace(
        'podAntiAffinityPreset: soft',
        'podAntiAffinityPreset: ""',
      ),
      'chart/templates/deployment.yaml': BITNAMI_DEPLOYMENT,
    });
    assert.deepEqual(show(scaled), [
      'replicas deployment.yaml:13',
      'health-probes deployment.yaml:31',
      'resource-limits deployment.yaml:38',
    ]);
  });

  it("evaluates the chart's own named templates, and marks a block it cannot as conditional, never blank", () => {
    const helpers = `{{/* The replicas, at least 2 in production. */}}
{{- define "app.replicas" -}}
{{- if .Values.ha.enabled -}}
{{ max 2 .Values.replicas }}
{{- else -}}
{{ .Values.replicas | default 1 }}
{{- end -}}
{{- end }}

{{- define "app.probes" -}}
readinessProbe:
  httpGet:
    path: {{ .Values.probePath }}
{{- end }}
`;
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: {{ include "app.replicas" . }}
  template:
    spec:
      containers:
        - name: app
          {{- include "app.probes" $ | nindent 10 }}
          resources: {{- include "shared.resources" (dict "size" .Values.size) | nindent 12 }}
`;
    const found = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': 'ha:\n  enabled: false\nreplicas: 2\nprobePath: /ready\nsize: small\n',
      'chart/templates/_helpers.tpl': helpers,
      'chart/templates/deployment.yaml': deployment,
    });
    assert.deepEqual(show(found), [
      'replicas deployment.yaml:6',
      'health-probes deployment.yaml:11',
      'resource-limits deployment.yaml:12 if include shared.resources',
    ]);
    assert.match(found[2]?.detail ?? '', /\(conditional on include shared\.resources\)$/);
  });

  it('decides from the rendered templates: gated PDBs and replicas are off, an override counts for what templates read', () => {
    // grafana/helm-charts tempo-distributed templates/ingester/poddisruptionbudget-ingester.yaml, linkerd2's
    // enablePodDisruptionBudget: values that would claim a PDB the templates do not render.
    const pdb = `{{- if gt (int .Values.ingester.replicas) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ingester
{{- end }}
{{- if .Values.enablePodDisruptionBudget }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: destination
{{- end }}
`;
    const values =
      'ingester:\n  replicas: 1\n  podDisruptionBudget:\n    maxUnavailable: 1\nenablePodDisruptionBudget: false\nunused:\n  replicaCount: 4\n';
    const files = {
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': values,
      'chart/templates/pdb.yaml': pdb,
      'chart/values-prod.yaml': 'ingester:\n  replicas: 3\nunused:\n  replicaCount: 5\n',
    };
    // The override sets what a template reads (ingester.replicas): kept; a key no template reads: not.
    assert.deepEqual(show(findings(files)), ['replicas values-prod.yaml:2']);
    const scaled = findings({ ...files, 'chart/values.yaml': values.replace('replicas: 1', 'replicas: 3') });
    assert.deepEqual(show(scaled), ['disruption-budget pdb.yaml:2', 'replicas values-prod.yaml:2']);
  });

  it("says undecided, not off, for a chart whose templates set their own values (Istio's profiles)", () => {
    // istio/istio manifests/charts/istio-control/istio-discovery templates/zzz_profile.yaml merges a profile into .Values.
    const profile = `{{- $globals := list "hub" "tag" }}
{{- $_ := mustMergeOverwrite $.Values (index $.Values.profiles $.Values.profile) }}
`;
    const hpa = `{{- if .Values.pilot.autoscaleEnabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: istiod
{{- end }}
`;
    const found = findings({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': 'pilot:\n  autoscaleEnabled: false\n',
      'chart/templates/zzz_profile.yaml': profile,
      'chart/templates/autoscale.yaml': hpa,
    });
    assert.deepEqual(show(found), ['autoscaling autoscale.yaml:2 if pilot.autoscaleEnabled']);
    assert.match(found[0]?.detail ?? '', /conditional on values: pilot\.autoscaleEnabled/);
  });

  it('reads YAML with bare CR line endings, and keeps the YAML library quiet', () => {
    const pdb = 'apiVersion: policy/v1\rkind: PodDisruptionBudget\rmetadata:\r  name: web\r';
    const found = findings({ 'deploy/pdb.yaml': pdb, 'deploy/dup.yaml': 'kind: Service\nkind: Service\n' }, 'deploy');
    assert.deepEqual(show(found), ['disruption-budget pdb.yaml:1']);
  });
});
