import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { workTracker } from '../../src/core/integrations/clients';
import { guarded } from '../../src/extension/command-runner';
import { offerSettings, settingErrorKeys } from '../../src/extension/settings-prompt';
import { JiraFake } from '../fakes/jira-fake';
import { testContext } from '../helpers/extension-context';
import { settingsWith } from '../helpers/settings';
import { answers, commandResults, recorded, reset } from './vscode-double';

const jira = new JiraFake();
before(() => jira.start());
after(() => jira.stop());

/** What a Jira site answers to a token it refuses. */
async function refusedByJira(): Promise<unknown> {
  const settings = settingsWith({
    tracker: 'jira',
    'jira.site': jira.url,
    'jira.email': jira.email,
    'jira.project': 'SRE',
  });
  return workTracker(settings, 'a-rejected-token-77')
    .findLinkable('[SRE ')
    .then(
      () => undefined,
      (e: unknown) => e,
    );
}

describe('a refused credential is named and can be set again (issue 28.7)', () => {
  it("a Jira 401 offers Set Jira API Token, never Confluence's, and runs it when chosen", async () => {
    reset([]);
    const refused = await refusedByJira();
    assert.ok(refused instanceof Error);
    assert.match(refused.message, /^Jira: .*401.*Jira API token/);
    assert.deepEqual(settingErrorKeys(refused), ['jira.apiToken']);
    answers.push('Set Jira API Token');
    await offerSettings(`SRE: Sync: ${refused.message}`, settingErrorKeys(refused));
    assert.deepEqual(recorded.errorButtons.at(-1), ['Set Jira API Token']);
    assert.deepEqual(
      recorded.executed.at(-1),
      ['sreTracker.setJiraApiToken'],
      'the stored token is replaced only by choice',
    );
  });

  it('the command runs again once the token is stored, and not when the user gave up (issue 43.13)', async () => {
    reset([]);
    const refused = await refusedByJira();
    let runs = 0;
    const run = guarded(testContext(), 'sync', {
      title: 'Sync',
      needsTrust: false,
      run: () => () => {
        runs++;
        throw refused;
      },
    });
    const settled = () => new Promise((r) => setTimeout(r, 10));

    answers.push('Set Jira API Token');
    commandResults.set('sreTracker.setJiraApiToken', true);
    await run('checkout');
    await settled();
    assert.match(recorded.errors.at(-1) ?? '', /^SRE: Sync failed \(Jira\): HTTP 401/);
    assert.deepEqual(recorded.executed, [['sreTracker.setJiraApiToken'], ['sreTracker.sync', 'checkout']]);

    // Esc in the token box: nothing stored, nothing run again.
    recorded.executed = [];
    answers.push('Set Jira API Token');
    commandResults.set('sreTracker.setJiraApiToken', false);
    await run('checkout');
    await settled();
    assert.deepEqual(recorded.executed, [['sreTracker.setJiraApiToken']]);
    assert.equal(runs, 2);
  });
});
