// `sre-tracker create-work` (issue 26): the context menu's Create Rally Story for scripts and CI, idempotent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { RallyFake } from '../fakes/rally-fake';
import { cli } from '../helpers/cli';
import { assessAtLevel, setUpWorkspace } from '../helpers/workspace';

const rally = new RallyFake();
before(() => rally.start());
after(() => rally.stop());

describe('sre-tracker create-work', () => {
  it('creates one story, reports it (and never a second) on a repeat, previews with --dry-run, refuses bad input and exempt items', async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/on-call'], 0);
    ws.store.close();
    const env = {
      RALLY_SERVER: rally.url,
      RALLY_API_KEY: rally.apiKey,
      RALLY_WORKSPACE: 'Engineering',
      RALLY_PROJECT: 'SRE',
      RALLY_PARENT_ID: 'F12',
    };
    const item = ['--dir', ws.dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call'];
    const preview = await cli(['create-work', ...item, '--dry-run', '--json'], { env });
    assert.equal(preview.code, 0, preview.stderr);
    assert.match((JSON.parse(preview.stdout) as { title: string }).title, /^\[SRE checkout\/web\/on-call\] /);
    assert.equal(rally.writes, 0, '--dry-run writes nothing');

    const made = await cli(['create-work', ...item, '--by', 'ci'], { env });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^Created Rally story US\d+ for checkout\/web\/on-call/);
    const again = await cli(['create-work', ...item, '--json'], { env });
    assert.equal(again.code, 0);
    assert.equal((JSON.parse(again.stdout) as { created: boolean }).created, false);
    assert.equal(rally.stories.filter((s) => s.Name.includes('checkout/web/on-call')).length, 1, 'one story');

    const typo = await cli(
      ['create-work', '--dir', ws.dir, '--flow', 'Checkot', '--asset', 'web', '--capability', 'On-call'],
      { env },
    );
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Checkout/, 'the near match is named');
    assert.equal(
      (
        await cli([
          'exempt',
          ...item.slice(0, 2),
          '--flow',
          'Login',
          '--asset',
          'auth',
          '--capability',
          'On-call',
          '--reason',
          'vendor-run',
        ])
      ).code,
      0,
    );
    const exempt = await cli(
      ['create-work', '--dir', ws.dir, '--flow', 'Login', '--asset', 'auth', '--capability', 'On-call'],
      { env },
    );
    assert.equal(exempt.code, 1);
    assert.match(exempt.stdout, /marked Not applicable/);
  });

  it('makes one work item when two create-work run at once for one item, across processes (issue 36.7)', async () => {
    const slow = new RallyFake({ latencyMs: 150 });
    await slow.start();
    try {
      const ws = await setUpWorkspace();
      assessAtLevel(ws, ['checkout/web/on-call'], 0);
      ws.store.close();
      const env = {
        RALLY_SERVER: slow.url,
        RALLY_API_KEY: slow.apiKey,
        RALLY_WORKSPACE: 'Engineering',
        RALLY_PROJECT: 'SRE',
        RALLY_PARENT_ID: 'F12',
      };
      const item = ['--dir', ws.dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call', '--json'];
      const [a, b] = await Promise.all([
        cli(['create-work', ...item], { env }),
        cli(['create-work', ...item], { env }),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const created = [a, b].map((r) => (JSON.parse(r.stdout) as { created: boolean }).created).sort();
      assert.deepEqual(created, [false, true], 'one created, the other found it');
      assert.equal(slow.stories.filter((s) => s.Name.includes('checkout/web/on-call')).length, 1, 'one story');
      assert.deepEqual(
        fs.readdirSync(ws.dir).filter((n) => n.endsWith('.lock')),
        [],
        'no claim is left behind',
      );
    } finally {
      await slow.stop();
    }
  });
});
