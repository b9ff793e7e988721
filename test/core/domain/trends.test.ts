import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { addTrend, type LevelChange, trends, trendScore } from '../../../src/core/domain/trends';
import { exemptItem } from '../../../src/core/usecases/assessment';
import { setUpWorkspace } from '../../helpers/workspace';

const FLOWS = 'flow,asset,owner,tier\nCheckout,web,team-web,1\nLogin,auth,team-pay,2\n';
const NOW = new Date('2026-11-25T12:00:00Z'); // a Wednesday: the last week starts Monday 2026-11-23

describe('trends per group over 26 weeks', () => {
  it('counts each item at its latest level by the end of each week, leaving out exempt and unknown items', async () => {
    const ws = await setUpWorkspace({ settings: { statusMode: 'thresholds' } }); // amber from 2, green from 3
    exemptItem(ws.store, { itemKey: 'login/auth/on-call', reason: 'no pager', until: '', by: 'ana', at: NOW });
    const changes: LevelChange[] = [
      { itemKey: 'checkout/web/on-call', at: '2026-03-01T10:00:00Z', level: 1 }, // before the 26 weeks: counted from the first week
      { itemKey: 'checkout/web/slis-slos', at: '2026-11-10T10:00:00Z', level: 2 },
      { itemKey: 'checkout/web/on-call', at: '2026-11-11T10:00:00Z', level: 3 }, // red becomes green
      { itemKey: 'login/auth/on-call', at: '2026-11-11T11:00:00Z', level: 0 }, // exempt now: left out
      { itemKey: 'gone/asset/x', at: '2026-11-12T10:00:00Z', level: 0 }, // no such item: left out
      { itemKey: 'checkout/web/slis-slos', at: '2026-11-24T10:00:00Z', level: 4 },
    ];
    const items = ws.items(NOW);
    const inScope = items.length - 1;
    const weeks = trends(items, changes, ws.statusRules(NOW), NOW).of('all', '');
    assert.equal(weeks.length, 26);
    assert.equal(weeks[0]?.week, '2026-06-01');
    const at = (week: string) => weeks.find((w) => w.week === week);
    assert.deepEqual(at('2026-06-01'), { week: '2026-06-01', inScope, atTarget: 0, red: 1, amber: 0, green: 0 });
    assert.deepEqual(at('2026-11-02'), { week: '2026-11-02', inScope, atTarget: 0, red: 1, amber: 0, green: 0 });
    assert.deepEqual(at('2026-11-09'), { week: '2026-11-09', inScope, atTarget: 1, red: 0, amber: 1, green: 1 });
    assert.deepEqual(at('2026-11-23'), { week: '2026-11-23', inScope, atTarget: 2, red: 0, amber: 0, green: 2 });
  });

  it('gives each owner, tier, flow and pillar its own line, judged against the tier target', async () => {
    const ws = await setUpWorkspace({ flowsCsv: FLOWS }); // targets: tier 1 → 3, tier 2 → 2
    const changes: LevelChange[] = [
      { itemKey: 'checkout/web/on-call', at: '2026-10-06T10:00:00Z', level: 2 }, // tier 1: below 3
      { itemKey: 'login/auth/on-call', at: '2026-10-07T10:00:00Z', level: 2 }, // tier 2: at target
      { itemKey: 'checkout/web/on-call', at: '2026-11-17T10:00:00Z', level: 3 }, // tier 1: now at target
    ];
    const items = ws.items(NOW);
    const t = trends(items, changes, ws.statusRules(NOW), NOW);
    const scores = (by: 'owner' | 'tier' | 'flow', name: string) => t.of(by, name).map((p) => p.atTarget);
    assert.deepEqual(scores('owner', 'team-web').slice(-8), [0, 0, 0, 0, 0, 0, 1, 1]);
    assert.deepEqual(scores('owner', 'team-pay').slice(-9), [0, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(scores('tier', 'tier 2').slice(-9), [0, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(scores('flow', 'Checkout').slice(-8), [0, 0, 0, 0, 0, 0, 1, 1]);
    assert.equal(t.of('owner', 'team-web')[0]?.red, 0, 'not yet assessed is not Red, as in the score');
    const pillar = items.find((i) => i.key === 'checkout/web/on-call')?.pillar ?? '';
    assert.equal(t.of('pillar', pillar).at(-1)?.atTarget, 2);
    assert.deepEqual(t.of('owner', 'nobody'), []);
    const last = t.of('owner', 'team-web').at(-1);
    assert.ok(last && trendScore(last) === Math.round(100 / last.inScope));
  });

  it('adds the same weeks of two workspaces point by point', () => {
    const p = (week: string, inScope: number, atTarget: number) => ({
      week,
      inScope,
      atTarget,
      red: 1,
      amber: 0,
      green: atTarget,
    });
    assert.deepEqual(
      addTrend([p('2026-11-16', 4, 1), p('2026-11-23', 4, 2)], [p('2026-11-16', 6, 3), p('2026-11-23', 6, 6)]),
      [
        { week: '2026-11-16', inScope: 10, atTarget: 4, red: 2, amber: 0, green: 4 },
        { week: '2026-11-23', inScope: 10, atTarget: 8, red: 2, amber: 0, green: 8 },
      ],
    );
    assert.deepEqual(addTrend([], [p('2026-11-23', 2, 1)]), [p('2026-11-23', 2, 1)]);
  });
});
