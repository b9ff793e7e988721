import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { CsvWatch } from '../../src/extension/csv-watch';
import { testContext } from '../helpers/extension-context';
import { assessAtLevel, setUpWorkspace } from '../helpers/workspace';
import { problems, reset } from './vscode-double';

/** A set-up folder with checkout/web/on-call assessed at level 2, watched; `refreshed` counts the announced changes. */
async function watchedFolder(flowsCsv?: string) {
  const ws = await setUpWorkspace(flowsCsv === undefined ? {} : { flowsCsv });
  assessAtLevel(ws, ['checkout/web/on-call'], 2);
  ws.store.close();
  reset([ws.dir]);
  const c = testContext();
  const counter = { refreshed: 0 };
  c.changes.onDidChange(() => counter.refreshed++);
  return { dir: ws.dir, c, watch: new CsvWatch(c), counter };
}

describe('edited CSVs', () => {
  it('merges a valid flows.csv into the database at once, keeping assessments, and the tree follows', async () => {
    const { dir, c, watch, counter } = await watchedFolder();
    const flows = path.join(dir, 'flows.csv');
    fs.appendFileSync(flows, 'Search,index,team-search,2\n');
    const folder = watch.folderOf({ fsPath: flows } as never);
    assert.ok(folder, 'flows.csv of a data folder is watched');
    await watch.changed(folder, flows);
    const open = await c.folders.require(folder);
    assert.deepEqual(
      [open.item('search/index/on-call')?.owner, open.item('search/index/on-call')?.tier],
      ['team-search', 2],
    );
    assert.equal(open.item('checkout/web/on-call')?.level, 2, 'the assessment is kept');
    assert.equal(counter.refreshed, 1, 'the tree and the dashboard follow');
    assert.equal(problems.size, 0);
    assert.equal(watch.folderOf({ fsPath: path.join(dir, 'notes.csv') } as never), undefined);
  });

  it('shows a clean targets.csv at once (targets set statuses), and keeps what is shown while the file has problems', async () => {
    const { dir, c, watch, counter } = await watchedFolder('flow,asset,owner,tier\nCheckout,web,team-web,1\n');
    const targets = path.join(dir, 'targets.csv');
    const folder = watch.folderOf({ fsPath: targets } as never);
    assert.ok(folder, 'targets.csv of a data folder is watched');
    const open = await c.folders.require(folder);
    fs.writeFileSync(targets, 'tier,pillar,capability,target_level\n1,,,3\n');
    await watch.changed(folder, targets);
    assert.equal(counter.refreshed, 1, 'the tree, the status bar and the dashboard re-read');
    assert.equal(open.item('checkout/web/on-call')?.target, 3, 'judged against the new target');
    fs.writeFileSync(targets, 'tier,pillar,capability,target_level\n1,,,9\n');
    await watch.changed(folder, targets);
    assert.equal(counter.refreshed, 1, 'a targets.csv with problems changes nothing shown');
    assert.equal(problems.get(targets)?.length, 1);
  });

  it('puts problems in the Problems panel on their line and cell, changes nothing, and clears them once fixed', async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    reset([ws.dir]);
    const c = testContext();
    const watch = new CsvWatch(c);
    const flows = path.join(ws.dir, 'flows.csv');
    const good = fs.readFileSync(flows, 'utf8');
    fs.writeFileSync(flows, `flow,asset,owner,tier\nCheckout,web,team,high\n`);
    const targets = path.join(ws.dir, 'targets.csv');
    fs.writeFileSync(targets, 'tier,pillar,capability,target_level\n1,,,9\n');
    const folder = watch.folderOf({ fsPath: flows } as never)!;
    await watch.changed(folder, flows);
    const inFlows = problems.get(flows) ?? [];
    assert.equal(inFlows.length, 1);
    assert.match(inFlows[0]?.message ?? '', /^tier: /);
    assert.deepEqual(
      [inFlows[0]?.range.start.line, inFlows[0]?.range.start.character, inFlows[0]?.range.end.character],
      [1, 18, 22],
      'the "high" cell',
    );
    assert.equal(problems.get(targets)?.[0]?.range.start.line, 1, 'targets.csv line 2');
    assert.deepEqual(
      (await c.folders.require(folder)).flowNames(),
      ['Checkout', 'Login'],
      'a flows.csv with problems is not merged',
    );
    fs.writeFileSync(flows, good);
    fs.writeFileSync(targets, 'tier,pillar,capability,target_level\n1,,,3\n');
    await watch.changed(folder, flows);
    assert.equal(problems.size, 0, 'fixed: the problems go');
  });
});
