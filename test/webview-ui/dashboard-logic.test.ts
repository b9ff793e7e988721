import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HeatmapCell } from '../../src/shared/heatmap-view';
import { type DashboardRow } from '../../src/shared/protocol';
import { type Status } from '../../src/shared/status';
import { byFlow, filterChoices, filterRows, NO_FILTER, replaceCell, rollupText } from '../../webview-ui/dashboard-logic';

function cell(key: string, status: Status, level: number | null = 1): HeatmapCell {
  return { key, level, target: 2, status, stale: false };
}

function rows(): DashboardRow[] {
  return [
    { flow: 'Checkout', asset: 'web', owner: 'ana', tier: 1, cells: [cell('checkout/web/a', 'Red'), cell('checkout/web/b', 'Green')] },
    { flow: 'Checkout', asset: 'api', owner: '', tier: 2, cells: [cell('checkout/api/a', 'Amber'), null] },
    { flow: 'Login', asset: 'auth', owner: 'bo', tier: null, cells: [cell('login/auth/a', 'Not assessed', null), cell('login/auth/b', 'Green')] },
  ];
}

describe('dashboard webview logic', () => {
  it('filters by flow, tier (or no tier), owner (or none) and status, and offers the choices the data has', () => {
    const all = rows();
    const assets = (f: Partial<typeof NO_FILTER>) => filterRows(all, { ...NO_FILTER, ...f }).map((r) => r.asset);
    assert.deepEqual(assets({}), ['web', 'api', 'auth']);
    assert.deepEqual(assets({ flow: 'Login' }), ['auth']);
    assert.deepEqual(assets({ tier: '2' }), ['api']);
    assert.deepEqual(assets({ tier: 'none' }), ['auth']);
    assert.deepEqual(assets({ owner: '' }), ['web', 'api', 'auth'], 'an empty owner filter means all');
    assert.deepEqual(assets({ owner: 'bo' }), ['auth']);
    assert.deepEqual(assets({ status: 'Green' }), ['web', 'auth'], 'rows with at least one cell of the status');
    assert.deepEqual(assets({ flow: 'Checkout', status: 'Green' }), ['web']);
    assert.deepEqual(filterChoices(all), { flows: ['Checkout', 'Login'], tiers: ['1', '2', 'none'], owners: ['', 'ana', 'bo'] });
  });

  it('groups rows by flow in order and rolls a flow up by status in display order', () => {
    const groups = byFlow(rows());
    assert.deepEqual(
      groups.map((g) => [g.flow, g.rows.length]),
      [
        ['Checkout', 2],
        ['Login', 1],
      ],
    );
    assert.equal(rollupText(groups[0]?.rows ?? []), '1 Red · 1 Amber · 1 Green');
    assert.equal(rollupText([]), '');
  });

  it('puts one changed cell in place and says where, or nothing for an unknown key', () => {
    const all = rows();
    const at = replaceCell(all, cell('checkout/api/a', 'Green', 3));
    assert.equal(at?.row.asset, 'api');
    assert.equal(at?.column, 0);
    assert.equal(all[1]?.cells[0]?.status, 'Green');
    assert.equal(rollupText(byFlow(all)[0]?.rows ?? []), '1 Red · 2 Green');
    assert.equal(replaceCell(all, cell('nowhere/x/y', 'Red')), undefined);
  });
});
