import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { trackerGaps, workTracker } from '../../../../src/core/integrations/clients';
import { readJiraSettings } from '../../../../src/core/integrations/jira/jira-settings';
import { htmlToWiki } from '../../../../src/core/integrations/jira/wiki';
import { settingsFromEnv } from '../../../../src/core/integrations/settings';
import { createWorkForItem } from '../../../../src/core/usecases/create-work';
import { sync } from '../../../../src/core/usecases/sync/sync';
import { type Workspace } from '../../../../src/core/workspace';
import { EPIC_LINK_FIELD, JiraFake } from '../../../fakes/jira-fake';
import { overriding, settingsWith } from '../../../helpers/settings';
import { assessAtLevel, setUpWorkspace } from '../../../helpers/workspace';

const jira = new JiraFake('datacenter');
before(() => jira.start());
after(() => jira.stop());

/** A workspace on the Data Center fake: its base URL with the /jira context path, a PAT unless `username` is given. */
async function workspace(jiraSettings: Readonly<Record<string, string>> = {}): Promise<Workspace> {
  const settings = settingsWith({
    tracker: 'jira',
    'jira.site': jira.url,
    'jira.project': 'SRE',
    'jira.deployment': 'datacenter',
    ...jiraSettings,
  });
  const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,web,1\nCheckout,api,1\n', settings });
  assessAtLevel(ws, ['checkout/web/on-call', 'checkout/web/postmortems', 'checkout/api/on-call'], 0);
  return ws;
}

