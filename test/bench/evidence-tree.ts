/**
 * A repository shaped like the real trees the evidence scan was tried on (issue 27): 9,770 files, most of them
 * documentation and CI files, 200 services with manifests, rules and a Helm chart, and 40 CustomResourceDefinitions
 * of about 0.7 MB each (as kube-prometheus' and the operators' `crds/` folders hold), under the assets' paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SERVICES = 200;
const CRDS = 40;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A CRD of about 0.7 MB: an OpenAPI schema of nested properties, as a real one is. */
function crd(n: number): string {
  const props = Array.from(
    { length: 2600 },
    (_, i) =>
      `                field${i}:\n                  description: What field ${i} of thing ${n} configures, at some length.\n                  type: string\n`,
  ).join('');
  return `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things${n}.example.com\nspec:\n  group: example.com\n  names:\n    kind: Thing${n}\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          properties:\n            spec:\n              properties:\n${props}`;
}

/** Writes the tree into `dir` with its flows.csv; returns the number of files. */
export function writeEvidenceTree(dir: string): number {
  let files = 0;
  const put = (rel: string, text: string) => (write(path.join(dir, rel), text), files++);
  const rows = ['flow,asset,tier,path'];
  for (let s = 0; s < SERVICES; s++) {
    const svc = `services/s${s}`;
    rows.push(`Flow ${s % 20},s${s},1,${svc}`);
    put(
      `${svc}/k8s/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s${s}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n`,
    );
    put(
      `${svc}/k8s/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${s}\nspec:\n  ports: [{port: 80}]\n`,
    );
    put(
      `${svc}/alerts/rules.yaml`,
      `groups:\n  - name: s${s}\n    rules:\n      - alert: S${s}Down\n        expr: up{job="s${s}"} == 0\n        annotations:\n          runbook_url: https://runbooks.example/s${s}\n`,
    );
    put(`${svc}/chart/Chart.yaml`, `apiVersion: v2\nname: s${s}\nversion: 1.0.0\n`);
    put(
      `${svc}/chart/values.yaml`,
      'replicaCount: 2\nautoscaling:\n  enabled: false\npodDisruptionBudget: {}\nresources: {}\n',
    );
    put(
      `${svc}/chart/templates/deployment.yaml`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n',
    );
    for (let w = 0; w < 8; w++)
      put(
        `${svc}/.github/workflows/w${w}.yml`,
        `name: w${w}\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n`,
      );
    for (let d = 0; d < 10; d++) put(`${svc}/docs/page${d}.md`, `# Page ${d}\n\nSome documentation.\n`);
  }
  for (let c = 0; c < CRDS; c++) put(`services/s${c}/crds/thing${c}.yaml`, crd(c));
  for (let d = 0; files < 9770 - 1; d++) put(`docs/site/section${d % 50}/page${d}.md`, `# Page ${d}\n`);
  put('flows.csv', `${rows.join('\n')}\n`);
  return files;
}
