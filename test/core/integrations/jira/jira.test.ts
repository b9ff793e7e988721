import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { pageTarget, workTracker } from '../../../../src/core/integrations/clients';
import { htmlToAdf } from '../../../../src/core/integrations/jira/adf';
import { JiraClient, jqlString } from '../../../../src/core/integrations/jira/jira-client';
import { readJiraSettings } from '../../../../src/core/integrations/jira/jira-settings';
import { JiraTracker } from '../../../../src/core/integrations/jira/jira-tracker';
import { defaultSettings } from '../../../../src/core/integrations/settings';
import { createWorkForItem } from '../../../../src/core/usecases/create-work';
import { sync, type SyncOptions } from '../../../../src/core/usecases/sync/sync';
import { type Workspace } from '../../../../src/core/workspace';
import { ConfluenceFake, SAMPLE_PAGE } from '../../../fakes/confluence-fake';
import { JiraFake } from '../../../fakes/jira-fake';
import { overriding, settingsWith } from '../../../helpers/settings';
import { assessAtLevel, setUpWorkspace } from '../../../helpers/workspace';

const jira = new JiraFake();
const confluence = new ConfluenceFake();
before(async () => Promise.all([jira.start(), confluence.start()]));
after(async () => Promise.all([jira.stop(), confluence.stop()]));

async function workspace(): Promise<Workspace> {
  const settings = settingsWith({
    tracker: 'jira',
    'jira.site': jira.url,
    'jira.email': jira.email,
    'jira.project': 'SRE',
    'jira.labels': ['sre'],
    'confluence.baseUrl': confluence.url,
    'confluence.username': confluence.username,
    'confluence.pageId': '700',
    'confluence.deployment': 'cloud',
  });
  confluence.addPage('700', 'Checkout SRE', SAMPLE_PAGE);
  const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,web,1\nCheckout,api,1\n', settings });
  assessAtLevel(ws, ['checkout/web/on-call', 'checkout/web/postmortems', 'checkout/api/on-call'], 0);
  return ws;
}

async function options(ws: Workspace): Promise<SyncOptions> {
  return {
    tracker: workTracker(ws.settings, jira.token),
    page: await pageTarget(ws.settings, confluence.token),
    dryRun: false,
    by: 'sync-test',
  };
}

