import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { codeownerFindings } from '../../../../src/core/usecases/evidence/codeowners';
import { collect, documentFinding } from '../../../../src/core/usecases/evidence/collectors';

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

  it('reads Helm values by the chart conventions, and a chart template rendered against its defaults (helm.test.ts)', () => {
    assert.deepEqual(found('chart/values.yaml', 'replicaCount: 3\nautoscaling:\n  enabled: false\n'), ['replicas@1']);
    const template =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          readinessProbe: {}\n';
    const chart = { values: {} };
    assert.deepEqual(
      collect('chart/templates/deploy.yaml', template, undefined, { chart }).map((f) => `${f.kind}@${f.line}`),
      ['health-probes@8'],
    );
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

  it('reads the SLO formats as their projects ship them, and no burn-rate alerts where they are switched off (issue 27)', () => {
    // slok/sloth examples/getting-started.yml: the default spec, no apiVersion.
    const sloth =
      'version: "prometheus/v1"\nservice: "myservice"\nslos:\n  - name: "requests-availability"\n    objective: 99.9\n    alerting:\n      name: MyServiceHighErrorRate\n      page_alert:\n        labels: {severity: page}\n  - name: "quiet"\n    alerting:\n      name: Quiet\n      page_alert:\n        disable: true\n      ticket_alert:\n        disable: true\n';
    assert.deepEqual(found('slo/sloth.yml', sloth), ['slo@4', 'burn-rate-alerts@6', 'slo@10']);
    const crd =
      'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nspec:\n  slos:\n    - name: a\n      alerting:\n        name: A\n        pageAlert:\n          disable: true\n        ticketAlert:\n          disable: true\n';
    assert.deepEqual(found('s.yaml', crd), ['slo@5'], 'both alerts disabled: no burn-rate alerts');
    // OpenSLO/OpenSLO examples/v2alpha.
    assert.deepEqual(found('o.yaml', 'apiVersion: openslo.com/v2alpha\nkind: SLO\nmetadata:\n  name: x\n'), ['slo@1']);
    // pyrra-dev/pyrra examples: alerting.burnrates false.
    const pyrra =
      'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: x\nspec:\n  alerting:\n    burnrates: false\n';
    assert.deepEqual(found('p.yaml', pyrra), ['slo@1']);
  });

  it('reads JSON manifests, List items, *.rules files, rules a ConfigMap carries, kustomize replicas and operators (issue 27)', () => {
    assert.deepEqual(
      found(
        'k8s/pdb.json',
        '{\n  "apiVersion": "policy/v1",\n  "kind": "PodDisruptionBudget",\n  "metadata": {"name": "x"}\n}\n',
      ),
      ['disruption-budget@1'],
    );
    assert.deepEqual(
      found('package.json', '{ "name": "x", // no\n}'),
      [],
      'a JSON file that is no manifest is no problem',
    );
    const items =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: policy/v1\n    kind: PodDisruptionBudget\n    metadata:\n      name: a\n  - kind: HorizontalPodAutoscaler\n    metadata:\n      name: b\n';
    assert.deepEqual(found('list.yaml', items), ['disruption-budget@4', 'autoscaling@8']);
    assert.deepEqual(
      found('alerts/node.rules', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n'),
      ['alert-rules@4'],
    );
    // prometheus-community/helm-charts charts/prometheus: rules in a ConfigMap's data.
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  alerting_rules.yml: |\n    groups:\n      - name: g\n        rules:\n          - alert: Down\n            expr: up == 0\n            annotations:\n              runbook_url: https://r\n';
    assert.deepEqual(found('cm.yaml', configMap), ['alert-rules@10', 'runbook-links@13']);
    const kustomization =
      'resources:\n  - ../../base\nreplicas:\n  - name: web\n    count: 3\n  - name: job\n    count: 1\n';
    assert.deepEqual(found('overlays/prod/kustomization.yaml', kustomization), ['replicas@4']);
    const prometheus =
      'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\nspec:\n  replicas: 2\n  resources:\n    requests: {memory: 400Mi}\n    limits: {memory: 2Gi}\n';
    assert.deepEqual(found('prometheus.yaml', prometheus), ['replicas@6', 'resource-limits@7']);
    const cnpg =
      'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\nspec:\n  instances: 3\n  backup:\n    barmanObjectStore: {}\n';
    assert.deepEqual(found('db.yaml', cnpg), ['replicas@6', 'backups@7']);
    const crunchy =
      'apiVersion: postgres-operator.crunchydata.com/v1beta1\nkind: PostgresCluster\nmetadata:\n  name: hippo\nspec:\n  instances:\n    - name: a\n      replicas: 2\n  backups:\n    pgbackrest: {}\n';
    assert.deepEqual(found('hippo.yaml', crunchy), ['replicas@8', 'backups@9']);
  });

  it('knows chaos and load tests by what they are, not by a name; navigation pages are not runbooks; a `constructor:` key is nothing (issue 27)', () => {
    // litmuschaos/chaos-charts experiments/: a Litmus experiment shipped as an Argo Workflow.
    const argo =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: pod-delete\nspec:\n  templates:\n    - name: run\n      inputs:\n        artifacts:\n          - raw:\n              data: |\n                apiVersion: litmuschaos.io/v1alpha1\n                kind: ChaosEngine\n';
    assert.deepEqual(found('experiments/pod-delete.yaml', argo), ['chaos-experiments@1']);
    assert.deepEqual(
      found('c.yaml', 'apiVersion: chaos-mesh.org/v1alpha1\nkind: StatusCheck\n'),
      [],
      'a status check injects nothing',
    );
    assert.deepEqual(found('load/shop.py', 'import time\nfrom locust import HttpUser, task\n'), ['load-tests@2']);
    assert.deepEqual(found('locustfile.py', 'print("not a test")\n'), [], 'the name alone is not a test');
    assert.equal(documentFinding('runbooks/_index.md'), undefined);
    const template = 'apiVersion: v1\nkind: {{ .Values.kind }}\nspec:\n  constructor: x\n  toString: y\n';
    const findings = collect('chart/templates/x.yaml', template);
    assert.deepEqual(findings, []);
  });

  it('does not parse what cannot be evidence: CustomResourceDefinitions and files with no kind, groups or SLOs (issue 27)', () => {
    const problems: string[] = [];
    // Broken past its header: a parse would report it; judged by its kind, it is never parsed.
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: [unclosed\n';
    assert.deepEqual(
      collect('crds/x.yaml', crd, (m) => problems.push(m)),
      [],
    );
    assert.deepEqual(
      collect('.github/workflows/ci.yml', 'on: [push\n', (m) => problems.push(m)),
      [],
    );
    assert.equal(problems.length, 0, problems.join('\n'));
    collect('k8s/broken.yaml', 'kind: Deployment\nspec: [unclosed\n', (m) => problems.push(m));
    assert.equal(problems.length, 1, 'a manifest that could be evidence is still parsed, and its error listed');
  });
});
