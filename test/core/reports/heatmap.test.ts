import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exemptItem } from '../../../src/core/assessment';
import { type LevelChange } from '../../../src/core/catalog';
import { weeklyCounts } from '../../../src/core/reports/heatmap';
import { setUpWorkspace } from '../../helpers/workspace';

describe('weekly counts', () => {
  it('counts each item at its latest level by the end of each week, leaving out exempt and unknown items', async () => {
    const ws = await setUpWorkspace({ settings: { statusMode: 'thresholds' } }); // amber from 2, green from 3
    const now = new Date('2026-11-25T12:00:00Z'); // a Wednesday: the last week starts Monday 2026-11-23
    exemptItem(ws.store, { itemKey: 'login/auth/on-call', reason: 'no pager', until: '', by: 'ana', at: now });
    const changes: LevelChange[] = [
      { itemKey: 'checkout/web/on-call', at: '2026-09-01T10:00:00Z', level: 1 }, // before the 12 weeks: counted from the first week
      { itemKey: 'checkout/web/slis-slos', at: '2026-11-10T10:00:00Z', level: 2 },
      { itemKey: 'checkout/web/on-call', at: '2026-11-11T10:00:00Z', level: 3 }, // red becomes green
      { itemKey: 'login/auth/on-call', at: '2026-11-11T11:00:00Z', level: 0 }, // exempt now: left out
      { itemKey: 'gone/asset/x', at: '2026-11-12T10:00:00Z', level: 0 }, // no such item: left out
      { itemKey: 'checkout/web/slis-slos', at: '2026-11-24T10:00:00Z', level: 4 },
    ];
    const weeks = weeklyCounts(ws.items(now), changes, ws.statusRules(now), now);
    assert.equal(weeks.length, 12);
    const at = (week: string) => weeks.find((w) => w.week === week);
    assert.deepEqual(at('2026-09-07'), { week: '2026-09-07', red: 1, amber: 0, green: 0 });
    assert.deepEqual(at('2026-11-02'), { week: '2026-11-02', red: 1, amber: 0, green: 0 });
    assert.deepEqual(at('2026-11-09'), { week: '2026-11-09', red: 0, amber: 1, green: 1 });
    assert.deepEqual(at('2026-11-16'), { week: '2026-11-16', red: 0, amber: 1, green: 1 });
    assert.deepEqual(at('2026-11-23'), { week: '2026-11-23', red: 0, amber: 0, green: 2 });
  });
});
