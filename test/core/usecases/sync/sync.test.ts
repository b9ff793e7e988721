import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { pageTarget, workTracker } from '../../../../src/core/integrations/clients';
import { type TrackerSettings } from '../../../../src/core/settings';
import { readHistory } from '../../../../src/core/storage/catalog';
import { createWorkForItem } from '../../../../src/core/usecases/create-work';
import { sync, type SyncOptions } from '../../../../src/core/usecases/sync/sync';
import { type Workspace } from '../../../../src/core/workspace';
import { ConfluenceFake, SAMPLE_PAGE } from '../../../fakes/confluence-fake';
import { RallyFake } from '../../../fakes/rally-fake';
import { cli } from '../../../helpers/cli';
import { fakeServices, settingsWith } from '../../../helpers/settings';
import { assessAtLevel, setUpWorkspace } from '../../../helpers/workspace';

const rally = new RallyFake();
const confluence = new ConfluenceFake();
before(async () => Promise.all([rally.start(), confluence.start()]));
after(async () => Promise.all([rally.stop(), confluence.stop()]));

let pageId = 500;

async function workspace(): Promise<{ ws: Workspace; settings: TrackerSettings; page: string }> {
  rally.stories.length = 0;
  const page = String(pageId++);
  confluence.addPage(page, 'Checkout SRE', SAMPLE_PAGE);
  const settings = settingsWith(fakeServices(rally, confluence, page));
  const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,web,1\nCheckout,api,1\n', settings });
  assessAtLevel(ws, ['checkout/web/on-call', 'checkout/web/postmortems', 'checkout/api/on-call'], 0);
  return { ws, settings, page };
}

async function options(ws: Workspace, extra: Partial<SyncOptions> = {}): Promise<SyncOptions> {
  return {
    tracker: workTracker(ws.settings, rally.apiKey, { onWarning: () => undefined }),
    page: await pageTarget(ws.settings, confluence.token),
    dryRun: false,
    by: 'sync-test',
    ...extra,
  };
}

