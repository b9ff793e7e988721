import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { groupRows, groupSummary, rollupText, rowLabel } from '../../src/shared/heatmap-groups';
import { type HeatmapCell } from '../../src/shared/heatmap-view';
import { type Status } from '../../src/shared/status';
import {
  type DashboardData,
  filterChoices,
  filterRows,
  NO_FILTER,
  parseView,
  replaceCell,
} from '../../webview-ui/dashboard-logic';

function cell(key: string, status: Status, level: number | null = 1, target = 2): HeatmapCell {
  return { key, level, target, status, stale: false, due: false, provenance: '' };
}

const COLUMNS = [
  { pillar: 'Observability', capability: 'Alerting' },
  { pillar: 'Incident Management', capability: 'On-call' },
];

function data(): DashboardData {
  return {
    folders: ['payments'],
    columns: COLUMNS,
    rows: [
      {
        folder: 0,
        flow: 'Checkout',
        asset: 'web',
        owner: 'ana',
        tier: 1,
        cells: [cell('checkout/web/a', 'Red'), cell('checkout/web/b', 'Green', 2)],
      },
      { folder: 0, flow: 'Checkout', asset: 'api', owner: '', tier: 2, cells: [cell('checkout/api/a', 'Amber'), null] },
      {
        folder: 0,
        flow: 'Login',
        asset: 'auth',
        owner: 'bo',
        tier: null,
        cells: [cell('login/auth/a', 'Not assessed', null), cell('login/auth/b', 'Green', 2)],
      },
    ],
    campaigns: [
      { name: 'Alerting for tier 1', folder: 0, flows: [], tiers: [1], pillar: '', capability: 'Alerting' },
      { name: 'On-call everywhere', folder: 0, flows: [], tiers: [], pillar: 'Incident Management', capability: '' },
    ],
  };
}

/** Two folders whose item keys are the same: only the folder tells them apart. */
function twoFolders(): DashboardData {
  const d = data();
  return {
    ...d,
    folders: ['payments', 'search'],
    rows: [
      ...d.rows,
      {
        folder: 1,
        flow: 'Checkout',
        asset: 'web',
        owner: 'cy',
        tier: 1,
        cells: [cell('checkout/web/a', 'Green', 3), null],
      },
    ],
    campaigns: [
      ...d.campaigns,
      { name: 'Search alerting', folder: 1, flows: [], tiers: [], pillar: '', capability: 'Alerting' },
    ],
  };
}

