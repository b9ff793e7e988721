import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { olderThan } from '../../../src/core/domain/attestation';
import { campaignProgress } from '../../../src/core/domain/campaigns';
import { countStatuses } from '../../../src/core/domain/summary';
import { parseTargets, targetFor } from '../../../src/core/domain/targets';
import { DEFAULT_DESCRIPTION_TEMPLATE, DEFAULT_NAME_TEMPLATE } from '../../../src/core/domain/work-template';
import { FileProblemsError } from '../../../src/core/errors';
import { todoTable } from '../../../src/core/integrations/confluence/storage-format';
import { wikiPage } from '../../../src/core/integrations/confluence/wiki-markup';
import { rallyImportCsv } from '../../../src/core/integrations/rally/rally-import-csv';
import { readRallySettings } from '../../../src/core/integrations/rally/rally-settings';
import { defaultSettings } from '../../../src/core/integrations/settings';
import { readHistory } from '../../../src/core/storage/catalog';
import { exemptItem, saveAssessment } from '../../../src/core/usecases/assessment';
import { matrixCsv } from '../../../src/core/usecases/matrix-export';
import { heatmap } from '../../../src/core/usecases/reports/heatmap';
import { reportData } from '../../../src/core/usecases/reports/report-data';
import { setupWorkspace } from '../../../src/core/usecases/setup';
import { planSync } from '../../../src/core/usecases/sync/sync-plan';
import { Workspace } from '../../../src/core/workspace';
import { assessmentState } from '../../../src/extension/assessment-state';
import { Folders } from '../../../src/extension/folders';
import { ItemsTree } from '../../../src/extension/tree';
import { buildTree } from '../../../src/extension/tree-model';
import { answersForLevel } from '../../../src/shared/maturity';
import { type StatusMode } from '../../../src/shared/status';
import { reset } from '../../extension/vscode-double';
import { cli } from '../../helpers/cli';
import { setUpWorkspace } from '../../helpers/workspace';

const NOW = new Date('2026-11-25T12:00:00Z');
const templates = { name: DEFAULT_NAME_TEMPLATE, description: DEFAULT_DESCRIPTION_TEMPLATE };
const KEY = 'checkout/index/on-call';

/** Tier-3 "index" at level 1: Green against its target 1, Red by the fixed thresholds (0-1 Red). */
async function modes(): Promise<Record<StatusMode, Workspace>> {
  const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,index,3\n' });
  const item = ws.items(NOW).find((i) => i.key === KEY);
  assert.ok(item);
  saveAssessment(ws.store, {
    itemKey: KEY,
    capability: item.capability,
    answers: answersForLevel(item.capability, 1),
    notes: '',
    evidenceUrl: '',
    by: 'x',
    at: NOW,
  });
  ws.store.close();
  const open = async (mode: StatusMode) => Workspace.open(ws.dir, { ...defaultSettings(), statusMode: mode });
  return { targets: await open('targets'), thresholds: await open('thresholds') };
}

