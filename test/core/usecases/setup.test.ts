import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { FileProblemsError } from '../../../src/core/errors';
import { defaultSettings } from '../../../src/core/integrations/settings';
import { saveAssessment } from '../../../src/core/usecases/assessment';
import { setupWorkspace } from '../../../src/core/usecases/setup';
import { Workspace } from '../../../src/core/workspace';
import { answersForLevel } from '../../../src/shared/maturity';
import { tempDir } from '../../helpers/workspace';

async function open(dir: string): Promise<Workspace> {
  return Workspace.open(dir, defaultSettings());
}

function assess(ws: Workspace, key: string, level: number): void {
  const item = ws.items().find((i) => i.key === key);
  assert.ok(item, `no item ${key}`);
  saveAssessment(ws.store, {
    itemKey: key,
    capability: item.capability,
    answers: answersForLevel(item.capability, level),
    notes: 'n',
    evidenceUrl: '',
    by: 't',
    at: new Date(),
  });
}

describe('setup', () => {
  it('writes the CSVs and a database with one item per flow x asset x capability, all Not assessed', async () => {
    const dir = tempDir();
    const result = await setupWorkspace({
      dir,
      flows: [
        { name: 'Checkout', assets: ['web', 'api'] },
        { name: 'Login', assets: ['auth'] },
      ],
    });
    assert.equal(result.dbCreated, true);
    for (const f of ['flows.csv', 'maturity_model.csv', 'targets.csv', 'sre_data.db'])
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    assert.equal(
      fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'),
      'flow,asset,owner,tier,description\nCheckout,web\nCheckout,api\nLogin,auth\n',
    );
    const ws = await open(dir);
    const items = ws.items();
    assert.equal(items.length, 3 * ws.model().capabilities.length);
    assert.ok(items.every((i) => i.status === 'Not assessed'));
    assert.equal(items[0]?.key, 'checkout/web/monitoring-alerting');
  });

  it('writes the owner and tiers the wizard asked for, adding their columns to a flows.csv that had none', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nLogin,auth\n');
    await setupWorkspace({
      dir,
      flows: [{ name: 'Checkout', assets: ['web', 'api'], owner: 'team-web', tiers: { web: 1 } }],
    });
    assert.equal(
      fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'),
      'flow,asset,owner,tier\nLogin,auth\nCheckout,web,team-web,1\nCheckout,api,team-web\n',
    );
    const ws = await Workspace.open(dir, defaultSettings());
    const web = ws.item('checkout/web/on-call');
    assert.deepEqual([web?.owner, web?.tier, web?.target], ['team-web', 1, 3], 'tier 1 has the tier-1 target');
    assert.equal(ws.item('login/auth/on-call')?.tier, undefined);
    ws.store.close();
  });

  it('merges on a re-run: new flows, assets and capabilities appear; assessments and history stay', async () => {
    const dir = tempDir();
    await setupWorkspace({ dir, flows: [{ name: 'Checkout', assets: ['web'] }] });
    let ws = await open(dir);
    assess(ws, 'checkout/web/monitoring-alerting', 2);
    ws.store.close();
    fs.appendFileSync(
      path.join(dir, 'maturity_model.csv'),
      [1, 2, 3, 4].map((l) => `Resilience,Chaos Drills,${l},L${l},C${l},Drill ${l}?`).join('\n') + '\n',
    );
    const result = await setupWorkspace({
      dir,
      flows: [
        { name: 'Checkout', assets: ['web', 'api'] },
        { name: 'Search', assets: ['index'] },
      ],
    });
    ws = await open(dir);
    const caps = ws.model().capabilities.length;
    assert.equal(result.itemsAdded, 2 * caps + 1);
    const item = ws.items().find((i) => i.key === 'checkout/web/monitoring-alerting');
    assert.equal(item?.level, 2);
    assert.ok(ws.items().some((i) => i.key === 'search/index/chaos-drills'));
    assert.equal(ws.store.read((db) => db.all('SELECT * FROM history')).length, 1);
  });

  it('keeps and reports assessed items whose rows were removed; only prune removes them', async () => {
    const dir = tempDir();
    await setupWorkspace({ dir, flows: [{ name: 'Checkout', assets: ['web', 'api'] }] });
    let ws = await open(dir);
    assess(ws, 'checkout/api/monitoring-alerting', 1);
    ws.store.close();
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nCheckout,web\n');
    const kept = await setupWorkspace({ dir });
    assert.deepEqual(kept.kept, ['checkout/api/monitoring-alerting']);
    ws = await open(dir);
    assert.ok(
      ws.items().every((i) => i.assetKey === 'web'),
      'removed asset no longer shows',
    );
    assert.equal(
      ws.store.read((db) => db.all("SELECT 1 FROM items i JOIN assets a ON a.id = i.asset_id WHERE a.key = 'api'"))
        .length,
      1,
      'unassessed items of the removed asset are dropped, the assessed one stays',
    );
    ws.store.close();
    const pruned = await setupWorkspace({ dir, prune: true });
    assert.deepEqual(pruned.pruned, ['checkout/api/monitoring-alerting']);
    ws = await open(dir);
    assert.equal(
      ws.store.read((db) => db.all("SELECT 1 FROM items i JOIN assets a ON a.id = i.asset_id WHERE a.key = 'api'"))
        .length,
      0,
    );
    assert.equal(
      ws.store.read((db) => db.all("SELECT * FROM history WHERE item_key = 'checkout/api/monitoring-alerting'")).length,
      1,
      'history outlives the item',
    );
  });

  it('gives the same item keys when the database is rebuilt from the same CSVs', async () => {
    const dir = tempDir();
    await setupWorkspace({ dir, flows: [{ name: 'Zahlung & Kasse', assets: ['Payments API', 'ログイン'] }] });
    const first = (await open(dir)).items().map((i) => i.key);
    fs.rmSync(path.join(dir, 'sre_data.db'));
    await setupWorkspace({ dir });
    assert.deepEqual(
      (await open(dir)).items().map((i) => i.key),
      first,
    );
    assert.ok(first.includes('zahlung-kasse/payments-api/monitoring-alerting'));
  });

  it('uses a given flows CSV and model file, validating them first', async () => {
    const dir = tempDir();
    const src = tempDir();
    fs.writeFileSync(path.join(src, 'f.csv'), 'flow,asset,tier\nA,x,1\nA,x,2\n');
    await assert.rejects(
      setupWorkspace({ dir, flowsCsv: path.join(src, 'f.csv') }),
      (e: unknown) =>
        e instanceof FileProblemsError && /f\.csv line 3, column asset: duplicate asset "x"/.test(e.message),
    );
    assert.equal(fs.existsSync(path.join(dir, 'sre_data.db')), false, 'nothing is built from a bad file');
    fs.writeFileSync(path.join(src, 'f.csv'), 'flow,asset,tier\nA,x,1\n');
    fs.writeFileSync(
      path.join(src, 'm.csv'),
      'pillar,capability,level,level_name,criteria,question\n' +
        [1, 2, 3, 4].map((l) => `P,Only,${l},n,c,q${l}?`).join('\n'),
    );
    await setupWorkspace({ dir, flowsCsv: path.join(src, 'f.csv'), model: path.join(src, 'm.csv') });
    const ws = await open(dir);
    assert.deepEqual(
      ws.items().map((i) => `${i.key}:${i.tier}`),
      ['a/x/only:1'],
    );
    assert.equal(fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'), 'flow,asset,tier\nA,x,1\n');
  });

  it('is all or nothing: a refused database, an empty or non-UTF-8 flows.csv leave every file as it was', async () => {
    const dir = tempDir();
    await setupWorkspace({ dir, flows: [{ name: 'A', assets: ['x'] }] });
    const flowsBefore = fs.readFileSync(path.join(dir, 'flows.csv'));
    fs.writeFileSync(path.join(dir, 'sre_data.db'), '');
    await assert.rejects(setupWorkspace({ dir, flows: [{ name: 'B', assets: ['y'] }] }), /sre_data\.db is empty/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'flows.csv')), flowsBefore, 'flows.csv not appended to');

    const empty = tempDir();
    fs.writeFileSync(path.join(empty, 'flows.csv'), 'flow,asset\n');
    await assert.rejects(setupWorkspace({ dir: empty }), /lists no assets/);
    assert.deepEqual(
      fs.readdirSync(empty),
      ['flows.csv'],
      'no maturity_model.csv, targets.csv or database left behind',
    );

    fs.writeFileSync(path.join(empty, 'flows.csv'), Buffer.from('flow,asset\nZ\xfcrich,api\n', 'latin1'));
    await assert.rejects(setupWorkspace({ dir: empty }), /flows\.csv line 2, column 2: this is not UTF-8/);
    assert.deepEqual(fs.readdirSync(empty), ['flows.csv']);
  });

  it('keeps the lock and temp files out of git with a .gitignore in the data folder, keeping what it had', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/');
    await setupWorkspace({ dir, flows: [{ name: 'A', assets: ['x'] }] });
    await setupWorkspace({ dir, flows: [{ name: 'A', assets: ['y'] }] });
    assert.equal(
      fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'),
      'node_modules/\nsre_data.db.lock\nsre_data.db.*.lock\n.*.tmp\n',
    );
  });
});