describe('dashboard webview logic', () => {
  it('filters by flow, tier (or no tier), owner (or none), status and folder, and offers the choices the data has', () => {
    const all = twoFolders();
    const assets = (f: Partial<typeof NO_FILTER>) =>
      filterRows(all, { ...NO_FILTER, ...f }).map((r) => `${r.folder}:${r.asset}`);
    assert.deepEqual(assets({}), ['0:web', '0:api', '0:auth', '1:web']);
    assert.deepEqual(assets({ flow: 'Login' }), ['0:auth']);
    assert.deepEqual(assets({ tier: '2' }), ['0:api']);
    assert.deepEqual(assets({ tier: 'none' }), ['0:auth']);
    assert.deepEqual(assets({ owner: '' }), ['0:web', '0:api', '0:auth', '1:web'], 'an empty owner filter means all');
    assert.deepEqual(assets({ owner: 'owner:bo' }), ['0:auth']);
    assert.deepEqual(assets({ owner: 'none' }), ['0:api'], '"No owner" keeps only rows without one (issue 28.10)');
    assert.deepEqual(
      assets({ status: 'Green' }),
      ['0:web', '0:auth', '1:web'],
      'rows with at least one cell of the status',
    );
    assert.deepEqual(assets({ flow: 'Checkout', status: 'Green' }), ['0:web', '1:web']);
    assert.deepEqual(assets({ folder: '1' }), ['1:web']);
    const choices = filterChoices(all);
    assert.deepEqual(
      choices.owner.map((c) => [c.value, c.text]),
      [
        ['none', 'No owner'],
        ['owner:ana', 'ana'],
        ['owner:bo', 'bo'],
        ['owner:cy', 'cy'],
      ],
      'each option its own value, none of them the value of All',
    );
    assert.deepEqual(
      choices.tier.map((c) => c.value),
      ['1', '2', 'none'],
    );
    assert.deepEqual(
      choices.folder.map((c) => c.text),
      ['payments', 'search'],
    );
    assert.deepEqual(
      choices.campaign.map((c) => c.text),
      ['payments: Alerting for tier 1', 'payments: On-call everywhere', 'search: Search alerting'],
    );
    assert.deepEqual(filterChoices(data()).folder, [], 'one folder: no folder filter');
  });

  it('filters by asset kind once kinds are in use, "Any kind" for assets without one (issue 37)', () => {
    const plain = data();
    assert.deepEqual(filterChoices(plain).kind, [], 'no kinds in flows.csv: no kind filter');
    const kinds = data();
    kinds.rows = kinds.rows.map((r, i) => ({ ...r, kind: ['service', 'database', ''][i] ?? '' }));
    assert.deepEqual(
      filterChoices(kinds).kind.map((c) => [c.value, c.text]),
      [
        ['database', 'database'],
        ['none', 'Any kind'],
        ['service', 'service'],
      ],
    );
    const assets = (kind: string) => filterRows(kinds, { ...NO_FILTER, kind }).map((r) => r.asset);
    assert.deepEqual(assets('database'), ['api']);
    assert.deepEqual(assets('none'), ['auth']);
    assert.deepEqual(assets(''), ['web', 'api', 'auth']);
  });

  it('a campaign keeps only the cells it covers, in its own folder, and the status filter then looks at those', () => {
    const all = twoFolders();
    const shown = (f: Partial<typeof NO_FILTER>) =>
      filterRows(all, { ...NO_FILTER, ...f }).map((r) => [
        `${r.folder}:${r.asset}`,
        r.cells.map((c) => c?.status ?? null),
      ]);
    assert.deepEqual(
      shown({ campaign: '0' }),
      [['0:web', ['Red', null]]],
      'tier 1 alerting: web only, its On-call blanked',
    );
    assert.deepEqual(shown({ campaign: '1' }), [
      ['0:web', [null, 'Green']],
      ['0:auth', [null, 'Green']],
    ]);
    assert.deepEqual(shown({ campaign: '1', status: 'Red' }), [], 'the Red alerting cell is not in the campaign');
    assert.deepEqual(shown({ campaign: '2' }), [['1:web', ['Green', null]]]);
  });

  it('groups rows by flow, owner or tier (and folder), each group with its score and counts', () => {
    const d = data();
    const groups = (by: 'flow' | 'owner' | 'tier') =>
      groupRows(d.rows, by, d.folders).map((g) => [g.name, g.rows.map((r) => r.asset)]);
    assert.deepEqual(groups('flow'), [
      ['Checkout', ['web', 'api']],
      ['Login', ['auth']],
    ]);
    assert.deepEqual(groups('owner'), [
      ['No owner', ['api']],
      ['ana', ['web']],
      ['bo', ['auth']],
    ]);
    assert.deepEqual(groups('tier'), [
      ['Tier 1', ['web']],
      ['Tier 2', ['api']],
      ['No tier', ['auth']],
    ]);
    const two = twoFolders();
    assert.deepEqual(
      groupRows(two.rows, 'flow', two.folders).map((g) => g.name),
      ['payments · Checkout', 'payments · Login', 'search · Checkout'],
      'flows of different folders stay apart',
    );
    assert.deepEqual(
      groupRows(two.rows, 'folder', two.folders).map((g) => [g.name, g.rows.length]),
      [
        ['payments', 3],
        ['search', 1],
      ],
    );
    const ana = groupRows(d.rows, 'owner', d.folders)[1]?.rows ?? [];
    assert.equal(groupSummary(ana), 'Score 50% (1 of 2 at target) · 1 Red · 1 Green');
    assert.equal(rollupText(d.rows), '1 Red · 1 Amber · 2 Green · 1 Not assessed');
    assert.equal(rowLabel(d.rows[0]!, 'flow', d.folders), 'web');
    assert.equal(rowLabel(d.rows[0]!, 'owner', d.folders), 'Checkout / web');
    assert.equal(rowLabel(two.rows[3]!, 'owner', two.folders), 'search / Checkout / web');
  });

  it('puts one changed cell in place, in its own folder, and says where; nothing for an unknown key', () => {
    const all = twoFolders();
    const at = replaceCell(all.rows, 1, cell('checkout/web/a', 'Red', 0));
    assert.equal(at?.row.owner, 'cy', 'the same key in the other folder is left alone');
    assert.equal(all.rows[0]?.cells[0]?.status, 'Red');
    assert.equal(all.rows[3]?.cells[0]?.status, 'Red');
    assert.equal(replaceCell(all.rows, 0, cell('checkout/api/a', 'Green', 3))?.column, 0);
    assert.equal(
      groupSummary(groupRows(all.rows, 'folder', all.folders)[0]?.rows ?? []),
      'Score 60% (3 of 5 at target) · 1 Red · 3 Green · 1 Not assessed',
      'not assessed is in scope, below target',
    );
    assert.equal(replaceCell(all.rows, 0, cell('nowhere/x/y', 'Red')), undefined);
  });

  it('takes back a kept view (filters, grouping, open groups) and refuses one that is not (issue 25)', () => {
    const view = {
      filter: { ...NO_FILTER, owner: 'team-pay' },
      grouping: 'owner',
      openByDefault: false,
      toggled: ['owner:team-pay'],
    };
    assert.deepEqual(parseView({ ...view, restore: { folder: 'file:///w' } }), view);
    assert.deepEqual(parseView({ ...view, filter: { owner: 7, flow: 'Checkout' } })?.filter, {
      ...NO_FILTER,
      flow: 'Checkout',
    });
    assert.equal(parseView({ ...view, grouping: 'colour' }), undefined);
    assert.equal(parseView(undefined), undefined);
    assert.equal(parseView('x'), undefined);
  });
});
