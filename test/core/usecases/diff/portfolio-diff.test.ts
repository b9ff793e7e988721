/** The portfolio diff's own rules (issue 40), on two sides built by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Capability } from '../../../../src/core/domain/model';
import { type DiffSide, portfolioDiff } from '../../../../src/core/usecases/diff/portfolio-diff';
import { type Finding } from '../../../../src/core/usecases/evidence/collectors';
import { setUpWorkspace } from '../../../helpers/workspace';

const finding = (kind: Finding['kind'], line: number, detail: string, fingerprint: string): Finding => ({
  kind,
  file: 'deploy/api.yaml',
  line,
  detail,
  fingerprint,
});

describe('portfolio diff (issue 40)', () => {
  it('says where the evidence alone supports another level, and which campaigns moved', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,api,1\n' });
    const items = ws.items().filter((i) => i.capabilityKey === 'redundancy-failover');
    const capability = items[0]?.capability as Capability;
    const [l1, l2] = [capability.levels[0]?.questions[0] ?? '', capability.levels[1]?.questions[0] ?? ''];
    const map = new Map([
      [l1, ['replicas' as const]],
      [l2, ['disruption-budget' as const]],
    ]);
    const campaign = {
      name: 'Q1',
      flows: [],
      tiers: [1],
      pillar: '',
      capability: '',
      targetLevel: 2,
      due: '2027-03-31',
      line: 2,
    };
    const side = (findings: Finding[], due: string): DiffSide => ({
      items,
      findings: new Map([['checkout/api', findings]]),
      map,
      recorded: new Map(),
      campaigns: [{ ...campaign, due }],
    });
    const replicas = finding('replicas', 6, 'Deployment api: 3 replicas', 'a1');
    const pdb = finding('disruption-budget', 9, 'PodDisruptionBudget api', 'b2');
    const diff = portfolioDiff(side([replicas, pdb], '2027-03-31'), side([replicas], '2027-06-30'));
    assert.deepEqual(diff.supported, [{ key: 'checkout/api/redundancy-failover', from: 2, to: 1 }]);
    assert.deepEqual(diff.campaigns, ['campaign "Q1": due 2027-03-31 → 2027-06-30']);
    assert.deepEqual(
      diff.evidence.map((e) => [e.kind, e.finding.detail]),
      [['lost', 'PodDisruptionBudget api']],
    );
    assert.deepEqual(diff.regressions, [], 'no answer rests on it');

    const link = { tracker: 'rally', id: '7', displayId: 'US7', url: null, state: 'Defined', done: false };
    const linked = (state: string | null) => items.map((i) => ({ ...i, link: state ? { ...link, state } : null }));
    const sides = (a: string | null, b: string | null) =>
      portfolioDiff({ ...side([], '2027-03-31'), items: linked(a) }, { ...side([], '2027-03-31'), items: linked(b) })
        .links;
    assert.deepEqual(sides(null, 'Defined'), ['checkout/api/redundancy-failover: linked to US7 (Defined)']);
    assert.deepEqual(sides('Defined', 'Accepted'), ['checkout/api/redundancy-failover: US7 Defined → Accepted']);
    assert.deepEqual(sides('Accepted', null), ['checkout/api/redundancy-failover: no longer linked to US7']);
  });
});
