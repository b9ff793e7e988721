/**
 * Attestations bound to their evidence (issue 38 §2), in a real git repository laid out as the README's
 * `repos/<name>/sre`: the data folder `sre/` beside the services it describes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { cli } from '../helpers/cli';
import { git } from '../helpers/git-repo';
import { tempDir } from '../helpers/workspace';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
spec:
  replicas: 3
  template:
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
      containers:
        - name: api
          image: registry.example.com/payments-api:1.42.0
`;
const PDB = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: payments-api
spec:
  minAvailable: 2
`;
const RULES = `groups:
  - name: payments
    rules:
      - alert: PaymentsErrorBudgetBurn
        expr: slo:sli_error:ratio_rate5m{service="payments"} > 14.4 * 0.001
        labels:
          severity: page
        annotations:
          runbook_url: https://runbooks.example.com/payments/burn
`;

const KEY = 'checkout/payments-api/redundancy-failover';
const MONITORING = 'checkout/payments-api/monitoring-alerting';

/** `sre-tracker assess` of one of payments-api's capabilities in the data folder `sre`. */
const assess = (sre: string, capability: string, ...rest: string[]) =>
  cli(['assess', '--dir', sre, '--flow', 'Checkout', '--asset', 'payments-api', '--capability', capability, ...rest]);

async function repository(): Promise<{ root: string; sre: string; write: (file: string, text: string) => void }> {
  const root = tempDir();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  git(root, 'init', '-q', '-b', 'main');
  write('services/payments/k8s/deployment.yaml', DEPLOYMENT + PDB);
  write('services/payments/alerts/rules.yaml', RULES);
  write('sre/flows.csv', 'flow,asset,tier,owner,path\nCheckout,payments-api,1,team-pay,../services/payments\n');
  const sre = path.join(root, 'sre');
  const setup = await cli(['setup', '--dir', sre]);
  assert.equal(setup.code, 0, setup.stderr);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'set up');
  return { root, sre, write };
}

describe('attestations bound to their evidence (issue 38)', () => {
  it('assess --use-evidence binds the answers; an unrelated edit keeps them, a deleted PDB or fewer replicas makes them stale', async () => {
    const { sre, write } = await repository();
    const bound = await assess(sre, 'Redundancy & Failover', '--level', '2', '--use-evidence', '--by', 'ann');
    assert.equal(bound.code, 0, bound.stderr);
    assert.match(bound.stdout, /yes from evidence: Does the asset run redundantly .*k8s\/deployment\.yaml:6/);
    assert.equal((await assess(sre, 'Monitoring & Alerting', '--level', '3', '--use-evidence')).code, 0);
    const gate = () => cli(['check', '--dir', sre, '--fail-on', 'stale']);
    assert.equal((await gate()).code, 0, 'the evidence is as it was');

    // Another image and a comment that moves every line: the evidence is the same.
    write('services/payments/k8s/deployment.yaml', `# bumped\n${DEPLOYMENT.replace('1.42.0', '1.43.0')}${PDB}`);
    const unrelated = await gate();
    assert.equal(unrelated.code, 0, unrelated.stdout);

    write('services/payments/k8s/deployment.yaml', DEPLOYMENT);
    const noPdb = await gate();
    assert.equal(noPdb.code, 1);
    assert.match(
      noPdb.stdout,
      /redundancy-failover\s+stale\s+evidence changed for "Does the asset run redundantly[^"]*": \.\.\/services\/payments\/k8s\/deployment\.yaml:\d+ PodDisruptionBudget payments-api: removed/,
    );
    assert.doesNotMatch(noPdb.stdout, /monitoring-alerting/);

    write('services/payments/k8s/deployment.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 2') + PDB);
    const fewer = await gate();
    assert.equal(fewer.code, 1);
    assert.match(fewer.stdout, /Deployment payments-api: 3 replicas: now Deployment payments-api: 2 replicas/);
    write('services/payments/k8s/deployment.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 1') + PDB);
    assert.match((await gate()).stdout, /Deployment payments-api: 3 replicas: removed/);

    write('services/payments/alerts/rules.yaml', RULES.replace(/\n\s+annotations:\n.*\n/, '\n'));
    const runbook = await gate();
    assert.match(
      runbook.stdout,
      /monitoring-alerting\s+stale\s+evidence changed for "Does every paging alert link to a runbook\?": .*alert PaymentsErrorBudgetBurn links its runbook: removed/,
    );
  });

  it('keeps an assessment stale once the change was seen, even when the evidence comes back; a person re-attests', async () => {
    const { sre, write } = await repository();
    assert.equal((await assess(sre, 'Redundancy & Failover', '--level', '2', '--use-evidence', '--by', 'ann')).code, 0);
    write('services/payments/k8s/deployment.yaml', DEPLOYMENT);
    const seen = await cli(['evidence', '--dir', sre]);
    assert.equal(seen.code, 0, seen.stderr);
    assert.match(seen.stdout, new RegExp(`${KEY}: stale until re-assessed, the evidence its answers rest on changed`));
    write('services/payments/k8s/deployment.yaml', DEPLOYMENT + PDB);
    const back = await cli(['check', '--dir', sre, '--fail-on', 'stale']);
    assert.equal(back.code, 1, 'the PodDisruptionBudget is back, but nobody said the answers hold again');
    assert.match(back.stdout, /PodDisruptionBudget payments-api: removed/);
    const history = await cli(['dump', '--dir', sre]);
    assert.match(history.stdout, new RegExp(`${KEY} evidence-changed by sre-tracker`));
    assert.equal((await assess(sre, 'Redundancy & Failover', '--level', '2', '--use-evidence', '--by', 'bob')).code, 0);
    assert.equal((await cli(['check', '--dir', sre, '--fail-on', 'stale'])).code, 0);
    assert.doesNotMatch((await cli(['check', '--dir', sre, '--fail-on', 'stale'])).stdout, new RegExp(MONITORING));
  });

  it('refuses --use-evidence where the repository shows nothing for the capability', async () => {
    const { sre } = await repository();
    const r = await assess(sre, 'On-call', '--use-evidence');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the repository shows no evidence for checkout\/payments-api\/on-call/);

    // Where each level came from: one person's word for On-call, the repository for Redundancy & Failover.
    assert.equal((await assess(sre, 'On-call', '--level', '1')).code, 0);
    assert.equal((await assess(sre, 'Redundancy & Failover', '--level', '2', '--use-evidence')).code, 0);
    const attested = await cli(['status', '--dir', sre, '--attested', '--by', 'owner']);
    assert.equal(attested.code, 0, attested.stderr);
    assert.match(attested.stdout, /team-pay\s+checkout\/payments-api\/on-call\s+1\s+L1: \d+ attested/);
    assert.doesNotMatch(attested.stdout, /redundancy-failover/);
  });
});
