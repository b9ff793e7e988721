import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { scoresBy } from '../../../src/core/domain/scores';
import { exemptItem } from '../../../src/core/usecases/assessment';
import { cli } from '../../helpers/cli';
import { assessAtLevel, setUpWorkspace } from '../../helpers/workspace';

const FLOWS = 'flow,asset,owner,tier\nCheckout,web,team-web,1\nCheckout,api,team-pay,2\nLogin,auth,team-pay,\n';

describe('scores by flow, owner, tier and pillar', () => {
  it('scores a group as the share of its in-scope items at or above target, exempt items left out, with its Red count', async () => {
    const ws = await setUpWorkspace({ flowsCsv: FLOWS }); // targets.csv: tier 1 → 3, tier 2 → 2, no tier → 1
    assessAtLevel(ws, ['checkout/web/slis-slos', 'checkout/web/on-call'], 3); // tier 1 at target
    assessAtLevel(ws, ['checkout/api/slis-slos'], 1); // tier 2, below: Red? one below target is Amber
    assessAtLevel(ws, ['login/auth/slis-slos'], 0); // no tier, target 1: Red
    exemptItem(ws.store, { itemKey: 'login/auth/on-call', reason: 'no pager', until: '', by: 'ana', at: new Date() });
    const items = ws.items();
    const byOwner = scoresBy(items, 'owner');
    assert.deepEqual(
      byOwner.map((s) => [s.name, s.inScope, s.atTarget, s.score, s.red]),
      [
        ['team-pay', 29, 0, 0, 1],
        ['team-web', 15, 2, 13, 0],
      ],
      'owners sorted; the exempt item of team-pay is out of scope',
    );
    assert.deepEqual(
      scoresBy(items, 'tier').map((s) => [s.name, s.inScope, s.atTarget]),
      [
        ['no tier', 14, 0],
        ['tier 1', 15, 2],
        ['tier 2', 15, 0],
      ],
    );
    assert.deepEqual(
      scoresBy(items, 'flow').map((s) => s.name),
      ['Checkout', 'Login'],
    );
    assert.equal(scoresBy(items, 'pillar')[0]?.name, ws.model().pillars[0]);
  });

  it('prints the status table by owner, tier or pillar, and refuses another grouping', async () => {
    const ws = await setUpWorkspace({ flowsCsv: FLOWS });
    assessAtLevel(ws, ['checkout/web/slis-slos'], 3);
    const r = await cli(['status', '--dir', ws.dir, '--by', 'owner']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Owner\s+Red\s+Amber\s+Green\s+Done\s+Not assessed\s+Exemption expired\s+Not applicable\s+At target\s+Score\s+Stale\s+Due$/m,
    );
    assert.match(r.stdout, /^team-web\s+0\s+0\s+1\s+0\s+14\s+0\s+0\s+1\/15\s+7%\s+0\s+0$/m);
    assert.match(r.stdout, /^Total\s/m);
    const bad = await cli(['status', '--dir', ws.dir, '--by', 'colour']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--by must be one of flow, owner, tier, pillar/);
  });
});