describe('Jira Cloud as the tracker, through its fake', () => {
  it('creates, finds by key, adopts, closes items whose issues are done, and writes the page only when it changes', async () => {
    const ws = await workspace();
    const created = await createWorkForItem(ws, workTracker(ws.settings, jira.token), 'checkout/web/on-call', 'ana');
    assert.equal(created.created, true);
    const issue = jira.issues.find((i) => i.key === created.link.displayId);
    assert.ok(issue);
    assert.match(issue.summary, /^\[SRE checkout\/web\/on-call\] /);
    assert.deepEqual(issue.labels, ['sre']);
    assert.equal((issue.description as { type: string }).type, 'doc', 'the description is Atlassian Document Format');
    assert.equal(created.link.url, `${jira.url}/browse/${issue.key}`);
    const again = await createWorkForItem(ws, workTracker(ws.settings, jira.token), 'checkout/web/on-call', 'ana');
    assert.equal(again.created, false, 'no duplicate');

    // Made in Jira by hand (or by its CSV import): no label. One more whose key no item has.
    const manual = jira.addIssue({ summary: '[SRE checkout/web/postmortems] Raise Postmortems to level 1' });
    jira.addIssue({ summary: '[SRE checkout/gone/on-call] nobody claims this' });
    const first = await sync(ws, await options(ws));
    assert.deepEqual(first.plan?.changes.map((c) => `${c.itemKey}:${c.kind}`).sort(), [
      'checkout/web/postmortems:adopt',
      'checkout/web/postmortems:link',
    ]);
    assert.deepEqual(manual.labels, ['sre'], 'adopted: the label added');
    assert.deepEqual(
      first.plan?.unknown.map((w) => w.title),
      ['[SRE checkout/gone/on-call] nobody claims this'],
    );
    assert.equal(ws.items().find((i) => i.key === 'checkout/web/postmortems')?.link?.displayId, manual.key);
    const version = confluence.pages.get('700')?.version;
    assert.match(
      confluence.pages.get('700')?.history.at(-1)?.sent ?? '',
      /<th><p>Jira<\/p><\/th>/,
      'the work-item column is named for the tracker',
    );

    const writes = jira.writes;
    const second = await sync(ws, await options(ws));
    assert.equal(second.unchanged, true);
    assert.equal(jira.writes, writes, 'nothing written to Jira');
    assert.equal(confluence.pages.get('700')?.version, version, 'no new page version');

    jira.transition(issue.key, 'Closed', 'done');
    const third = await sync(ws, await options(ws));
    assert.deepEqual(third.plan?.changes.map((c) => c.kind).sort(), ['done', 'state']);
    assert.equal(ws.items().find((i) => i.key === 'checkout/web/on-call')?.status, 'Done');
    assert.equal(confluence.pages.get('700')?.version, (version ?? 0) + 1);
  });

  it('reads every page of a large search (nextPageToken, 100 a page)', async () => {
    const ws = await workspace();
    const before = jira.requests.length;
    for (let i = 0; i < 250; i++) jira.addIssue({ summary: `[SRE other/thing/n${i}] filler`, labels: ['sre'] });
    const found = await workTracker(ws.settings, jira.token).findLinkable('[SRE ');
    assert.ok(found.length >= 250);
    const searches = jira.requests.slice(before).filter((r) => r.path.endsWith('/search/jql'));
    assert.ok(
      searches.some((r) => (JSON.parse(r.body) as { nextPageToken?: string }).nextPageToken),
      'later pages asked for with the token',
    );
  });

  it('says what to set when the site, project or token is missing, and a wrong token is a 401', async () => {
    const ws = await workspace();
    assert.throws(
      () => workTracker(overriding(ws.settings, { 'jira.project': '' }), jira.token),
      /Jira project is not set: set jira\.project/,
    );
    assert.throws(() => workTracker(ws.settings, ''), /Jira API token is missing/);
    await assert.rejects(
      workTracker(ws.settings, 'wrong-token').findLinkable('[SRE '),
      /HTTP 401, the credentials were refused/,
    );
  });

  it('quotes JQL strings and writes descriptions as paragraphs of text', () => {
    assert.equal(jqlString('a "b" \\c'), '"a \\"b\\" \\\\c"');
    const doc = htmlToAdf('<p><b>Checkout</b>: level 0</p><ul><li>Is it &lt;paged&gt;?</li></ul><p>Notes: none</p>');
    assert.deepEqual(
      doc.content.map((p) => p.content[0]?.text),
      ['Checkout: level 0', '• Is it <paged>?', 'Notes: none'],
    );
  });
});