describe('status mode: every consumer follows the one status function', () => {
  const expected = { targets: 'Green', thresholds: 'Red' } as const;

  it('tree', async () => {
    for (const [mode, ws] of Object.entries(await modes()) as [StatusMode, Workspace][]) {
      const tree = buildTree(ws.items(NOW), { groupByPillar: false, filter: 'all' });
      const node = tree[0]
        ?.children()[0]
        ?.children()
        .find((c) => c.id === KEY);
      assert.equal(node?.status, expected[mode], mode);
    }
  });

  it('tree provider reading the setting', async () => {
    const { targets } = await modes();
    for (const mode of ['targets', 'thresholds'] as const) {
      reset([targets.dir]);
      const { settings } = await import('../../extension/vscode-double');
      settings.statusMode = mode;
      const tree = new ItemsTree(new Folders());
      const asset = (await tree.getChildren((await tree.getChildren())[0]))[0];
      const node = (await tree.getChildren(asset)).find((n) => n.data.id === KEY);
      assert.equal(node?.data.status, expected[mode], mode);
    }
  });

  it('assessment webview', async () => {
    for (const [mode, ws] of Object.entries(await modes()) as [StatusMode, Workspace][]) {
      const item = ws.items(NOW).find((i) => i.key === KEY);
      assert.ok(item);
      const state = assessmentState(item, ws.statusRules(NOW));
      assert.equal(state.item.status, expected[mode]);
      assert.equal(state.rules.mode, mode);
    }
  });

  it('reports: rally_import.csv and the To-Do table', async () => {
    for (const [mode, ws] of Object.entries(await modes()) as [StatusMode, Workspace][]) {
      const data = reportData(ws, NOW);
      const csv = rallyImportCsv(data, readRallySettings(ws.settings.source), templates);
      assert.equal(csv.includes(KEY), mode === 'thresholds', `${mode}: CSV`);
      assert.equal(wikiPage(data, 'T').includes(KEY), mode === 'thresholds', `${mode}: wiki`);
      assert.equal(todoTable(data).includes(KEY), mode === 'thresholds', `${mode}: storage`);
    }
  });

  it('dashboard heatmap', async () => {
    for (const [mode, ws] of Object.entries(await modes()) as [StatusMode, Workspace][]) {
      const data = reportData(ws, NOW);
      const h = heatmap(data, ws.trends(data.items, NOW), NOW);
      const cell = h.rows[0]?.cells.find((c) => c?.key === KEY);
      assert.equal(cell?.status, expected[mode]);
    }
  });

  it('sync: the To-Do page content follows the mode', async () => {
    for (const [mode, ws] of Object.entries(await modes()) as [StatusMode, Workspace][]) {
      const plan = planSync('rally', ws.items(NOW), []);
      assert.equal(plan.changes.length, 0);
      assert.equal(
        reportData(ws, NOW).todo.some((i) => i.key === KEY),
        mode === 'thresholds',
      );
    }
  });

  it('export and the CLI status', async () => {
    const { targets } = await modes();
    for (const mode of ['targets', 'thresholds'] as const) {
      const ws = await Workspace.open(targets.dir, { ...defaultSettings(), statusMode: mode });
      const rows = parse(matrixCsv(ws.items(NOW)), { columns: true }) as Record<string, string>[];
      assert.equal(rows.find((r) => r.key === KEY)?.status, expected[mode]);
      const status = await cli(['status', '--dir', targets.dir], { env: { SRE_STATUS_MODE: mode } });
      assert.match(status.stdout, mode === 'targets' ? /^Checkout\s+0\s+0\s+1\s/m : /^Checkout\s+1\s+0\s+0\s/m);
    }
  });

  it('defaults to targets when targets.csv exists, and to thresholds without it', async () => {
    const { targets } = await modes();
    const ws = await Workspace.open(targets.dir, defaultSettings());
    assert.equal(ws.statusRules(NOW).mode, 'targets');
    fs.rmSync(ws.file('targets'));
    assert.equal(ws.statusRules(NOW).mode, 'thresholds');
    assert.equal(ws.items(NOW).find((i) => i.key === KEY)?.status, 'Red');
  });
});

describe('targets.csv', () => {
  const known = { pillars: ['Observability'], capabilities: ['On-call', 'Monitoring & Alerting'] };

  it('picks the most specific rule: exact tier over any tier, capability over pillar over all', () => {
    const rules = parseTargets(
      'tier,pillar,capability,target_level\n1,,,3\n1,Observability,,4\n1,,On-call,2\n,,,1\n',
      't.csv',
      known,
    );
    assert.equal(targetFor(rules, 1, 'Incident Management', 'Postmortems'), 3);
    assert.equal(targetFor(rules, 1, 'Observability', 'Monitoring & Alerting'), 4);
    assert.equal(targetFor(rules, 1, 'Incident Management', 'On-call'), 2);
    assert.equal(targetFor(rules, 7, 'Observability', 'On-call'), 1);
    assert.equal(targetFor(rules, undefined, 'Observability', 'On-call'), 1);
  });

  it('reports bad rows with file, line and column', () => {
    try {
      parseTargets('tier,pillar,capability,target_level\nx,,,3\n1,Nope,,2\n1,,Gone,2\n2,,,9\n2,,,1\n', 't.csv', known);
      assert.fail('expected problems');
    } catch (e) {
      assert.ok(e instanceof FileProblemsError);
      assert.deepEqual(e.message.split('\n'), [
        't.csv line 2, column tier: tier "x" is not a positive whole number',
        't.csv line 3, column pillar: unknown pillar "Nope"',
        't.csv line 4, column capability: unknown capability "Gone"',
        't.csv line 5, column target_level: target level "9" is not 0..4',
        't.csv line 6, column tier: same tier, pillar and capability as line 5',
      ]);
    }
  });

  it('setup writes the default targets: tier 1 → 3, tier 2 → 2, tier 3 and none → 1', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nA,t1,1\nA,t2,2\nA,t3,3\nA,none,\n' });
    const targets = Object.fromEntries(ws.items(NOW).map((i) => [i.assetKey, i.target]));
    assert.deepEqual(targets, { t1: 3, t2: 2, t3: 1, none: 1 });
  });
});