describe('Jira Data Center as the tracker, through its fake (issue 26)', () => {
  it('creates with a personal access token under the context path: REST v2, wiki markup, the type id from `values`, the Epic Link', async () => {
    const epic = jira.addIssue({ summary: 'Reliability epic' });
    const ws = await workspace({ 'jira.parent': epic.key });
    const made = await createWorkForItem(ws, workTracker(ws.settings, jira.pat), 'checkout/web/on-call', 'ana');
    assert.equal(made.created, true);
    const issue = jira.issues.find((i) => i.key === made.link.displayId);
    assert.ok(issue);
    assert.equal(typeof issue.description, 'string', 'Data Center takes wiki markup, not a document');
    assert.match(issue.description as string, /^Checkout \/ web: /m);
    assert.match(issue.description as string, /^Item key: checkout\/web\/on-call \(SRE Maturity Tracker\)$/m);
    assert.match(issue.description as string, /^\* /m, 'open questions as a wiki list');
    assert.equal(issue.parent, epic.key, 'under the epic through Epic Link');
    assert.equal(made.link.url, `${jira.url}/browse/${issue.key}`, 'links keep the context path');
    const sent = jira.requests.filter((r) => r.method === 'POST' && r.path === '/jira/rest/api/2/issue');
    assert.equal(sent.length, 1);
    const fields = (JSON.parse(sent[0]!.body) as { fields: Record<string, unknown> }).fields;
    assert.deepEqual(fields.issuetype, { id: '10001' }, 'the project type id, read from createmeta values');
    assert.equal(fields[EPIC_LINK_FIELD.id], epic.key);
    assert.equal(fields.parent, undefined, 'no parent field: Data Center refuses it on a non-sub-task');

    const again = await createWorkForItem(ws, workTracker(ws.settings, jira.pat), 'checkout/web/on-call', 'ana');
    assert.equal(again.created, false, 'found by its key, not made twice');
  });

  it('reads every page of a search by startAt, whatever page size the server allows, and closes items whose issues are done', async () => {
    jira.issues.length = 0;
    const epic = jira.addIssue({ summary: 'Epic' });
    const ws = await workspace({ 'jira.parent': epic.key });
    for (let n = 0; n < 7; n++) jira.addIssue({ summary: `Other work ${n}`, labels: ['sre'], parent: epic.key });
    const done = jira.addIssue({
      summary: '[SRE checkout/api/on-call] Raise On-call to level 1',
      labels: ['sre'],
      parent: epic.key,
    });
    jira.transition(done.key, 'Closed', 'done');
    const result = await sync(ws, {
      tracker: workTracker(ws.settings, jira.pat),
      page: undefined,
      dryRun: false,
      by: 't',
    });
    assert.equal(result.stories, 8, 'all 8 placed issues, over pages of 3');
    assert.deepEqual(result.plan?.unknown.length, 7);
    const item = ws.items().find((i) => i.key === 'checkout/api/on-call');
    assert.equal(item?.link?.displayId, done.key);
    assert.equal(item?.link?.done, true, 'done is the status category, whatever the status is called');
    assert.equal(item?.status, 'Done');
  });

  it('takes basic auth with a username, names the Jira credential on a 401, and never prints it', async () => {
    const ws = await workspace({ 'jira.email': jira.username });
    const made = await createWorkForItem(ws, workTracker(ws.settings, jira.password), 'checkout/api/on-call', 'ana');
    assert.ok(made.link.displayId.startsWith('SRE-'));

    const wrong = 'not-the-pat-4411aa';
    const pat = await workspace();
    await assert.rejects(
      createWorkForItem(pat, workTracker(pat.settings, wrong), 'checkout/web/postmortems', 'ana'),
      (e: Error) => {
        assert.match(e.message, /Jira: .*401, Jira refused the personal access token \(sent as Bearer/);
        assert.doesNotMatch(e.message, /Confluence/);
        assert.ok(!e.message.includes(wrong), 'the token is not in the message');
        return true;
      },
    );
  });

  it('behaves like Cloud under load: a lost create answer while search lags makes one issue, a 429 is waited out', async () => {
    const ws = await workspace();
    jira.issues.length = 0;
    jira.searchLagMs = 200;
    jira.dropNextCreateAnswer = true;
    const tracker = workTracker(ws.settings, jira.pat, {});
    const lost = await createWorkForItem(ws, tracker, 'checkout/web/postmortems', 'ana');
    assert.equal(lost.created, true);
    assert.equal(jira.issues.filter((i) => i.summary.includes('checkout/web/postmortems')).length, 1, 'exactly one');
    jira.searchLagMs = 0;
    jira.throttleCreatesFor(1);
    jira.throttledAt.length = 0;
    const throttled = await createWorkForItem(ws, workTracker(ws.settings, jira.pat), 'checkout/api/on-call', 'ana');
    assert.equal(throttled.created, true);
    assert.equal(jira.throttledAt.length, 1, 'asked again only after Retry-After');
  });

  it('is chosen by jira.deployment / JIRA_DEPLOYMENT, and needs no account email there', () => {
    const dc = settingsFromEnv({
      JIRA_DEPLOYMENT: 'datacenter',
      SRE_TRACKER: 'jira',
      JIRA_SITE: 'https://j.example/jira',
      JIRA_PROJECT: 'SRE',
    });
    assert.equal(readJiraSettings(dc.source).deployment, 'datacenter');
    assert.deepEqual(trackerGaps(dc).missing, [], 'a personal access token needs no username');
    const cloud = overriding(dc, { 'jira.deployment': 'cloud' });
    assert.deepEqual(trackerGaps(cloud).missing, ['jira.email'], 'Cloud does');
    assert.throws(
      () => settingsFromEnv({ JIRA_DEPLOYMENT: 'server' }),
      /JIRA_DEPLOYMENT must be "cloud" or "datacenter", not "server"/,
    );
  });

  it('writes descriptions as wiki markup that reads as text: markup escaped, links kept, other schemes dropped', () => {
    const wiki = htmlToWiki(
      '<p><b>Shop | *core*</b>: level {1}</p><ul><li>Is -x- on?</li><li>a_b</li></ul>' +
        '<p>Evidence: <a href="https://e.example/runbook?a=b|c">runbook</a> and <a href="javascript:alert(1)">bad</a></p>',
    );
    assert.equal(
      wiki,
      'Shop \\| \\*core\\*: level \\{1\\}\n\n* Is \\-x\\- on\\?\n\n* a\\_b\n\n' +
        'Evidence: [runbook|https://e.example/runbook?a=b%7Cc] and bad',
    );
  });
});