describe('sync against the local Rally and Confluence', () => {
  it('does the whole loop: create, import by key, completion in Rally, sync, page updated', async () => {
    const { ws, page } = await workspace();
    const created = await createWorkForItem(ws, workTracker(ws.settings, rally.apiKey), 'checkout/web/on-call', 'ana');
    assert.equal(created.created, true);
    assert.equal(ws.items().find((i) => i.key === 'checkout/web/on-call')?.link?.displayId, created.link.displayId);
    // A story imported by hand from rally_import.csv, and one nobody claims.
    const imported = rally.addStory({
      Name: '[SRE checkout/web/postmortems] Raise Postmortems to level 1',
      Tags: ['sre'],
    });
    rally.addStory({ Name: 'Unrelated work', Tags: ['sre'] });
    const fakeStory = rally.stories.find((s) => String(s.ObjectID) === created.link.id);
    assert.ok(fakeStory);
    fakeStory.ScheduleState = 'Accepted'; // Completed only waits for acceptance: not done (issue 26)

    const said: string[] = [];
    const result = await sync(ws, await options(ws, { onProgress: (m) => said.push(m) }));
    assert.equal(said[0], 'Reading the SRE work items in Rally…', 'a plain sentence naming the tracker (issue 28.15)');
    assert.deepEqual(result.plan?.changes.map((c) => `${c.itemKey}:${c.kind}`).sort(), [
      'checkout/web/on-call:done',
      'checkout/web/on-call:state',
      'checkout/web/postmortems:link',
    ]);
    assert.deepEqual(
      result.plan?.unknown.map((s) => s.title),
      ['Unrelated work'],
    );
    const items = new Map(ws.items().map((i) => [i.key, i]));
    assert.equal(items.get('checkout/web/on-call')?.status, 'Done');
    assert.equal(items.get('checkout/web/on-call')?.link?.state, 'Accepted');
    assert.equal(items.get('checkout/web/postmortems')?.link?.displayId, imported.FormattedID);
    assert.deepEqual(
      ws.store.read((db) => readHistory(db, 'checkout/web/on-call')).map((h) => h.kind),
      ['assessment', 'work-link', 'work-state', 'remediation-done'],
    );
    const body = confluence.pages.get(page)?.history.at(-1)?.sent ?? '';
    assert.match(
      body,
      /<td><p>checkout\/web\/postmortems<\/p><\/td>.*<a href="[^"]+\/#\/42\/detail\/userstory\/\d+">US\d+<\/a> \(Defined\)/,
    );
    assert.ok(!body.includes('old/row/here'));
    assert.ok(
      body.startsWith(SAMPLE_PAGE.slice(0, SAMPLE_PAGE.indexOf('<p>Generated'))),
      'the page outside the table is untouched',
    );
    assert.equal(result.page?.version, 8);

    const again = await sync(ws, await options(ws));
    assert.equal(again.unchanged, true, 're-running with nothing changed changes nothing');
    assert.equal(confluence.pages.get(page)?.version, 8);
  });

  it('dry run writes nothing to the database or the page, and says what would change', async () => {
    const { ws, page } = await workspace();
    rally.addStory({ Name: '[SRE checkout/api/on-call] Raise On-call', Tags: ['sre'], ScheduleState: 'Accepted' });
    const before = fs.readFileSync(ws.file('db'));
    const result = await sync(ws, await options(ws, { dryRun: true }));
    assert.deepEqual(
      result.plan?.changes.map((c) => c.kind),
      ['link', 'done'],
    );
    assert.equal(result.page?.changed, true);
    assert.deepEqual(fs.readFileSync(ws.file('db')), before);
    assert.equal(confluence.pages.get(page)?.version, 7);
    assert.equal(ws.items().find((i) => i.key === 'checkout/api/on-call')?.link, null);
  });

  it('cancel before the write leaves everything untouched', async () => {
    const { ws, page } = await workspace();
    rally.addStory({ Name: '[SRE checkout/api/on-call] Raise On-call', Tags: ['sre'] });
    const controller = new AbortController();
    const before = fs.readFileSync(ws.file('db'));
    await assert.rejects(
      sync(
        ws,
        await options(ws, {
          signal: controller.signal,
          onProgress: (m) => m.startsWith('Read ') && controller.abort(),
        }),
      ),
      /cancelled before anything was written/,
    );
    assert.deepEqual(fs.readFileSync(ws.file('db')), before);
    assert.equal(confluence.pages.get(page)?.version, 7);
  });

  it('a 409 during the page update reads the page again and keeps the other edit', async () => {
    const { ws, page } = await workspace();
    confluence.failures.push('edit');
    const result = await sync(ws, await options(ws, { tracker: undefined }));
    const sent = confluence.pages.get(page)?.history.at(-1)?.sent ?? '';
    assert.equal(result.page?.version, 9);
    assert.match(sent, /Checkout reliability \(edited\)<\/h1>/);
    assert.match(sent, /checkout\/web\/on-call/);
  });

  it('CLI: sync --json prints the plan and result; no secret appears in any output or file', async () => {
    const { ws, page } = await workspace();
    rally.addStory({ Name: '[SRE checkout/web/on-call] x', Tags: ['sre'] });
    const env = {
      RALLY_SERVER: rally.url,
      RALLY_API_KEY: rally.apiKey,
      RALLY_WORKSPACE: 'Engineering',
      RALLY_PROJECT: 'SRE',
      RALLY_PARENT_ID: 'F12',
      RALLY_TAGS: 'sre',
      CONFLUENCE_URL: confluence.url,
      CONFLUENCE_USERNAME: confluence.username,
      CONFLUENCE_API_TOKEN: confluence.token,
      CONFLUENCE_PAGE_ID: page,
      CONFLUENCE_DEPLOYMENT: 'cloud',
    };
    const dry = await cli(['sync', '--dir', ws.dir, '--dry-run'], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Dry run: nothing was written/);
    assert.match(dry.stdout, /checkout\/web\/on-call: linked to US\d+ \(Defined\)/);
    const json = await cli(['sync', '--dir', ws.dir, '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { plan: { changes: unknown[] }; page: { changed: boolean } };
    assert.equal(parsed.plan.changes.length, 1);
    assert.equal(parsed.page.changed, true);
    const bad = await cli(['sync', '--dir', ws.dir], { env: { ...env, RALLY_API_KEY: 'not-the-key-4711' } });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /credentials were refused/);
    const noRally = await cli(['sync', '--dir', ws.dir, '--no-rally'], { env: { ...env, RALLY_API_KEY: '' } });
    assert.equal(noRally.code, 0, noRally.stderr);
    const missing = await cli(['sync', '--dir', ws.dir, '--no-confluence'], { env: { ...env, RALLY_API_KEY: '' } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Rally API key is missing: set RALLY_API_KEY/);
    const everything = [dry, json, bad, noRally, missing].map((r) => r.stdout + r.stderr).join('\n');
    const files = fs
      .readdirSync(ws.dir)
      .map((f) => fs.readFileSync(path.join(ws.dir, f)).toString('latin1'))
      .join('\n');
    for (const secret of [
      rally.apiKey,
      confluence.token,
      'not-the-key-4711',
      Buffer.from(`${confluence.username}:${confluence.token}`).toString('base64'),
    ]) {
      assert.ok(!everything.includes(secret), `secret in output: ${secret}`);
      assert.ok(!files.includes(secret), `secret in a file: ${secret}`);
    }
  });
});
