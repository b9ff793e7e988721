import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { codeownerFindings, collect, documentFinding } from '../../../../src/core/usecases/evidence/collectors';

/** kind@line for each finding: what a collector found and where. */
const found = (file: string, text: string) => collect(file, text).map((f) => `${f.kind}@${f.line}`);

describe('evidence collectors', () => {
  it('reads SLOs from OpenSLO, Sloth (with its burn-rate alerts only when alerting is set) and Pyrra', () => {
    assert.deepEqual(found('a.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\n'), ['slo@1']);
    assert.deepEqual(
      found('a.yaml', 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: x\n'),
      [],
      'an OpenSLO Service is not an SLO',
    );
    const sloth =
      'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nspec:\n  slos:\n    - name: a\n    - name: b\n      alerting:\n        pageAlert: {}\n';
    assert.deepEqual(found('s.yml', sloth), ['slo@5', 'slo@6', 'burn-rate-alerts@7']);
    assert.deepEqual(
      found('p.yaml', 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: x\n'),
      ['slo@1', 'burn-rate-alerts@1'],
    );
  });

  it('reads alerts, their runbook links and burn-rate alerts from rule files and PrometheusRule resources; recording rules are not alerts', () => {
    const rules =
      'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: x\n      - alert: A\n        expr: up == 0\n        annotations:\n          runbook_url: https://r\n';
    assert.deepEqual(found('rules.yaml', rules), ['alert-rules@6', 'runbook-links@9']);
    const resource = `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Burn\n          expr: slo:sli_error:ratio_rate5m > 14.4 * 0.001\n`;
    assert.deepEqual(found('r.yaml', resource), ['alert-rules@7', 'burn-rate-alerts@8']);
  });

  it('reads every document of a multi-document Kubernetes file: probes, replicas, spread, limits, PDB, HPA', () => {
    const one =
      'kind: Deployment\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: c\n          livenessProbe: {}\n';
    assert.deepEqual(found('d.yaml', one), ['health-probes@8'], 'one replica is no redundancy');
    const two = `${one}---\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n---\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n`;
    assert.deepEqual(found('d.yaml', two), ['health-probes@8', 'disruption-budget@10', 'autoscaling@14']);
    const spread =
      'kind: StatefulSet\nspec:\n  replicas: 2\n  template:\n    spec:\n      affinity:\n        podAntiAffinity: {}\n      containers:\n        - resources:\n            requests: {cpu: 1}\n            limits: {cpu: 1}\n';
    assert.deepEqual(found('s.yaml', spread), ['replicas@3', 'topology-spread@6', 'resource-limits@9']);
  });

  it('reads Helm values by the chart conventions, and templates as text since they are not YAML until rendered', () => {
    assert.deepEqual(found('chart/values.yaml', 'replicaCount: 3\nautoscaling:\n  enabled: false\n'), ['replicas@1']);
    const template =
      'apiVersion: apps/v1\nkind: {{ .Values.kind }}\nspec:\n  template:\n    spec:\n      containers:\n        - readinessProbe:\n';
    assert.deepEqual(found('chart/templates/deploy.yaml', template), ['health-probes@7']);
  });

  it('reads chaos experiments, backups and load tests', () => {
    assert.deepEqual(found('c.yaml', 'apiVersion: chaos-mesh.org/v1alpha1\nkind: NetworkChaos\n'), [
      'chaos-experiments@1',
    ]);
    assert.deepEqual(found('c.yaml', 'apiVersion: litmuschaos.io/v1alpha1\nkind: ChaosEngine\n'), [
      'chaos-experiments@1',
    ]);
    assert.deepEqual(found('v.yaml', 'apiVersion: velero.io/v1\nkind: Schedule\n'), ['backups@1']);
    assert.deepEqual(found('j.yaml', 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: db-backup\n'), [
      'backups@1',
    ]);
    assert.deepEqual(found('j.yaml', 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cleanup\n'), []);
    assert.deepEqual(found('load/x.js', "// peak\nimport http from 'k6/http';\n"), ['load-tests@2']);
    assert.deepEqual(found('app.js', "import http from 'node:http';\n"), [], 'any other script is not a load test');
    assert.deepEqual(found('locustfile.py', 'from locust import task\n'), ['load-tests@1']);
    assert.deepEqual(found('Sim.scala', 'class Checkout extends Simulation {\n'), ['load-tests@1']);
  });

  it('reports YAML that does not parse and finds nothing in it', () => {
    const said: string[] = [];
    assert.deepEqual(
      collect('bad.yaml', 'kind: SLO\nkey: [unclosed\n', (m) => said.push(m)),
      [],
    );
    assert.match(said[0] ?? '', /^bad\.yaml: /);
  });

  it('knows runbooks and postmortems by their folders, and CODEOWNERS lines by the paths they cover', () => {
    assert.equal(documentFinding('svc/runbooks/db.md')?.kind, 'runbooks');
    assert.equal(documentFinding('svc/docs/runbooks/db.md')?.kind, 'runbooks');
    assert.equal(documentFinding('svc/postmortems/2026-01.md')?.kind, 'postmortems');
    assert.equal(documentFinding('svc/README.md'), undefined);
    const lines = (owners: string, paths: string[]) =>
      codeownerFindings('CODEOWNERS', owners, paths).map((f) => `${f.line} ${f.detail}`);
    const owners = '# comment\n* @everyone\n/services/pay/ @a # payments\n*.js @js-team\n/other/ @b\n';
    assert.deepEqual(lines(owners, ['services/pay']), ['3 owned by @a'], 'the last matching line wins');
    assert.deepEqual(lines(owners, ['services/payroll']), ['2 owned by @everyone'], 'a folder ends at its slash');
    assert.deepEqual(lines(`${owners}* @everyone\n`, ['services/pay']), ['6 owned by @everyone']);
    assert.deepEqual(lines(`${owners}/services/pay/\n`, ['services/pay']), [], 'a line without owners unowns it');
    // prometheus-community/helm-charts' CODEOWNERS: each chart its own line.
    const charts = '/charts/prometheus/ @a\n/charts/prometheus-node-exporter/ @b\n';
    assert.deepEqual(lines(charts, ['charts/prometheus-node-exporter', 'charts/prometheus/**/*.yaml']), [
      '1 owned by @a',
      '2 owned by @b',
    ]);
  });
});
