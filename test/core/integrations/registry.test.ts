// A tracker added from one folder plus one registry line: the CLI, the extension and sync use it unedited (issue 25).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { registerTracker } from '../../../src/core/integrations/registry';
import { COMMANDS } from '../../../src/extension/commands';
import { recorded, reset, settings } from '../../extension/vscode-double';
import { board, dummyAdapter } from '../../fakes/dummy-tracker/dummy-adapter';
import { cliInProcess as cli } from '../../helpers/cli';
import { testContext } from '../../helpers/extension-context';
import { assessAtLevel, setUpWorkspace } from '../../helpers/workspace';

registerTracker(dummyAdapter);

describe('the tracker registry', () => {
  it("names a registered tracker's missing settings in the CLI, then syncs with it", async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/on-call'], 0);
    ws.store.close();
    const missing = await cli(['sync', '--dir', ws.dir, '--no-confluence'], {
      env: { SRE_TRACKER: 'dummy', DUMMY_TOKEN: 'secret-123456' },
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Dummy board is not set: set DUMMY_BOARD \(in the environment or \.env\)/);

    board.push({
      id: '9',
      displayId: 'D-9',
      title: '[SRE checkout/web/on-call] Raise On-call',
      state: 'Open',
      done: false,
      url: 'https://dummy.example/9',
      placed: true,
      parent: null,
      doneAt: null,
      dueDate: null,
    });
    const synced = await cli(['sync', '--dir', ws.dir, '--no-confluence', '--json'], {
      env: { SRE_TRACKER: 'dummy', DUMMY_BOARD: 'SRE', DUMMY_TOKEN: 'secret-123456' },
    });
    assert.equal(synced.code, 0, synced.stderr);
    const result = JSON.parse(synced.stdout) as { plan: { changes: { itemKey: string; kind: string }[] } };
    assert.deepEqual(
      result.plan.changes.map((c) => `${c.itemKey}:${c.kind}`),
      ['checkout/web/on-call:link'],
    );
    const unknown = await cli(['sync', '--dir', ws.dir, '--no-confluence'], { env: { SRE_TRACKER: 'trello' } });
    assert.match(
      unknown.stderr,
      /tracker "trello" is not one this version knows: set SRE_TRACKER .*\(one of rally, jira, dummy\)/,
    );
  });

  it("lists a registered tracker's missing settings in the extension's missing-settings message", async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    Object.assign(settings, { tracker: 'dummy', 'dummy.url': 'https://dummy.example' });
    try {
      await COMMANDS.sync.run(testContext())();
      assert.match(recorded.info.at(-1) ?? '', /Dummy needs Board in Settings\./);
    } finally {
      delete settings.tracker;
      delete settings['dummy.url'];
    }
  });
});
