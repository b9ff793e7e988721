import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { workTracker } from '../../src/core/integrations/clients';
import { defaultSettings } from '../../src/core/integrations/settings';
import { offerSettings, settingErrorKeys } from '../../src/extension/settings-prompt';
import { JiraFake } from '../fakes/jira-fake';
import { answers, recorded, reset } from './vscode-double';

const jira = new JiraFake();
before(() => jira.start());
after(() => jira.stop());

describe('a refused credential is named and can be set again (issue 28.7)', () => {
  it("a Jira 401 offers Set Jira API Token, never Confluence's, and runs it when chosen", async () => {
    reset([]);
    const base = defaultSettings();
    const settings = {
      ...base,
      tracker: 'jira',
      jira: { ...base.jira, site: jira.url, email: jira.email, project: 'SRE' },
    };
    const refused = await workTracker(settings, 'a-rejected-token-77')
      .findLinkable('[SRE ')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
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
});