describe('Jira errors', () => {
  it('passes on what Jira says about a refused create (field errors), naming what to check', async () => {
    const ws = await workspace();
    const settings = overriding(ws.settings, { 'jira.parent': 'SRE-99999' });
    await assert.rejects(
      workTracker(settings, jira.token).create({
        key: 'checkout/api/on-call',
        title: '[SRE checkout/api/on-call] x',
        descriptionHtml: '<p>x</p>',
        extraLabels: [],
      }),
      /Jira: create an issue for checkout\/api\/on-call failed: HTTP 400 \(parent: Could not find issue by id or key\.\): check the Jira project, issue type and parent settings/,
    );
  });

  it('never duplicates an issue whose create answer was lost, while search catches up; honours Retry-After; refuses spaced labels (issue 26)', async () => {
    const settings = {
      ...readJiraSettings(defaultSettings().source),
      site: jira.url,
      email: jira.email,
      project: 'SRE',
      labels: ['sre'],
    };
    const sleeps: number[] = [];
    const tracker = (sleep: (ms: number) => Promise<void>) =>
      new JiraTracker(new JiraClient({ site: jira.url, email: jira.email, token: jira.token, sleep }), settings);
    const scaled = (ms: number) => (sleeps.push(ms), new Promise<void>((r) => setTimeout(r, ms / 10)));
    const work = (key: string) => ({
      key,
      title: `[SRE ${key}] Raise it`,
      descriptionHtml: '<p>x</p>',
      extraLabels: [],
    });

    // Search lags 300 ms behind a create whose answer is lost: the looks with backoff find it; one issue.
    jira.searchLagMs = 300;
    jira.dropNextCreateAnswer = true;
    const found = await tracker(scaled).create(work('lost/answer/found'));
    assert.equal(found.created, true);
    assert.equal(jira.issues.filter((i) => i.summary.includes('lost/answer/found')).length, 1);

    // Search lags longer than the looks: reported as "may have been created", never made again; the next run links it.
    jira.searchLagMs = 60_000;
    jira.dropNextCreateAnswer = true;
    await assert.rejects(
      tracker(async () => undefined).create(work('lost/answer/later')),
      /it may have been created, so none is created again; the next sync links it/,
    );
    assert.equal(jira.issues.filter((i) => i.summary.includes('lost/answer/later')).length, 1);
    jira.searchLagMs = 0;
    const next = await tracker(async () => undefined).create(work('lost/answer/later'));
    assert.equal(next.created, false);
    assert.equal(jira.issues.filter((i) => i.summary.includes('lost/answer/later')).length, 1, 'exactly one issue');

    // A 429 with Retry-After: 1 — the create waits the whole second (and a random fifth at most) before asking again, once.
    jira.throttleCreatesFor(1);
    jira.throttledAt.length = 0;
    sleeps.length = 0;
    const real = (ms: number) => (sleeps.push(ms), new Promise<void>((r) => setTimeout(r, ms)));
    const throttled = await tracker(real).create(work('rate/limited/once'));
    assert.equal(throttled.created, true);
    assert.equal(jira.throttledAt.length, 1, 'no repeat inside the Retry-After window');
    assert.equal(sleeps.length, 1);
    assert.ok(sleeps[0]! >= 1000 && sleeps[0]! <= 1200, `waited ${sleeps[0]} ms: Retry-After, plus jitter, never less`);

    const before = jira.requests.length;
    assert.throws(
      () =>
        new JiraTracker(new JiraClient({ site: jira.url, email: jira.email, token: jira.token }), {
          ...settings,
          labels: ['sre gap'],
        }),
      /Jira label "sre gap" contains a space, which Jira refuses: set jira\.labels \(use a dash: sre-gap\)/,
    );
    assert.equal(jira.requests.length, before, 'refused before any request');
  });

  it("creates with the project's own issue type id, looked up once, and lists the project's types for an unknown name (issue 26)", async () => {
    const settings = {
      ...readJiraSettings(defaultSettings().source),
      site: jira.url,
      email: jira.email,
      project: 'SRE',
      labels: ['sre'],
      issueType: 'story',
    };
    const client = new JiraClient({ site: jira.url, email: jira.email, token: jira.token });
    const tracker = new JiraTracker(client, settings);
    const work = (key: string) => ({ key, title: `[SRE ${key}] x`, descriptionHtml: '<p>x</p>', extraLabels: [] });
    const before = jira.requests.length;
    await tracker.create(work('type/by/id'));
    await tracker.create(work('type/by/id2'));
    const sent = jira.requests.slice(before);
    assert.equal(
      sent.filter((r) => r.path.includes('/createmeta/')).length,
      2,
      'three types read in pages of two, once per run',
    );
    const created = sent
      .filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue')
      .map((r) => (JSON.parse(r.body) as { fields: { issuetype: unknown } }).fields.issuetype);
    assert.deepEqual(created, [{ id: '10003' }, { id: '10003' }]);
    const wrong = new JiraTracker(client, { ...settings, issueType: 'Epic Saga' });
    await assert.rejects(
      wrong.create(work('type/unknown')),
      /Jira project SRE has no issue type "Epic Saga": set jira\.issueType \(one of Task, Bug, Story\)/,
    );
  });
});