describe('Not applicable', () => {
  it('lifecycle: marked, listed under Not applicable, out of the CSV and counts; after the review date it counts again', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,cache,1\n' });
    const key = 'checkout/cache/backup-disaster-recovery';
    const item = ws.items(NOW).find((i) => i.key === key);
    assert.ok(item);
    saveAssessment(ws.store, {
      itemKey: key,
      capability: item.capability,
      answers: answersForLevel(item.capability, 0),
      notes: '',
      evidenceUrl: '',
      by: 'x',
      at: new Date('2026-11-01T00:00:00Z'),
    });
    assert.ok(
      rallyImportCsv(reportData(ws, NOW), readRallySettings(ws.settings.source), templates).includes(key),
      'Red before the exemption',
    );
    const r = await cli([
      'not-applicable',
      '--dir',
      ws.dir,
      '--flow',
      'Checkout',
      '--asset',
      'cache',
      '--capability',
      'Backup & Disaster Recovery',
      '--reason',
      'Stateless cache, nothing to restore',
      '--until',
      '2027-01-31',
      '--by',
      'lee',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const data = reportData(ws, NOW);
    assert.equal(data.items.find((i) => i.key === key)?.status, 'Not applicable');
    assert.ok(!rallyImportCsv(data, readRallySettings(ws.settings.source), templates).includes(key));
    assert.ok(!data.todo.some((i) => i.key === key));
    assert.equal(countStatuses(data.items).Red, 0);
    assert.match(
      wikiPage(data, 'T'),
      /h3\. Not applicable\n\n\|\|Key\|\|Capability\|\|Reason\|\|Review by\|\|\n\|checkout\/cache\/backup-disaster-recovery\|Backup & Disaster Recovery\|Stateless cache, nothing to restore\|2027-01-31\|/,
    );
    assert.deepEqual(
      ws.store.read((db) => readHistory(db, key)).map((h) => [h.kind, h.by, h.notes]),
      [
        ['assessment', 'x', ''],
        ['exemption', 'lee', 'Stateless cache, nothing to restore'],
      ],
    );
    const later = new Date('2027-02-01T00:00:00Z');
    const expired = reportData(ws, later);
    assert.equal(expired.items.find((i) => i.key === key)?.status, 'Exemption expired');
    assert.ok(
      expired.todo.some((i) => i.key === key),
      'an expired exemption needs assessing again',
    );
    assert.equal(
      buildTree(expired.items, { groupByPillar: false, filter: 'notAssessed' })[0]
        ?.children()[0]
        ?.children()
        .some((c) => c.id === key),
      true,
    );
    const back = await cli([
      'clear-not-applicable',
      '--dir',
      ws.dir,
      '--flow',
      'Checkout',
      '--asset',
      'cache',
      '--capability',
      'Backup & Disaster Recovery',
    ]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(ws.items(NOW).find((i) => i.key === key)?.status, 'Red');
  });

  it('needs a reason and a real date', async () => {
    const ws = await setUpWorkspace();
    assert.throws(
      () => exemptItem(ws.store, { itemKey: 'checkout/web/on-call', reason: '  ', until: '', by: 'x', at: NOW }),
      /a reason is required/,
    );
    assert.throws(
      () =>
        exemptItem(ws.store, { itemKey: 'checkout/web/on-call', reason: 'r', until: '2027-02-30', by: 'x', at: NOW }),
      /review date "2027-02-30" is not a date/,
    );
    assert.throws(
      () =>
        exemptItem(ws.store, { itemKey: 'checkout/web/on-call', reason: 'r', until: '2020-01-31', by: 'x', at: NOW }),
      /review date 2020-01-31 is in the past: give a date from \d{4}-\d\d-\d\d on, or none/,
      'expired the moment it is saved (issue 28.13)',
    );
    const r = await cli(['exempt', '--dir', ws.dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--reason is required/);
  });
});

describe('stale assessments', () => {
  it('are stale only when strictly older than the limit', () => {
    const day = 86_400_000;
    assert.equal(olderThan(NOW.getTime() - 180 * day, NOW, 180), false);
    assert.equal(olderThan(NOW.getTime() - 180 * day - 1, NOW, 180), true);
  });

  it('status --stale lists them oldest first; the status table counts them', async () => {
    const ws = await setUpWorkspace();
    const save = (key: string, at: string) => {
      const item = ws.items().find((i) => i.key === key);
      assert.ok(item);
      saveAssessment(ws.store, {
        itemKey: key,
        capability: item.capability,
        answers: answersForLevel(item.capability, 2),
        notes: '',
        evidenceUrl: '',
        by: 'x',
        at: new Date(at),
      });
    };
    save('checkout/web/on-call', '2025-01-10T00:00:00Z');
    save('login/auth/on-call', '2024-06-01T00:00:00Z');
    save('checkout/web/postmortems', new Date().toISOString());
    const r = await cli(['status', '--dir', ws.dir, '--stale']);
    const lines = r.stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[1]),
      ['login/auth/on-call', 'checkout/web/on-call'],
    );
    const table = await cli(['status', '--dir', ws.dir]);
    assert.match(
      table.stdout,
      /2 assessment\(s\) are stale on \d{4}-\d{2}-\d{2}: "sre-tracker status --stale" lists them/,
    );
  });
});

describe('campaigns', () => {
  it('progress leaves exempt items out and takes in items added by a later setup', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,a,1\nCheckout,b,1\nCheckout,c,2\n' });
    const save = (key: string, level: number) => {
      const item = ws.items(NOW).find((i) => i.key === key);
      assert.ok(item);
      saveAssessment(ws.store, {
        itemKey: key,
        capability: item.capability,
        answers: answersForLevel(item.capability, level),
        notes: '',
        evidenceUrl: '',
        by: 'x',
        at: NOW,
      });
    };
    save('checkout/a/slis-slos', 2);
    save('checkout/b/slis-slos', 1);
    save('checkout/c/slis-slos', 3);
    ws.addCampaign({
      name: 'Tier-1 SLOs',
      flows: [],
      tiers: [1],
      pillar: '',
      capability: 'SLIs & SLOs',
      targetLevel: 2,
      due: '2027-03-31',
    });
    const progress = () => campaignProgress(ws.campaigns(), ws.items(NOW), '2026-11-25')[0];
    assert.deepEqual([progress()?.done, progress()?.total], [1, 2]);
    exemptItem(ws.store, { itemKey: 'checkout/b/slis-slos', reason: 'batch job', until: '', by: 'x', at: NOW });
    assert.deepEqual([progress()?.done, progress()?.total], [1, 1]);
    fs.appendFileSync(ws.file('flows'), 'Checkout,d,1\n');
    ws.store.close();
    await setupWorkspace({ dir: ws.dir });
    const again = await Workspace.open(ws.dir, defaultSettings());
    assert.deepEqual(
      campaignProgress(again.campaigns(), again.items(NOW), '2026-11-25').map((p) => [p.done, p.total, p.overdue]),
      [[1, 2, false]],
    );
    assert.deepEqual(
      campaignProgress(again.campaigns(), again.items(NOW), '2027-04-01').map((p) => p.overdue),
      [true],
    );
  });

  it('CLI: add, list with progress, remove; bad rows in campaigns.csv name file, line and column', async () => {
    const ws = await setUpWorkspace();
    const add = await cli([
      'campaign',
      'add',
      '--dir',
      ws.dir,
      '--name',
      'Alerting',
      '--flows',
      'Checkout',
      '--pillar',
      'Observability',
      '--target',
      '2',
      '--due',
      '2027-01-31',
    ]);
    assert.equal(add.code, 0, add.stderr);
    const list = await cli(['campaign', 'list', '--dir', ws.dir]);
    assert.match(list.stdout, /^Alerting\s+Checkout, all tiers, Observability\s+level 2\s+2027-01-31\s+0\/4/m);
    const dup = await cli([
      'campaign',
      'add',
      '--dir',
      ws.dir,
      '--name',
      'Alerting',
      '--target',
      '2',
      '--due',
      '2027-01-31',
    ]);
    assert.equal(dup.code, 2);
    assert.equal((await cli(['campaign', 'remove', '--dir', ws.dir, '--name', 'Alerting'])).code, 0);
    assert.match((await cli(['campaign', 'list', '--dir', ws.dir])).stdout, /No campaigns yet/);
    fs.writeFileSync(
      ws.file('campaigns'),
      'name,flows,tiers,pillar,capability,target_level,due\nOk,,,,,2,2027-01-01\nBad,Nowhere,x,,Gone,7,tomorrow\n',
    );
    const bad = await cli(['status', '--dir', ws.dir]);
    assert.equal(bad.code, 2);
    for (const column of [
      'flows: unknown flow "Nowhere"',
      'tiers: tier "x"',
      'capability: unknown capability "Gone"',
      'target_level: target level "7"',
      'due: "tomorrow" is not a date',
    ]) {
      assert.ok(bad.stderr.includes(`campaigns.csv line 3, column ${column}`), `${column} in ${bad.stderr}`);
    }
  });
});
