import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../../src/core/domain/flows';
import { scanEvidence } from '../../../../src/core/usecases/evidence/scan';
import { tempDir } from '../../../helpers/workspace';

/** A repository (a `.git` folder) with `files`, scanned from `dataDir` with `flowsCsv`. */
function scan(files: Record<string, string>, flowsCsv: string, dataDir = '.') {
  const repo = tempDir('sre-scan-');
  fs.mkdirSync(path.join(repo, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    fs.writeFileSync(path.join(repo, name), text);
  }
  const root = path.join(repo, dataDir);
  fs.mkdirSync(root, { recursive: true });
  return { repo, result: scanEvidence(root, parseFlows(flowsCsv, 'flows.csv')) };
}

const PDB = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n';
const kinds = (r: ReturnType<typeof scan>['result']) => r.assets.map((a) => a.findings.map((f) => f.kind));

describe('scanning a repository: nothing silent, nothing fatal, nothing outside (issue 27)', () => {
  it('reads a file using one anchor 150 times, and one file whose aliases explode never ends the scan', () => {
    // A List whose items share one anchor, as compose and CI files do: 150 aliases, each cheap.
    const items = Array.from(
      { length: 150 },
      (_, i) => `  - kind: ConfigMap\n    metadata:\n      name: c${i}\n      labels: *labels\n`,
    ).join('');
    const list = `kind: List\nx-labels: &labels\n  team: web\nitems:\n${items}  - kind: HorizontalPodAutoscaler\n    metadata:\n      name: web\n      labels: *labels\n`;
    const bomb = `kind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 6 },
      (_, i) =>
        `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
          .fill(i ? `*${'b'.repeat(i)}` : '*a')
          .join(', ')}]`,
    ).join('\n')}\n`;
    const { result } = scan(
      { 'web/list.yml': list, 'web/bomb.yaml': bomb, 'web/pdb.yaml': PDB },
      'flow,asset,path\nShop,web,web\n',
    );
    assert.deepEqual(
      kinds(result),
      [['autoscaling', 'disruption-budget']],
      'the list is read, the PDB beside them too',
    );
    assert.equal(result.problems.length, 1, result.problems.join('\n'));
    assert.match(result.problems[0] ?? '', /^web\/bomb\.yaml: .*alias/i, 'the exploding file is listed, with why');
  });

  it('lists a path that does not exist and a glob that matches nothing, naming the line of flows.csv', () => {
    const { result } = scan(
      { 'svc/pdb.yaml': PDB },
      'flow,asset,path\nShop,web,svcc\nShop,api,svc/**/*.json\nShop,db,\n',
    );
    assert.deepEqual(result.problems, [
      'flows.csv line 2, column path: path svcc does not exist',
      'flows.csv line 3, column path: glob svc/**/*.json matches no file',
    ]);
  });

  it('lists files skipped for size, and never reads a FIFO, a device or a link to one', () => {
    const { repo, result: first } = scan(
      { 'web/dashboards.json': 'x'.repeat((1 << 20) + 10), 'web/pdb.yaml': PDB },
      'flow,asset,path\nShop,web,web\n',
    );
    assert.deepEqual(kinds(first), [['disruption-budget']]);
    assert.match(first.problems.join('\n'), /web\/dashboards\.json: skipped, 1\.0 MiB is over the 1 MiB read/);
    execFileSync('mkfifo', [path.join(repo, 'web', 'pipe.yaml')]);
    fs.symlinkSync('/dev/zero', path.join(repo, 'web', 'zero.yaml'));
    const again = scanEvidence(
      repo,
      parseFlows('flow,asset,path\nShop,web,web\nShop,pipe,web/pipe.yaml\nShop,zero,web/zero.yaml\n', 'flows.csv'),
    );
    assert.deepEqual(
      again.assets.map((a) => a.findings.length),
      [1, 0, 0],
      'returns at once: nothing hung',
    );
    assert.match(again.problems.join('\n'), /web\/pipe\.yaml: not a regular file, not read/);
    assert.match(again.problems.join('\n'), /flows\.csv line 4, column path: "web\/zero\.yaml" leaves the repository/);
  });

  it('refuses a path that leaves the repository: ../ past its root, a linked folder pointing outside (flows.csv refuses absolute paths)', () => {
    const outside = tempDir('sre-outside-');
    fs.writeFileSync(path.join(outside, 'pdb.yaml'), PDB);
    const { repo } = scan({ 'svc/pdb.yaml': PDB }, 'flow,asset,path\n');
    fs.symlinkSync(outside, path.join(repo, 'linked'));
    const result = scanEvidence(
      repo,
      parseFlows('flow,asset,path\nShop,a,../../..\nShop,c,linked\nShop,d,svc\n', 'flows.csv'),
    );
    assert.deepEqual(kinds(result), [[], [], ['disruption-budget']]);
    for (const [line, entry] of [
      [2, '../../..'],
      [3, 'linked'],
    ] as const)
      assert.ok(
        result.problems.includes(
          `flows.csv line ${line}, column path: "${entry}" leaves the repository (${repo}); give a path inside it`,
        ),
        result.problems.join('\n'),
      );
  });

  it("finds the repository's CODEOWNERS when the data folder is a subfolder with ../ paths, as GitHub applies it", () => {
    const { result } = scan(
      {
        '.github/CODEOWNERS': '* @org/sre\n/charts/prometheus/ @a\n/charts/prometheus-node-exporter/ @b\n',
        CODEOWNERS: '* @ignored\n', // GitHub reads .github/CODEOWNERS first and only that one
        'charts/prometheus/values.yaml': 'replicaCount: 1\n',
        'charts/prometheus-node-exporter/values.yaml': 'replicaCount: 1\n',
      },
      'flow,asset,path\nObs,prometheus,../charts/prometheus\nObs,node-exporter,../charts/prometheus-node-exporter\n',
      'sre',
    );
    assert.deepEqual(
      result.assets.map((a) => a.findings.map((f) => `${f.file}:${f.line} ${f.detail}`)),
      [['../.github/CODEOWNERS:2 owned by @a'], ['../.github/CODEOWNERS:3 owned by @b']],
    );
  });

  it("follows a kustomize overlay to its base outside the asset's path, as kustomize builds it", () => {
    // The kustomize docs' layout (kubernetes-sigs/kustomize examples/helloWorld): base/ and overlays/prod/.
    const { result } = scan(
      {
        'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - pdb.yaml\n',
        'deploy/base/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          readinessProbe: {}\n',
        'deploy/base/pdb.yaml': PDB,
        'deploy/base/unused.yaml': 'kind: HorizontalPodAutoscaler\nmetadata:\n  name: not-built\n',
        'deploy/overlays/prod/kustomization.yaml':
          'resources:\n  - ../../base\n  - https://github.com/example/remote//base?ref=v1\n  - ../../gone\nreplicas:\n  - name: web\n    count: 3\n',
      },
      'flow,asset,path\nShop,web,deploy/overlays/prod\n',
    );
    assert.deepEqual(
      result.assets[0]?.findings.map((f) => `${f.kind} ${f.file}`),
      [
        'health-probes deploy/base/deployment.yaml',
        'disruption-budget deploy/base/pdb.yaml',
        'replicas deploy/overlays/prod/kustomization.yaml',
      ],
      'the base as built; a file the base does not list is not read',
    );
    assert.deepEqual(result.problems, ['deploy/overlays/prod/kustomization.yaml: resource ../../gone does not exist']);
  });
});
