import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { nameHasKey } from '../../../../src/core/domain/item-keys';
import { SreError } from '../../../../src/core/errors';
import { checkServiceUrl } from '../../../../src/core/integrations/http';
import { HttpError } from '../../../../src/core/integrations/http-errors';
import { RallyClient } from '../../../../src/core/integrations/rally/rally-client';
import { storiesQuery } from '../../../../src/core/integrations/rally/rally-query';
import { readRallySettings } from '../../../../src/core/integrations/rally/rally-settings';
import { RallyTracker } from '../../../../src/core/integrations/rally/rally-tracker';
import { defaultSettings } from '../../../../src/core/integrations/settings';
import { parseQuery, RallyFake } from '../../../fakes/rally-fake';

const fake = new RallyFake({ features: ['F12', 'F99'] });
const waits: number[] = [];

function client(overrides: Partial<ConstructorParameters<typeof RallyClient>[0]> = {}): RallyClient {
  return new RallyClient({
    server: fake.url,
    apiKey: fake.apiKey,
    workspace: 'Engineering',
    project: 'SRE',
    sleep: async (ms) => void waits.push(ms),
    timeoutMs: 2000,
    ...overrides,
  });
}

/** The stories sync reads: under the parent with the tags, plus those named with the default key marker. */
function linkable(c: RallyClient, parentId: string, tags: string[], tagMatch: 'all' | 'any' = 'all') {
  return c.fetchLinkable({ parentId, tags, tagMatch, keyMarker: '[SRE ' });
}

before(() => fake.start());
after(() => fake.stop());

describe('Rally client against the local fake', () => {
  it('reads every page of several thousand stories, with only the fields it needs', async () => {
    fake.stories.length = 0;
    for (let i = 0; i < 4500; i++)
      fake.addStory({
        Name: `story ${i}`,
        Tags: i % 3 === 0 ? ['sre'] : ['sre', 'reliability'],
        PortfolioItem: i % 10 === 0 ? 'F99' : 'F12',
      });
    fake.requests.length = 0;
    const stories = await linkable(client(), 'F12', ['sre', 'reliability']);
    const expected = fake.stories.filter((s) => s.PortfolioItem === 'F12' && s.Tags.includes('reliability'));
    assert.equal(stories.length, expected.length);
    assert.deepEqual(new Set(stories.map((s) => s.objectId)), new Set(expected.map((s) => s.ObjectID)));
    const pages = fake.requests.filter((r) => r.path.endsWith('/hierarchicalrequirement'));
    assert.equal(
      pages.length,
      Math.ceil(expected.length / 2000) + 1,
      'every page under the parent, and one page of stories named "[SRE …"',
    );
    assert.ok(
      pages.every(
        (p) =>
          p.query.get('pagesize') === '2000' &&
          p.query.get('workspace') === '/workspace/41' &&
          p.query.get('project') === '/project/42',
      ),
    );
    assert.equal(
      pages[0]?.query.get('fetch'),
      'ObjectID,FormattedID,Name,ScheduleState,Tags,Parent,PortfolioItem,Project,LastUpdateDate,AcceptedDate',
    );
  });

  it('reads stories carrying any one of the tags when asked, all of them by default', async () => {
    fake.stories.length = 0;
    fake.addStory({ Name: 'a', Tags: ['sre'] });
    fake.addStory({ Name: 'b', Tags: ['reliability'] });
    fake.addStory({ Name: 'c', Tags: ['sre', 'reliability'] });
    fake.addStory({ Name: 'd', Tags: ['other'] });
    const names = async (match?: 'all' | 'any') =>
      (await linkable(client(), 'F12', ['sre', 'reliability'], match)).map((s) => s.name).sort();
    assert.deepEqual(await names(), ['c']);
    assert.deepEqual(await names('any'), ['a', 'b', 'c']);
  });

  it('sends the API key as ZSESSIONID with integration headers, and resolves workspace and project once', async () => {
    fake.requests.length = 0;
    const c = client();
    await linkable(c, 'F12', []);
    await linkable(c, 'F12', []);
    const first = fake.requests[0];
    assert.equal(first?.headers.zsessionid, fake.apiKey);
    assert.equal(first?.headers['x-rallyintegrationname'], 'SRE Maturity Tracker');
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/subscription')).length, 1);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/project')).length, 1);
  });

  it('builds queries with binary AND that the server parses', () => {
    const q = storiesQuery('US45', ['a tag', 'b']);
    assert.equal(q, '(((Parent.FormattedID = "US45") AND (Tags.Name = "a tag")) AND (Tags.Name = "b"))');
    assert.doesNotThrow(() => parseQuery(q));
  });

  it('refuses a quote or backslash in a query value instead of sending an escape WSAPI does not document', () => {
    for (const tag of ['a "quoted" tag', 'back\\slash']) {
      assert.throws(
        () => storiesQuery('F12', [tag]),
        (e: unknown) => e instanceof SreError && e.kind === 'input' && /must not contain " or \\/.test(e.message),
      );
    }
  });

  it('treats HTTP 200 with Errors as a failure that names the operation', async () => {
    const c = client();
    await c.resolveScope();
    fake.failures.push('query-error');
    await assert.rejects(
      linkable(c, 'F12', []),
      (e: unknown) => e instanceof SreError && /^Rally: read stories under F12 failed: Could not parse/.test(e.message),
    );
  });

  it('never sends a tag that could break out of its string: no query injection', async () => {
    fake.requests.length = 0;
    await assert.rejects(linkable(client(), 'F12', ['x") OR (Name contains "']), /must not contain "/);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/hierarchicalrequirement')).length, 0);
  });

  it('says a wrong key is refused (401) without echoing it', async () => {
    await assert.rejects(
      linkable(client({ apiKey: 'wrong-key-123' }), 'F12', []),
      (e: unknown) =>
        e instanceof HttpError &&
        e.status === 401 &&
        /credentials were refused: set a valid Rally API key/.test(e.message) &&
        !e.message.includes('wrong-key-123'),
    );
  });

  it('retries 429 honouring Retry-After, and 5xx with backoff, a bounded number of times', async () => {
    waits.length = 0;
    fake.failures.push(429, 503);
    const stories = await linkable(client(), 'F12', []);
    assert.ok(stories.length > 0);
    // Retry-After: 1, then the backoff of the second attempt (1 s): each with at most a fifth of jitter on top.
    assert.equal(waits.length, 2);
    for (const w of waits) assert.ok(w >= 1000 && w <= 1200, `waited ${w} ms`);
    fake.failures.push(500, 500, 500);
    await assert.rejects(linkable(client({ retries: 2 }), 'F12', []), /HTTP 500, the server failed even after retries/);
    fake.failures.length = 0;
  });

  it('times out a request that never answers, and says so', async () => {
    fake.failures.push('hang');
    await assert.rejects(
      linkable(client({ timeoutMs: 300, retries: 0 }), 'F12', []),
      /no complete answer within 0\.3 s; check the server address/,
    );
    fake.failures.length = 0;
  });

  it('creates a story with parent, project, tags (creating missing ones) and HTML description', async () => {
    fake.stories.length = 0;
    const { story, created } = await client().createStory('checkout/web/on-call', {
      name: '[SRE checkout/web/on-call] Raise On-call to level 1',
      description: '<p>x &amp; y</p>',
      parentId: 'F12',
      tags: ['sre', 'new-tag'],
    });
    assert.equal(created, true);
    const stored = fake.stories.find((s) => s.ObjectID === story.objectId);
    assert.equal(stored?.PortfolioItem, 'F12');
    assert.deepEqual(stored?.Tags.sort(), ['new-tag', 'sre']);
    assert.equal(stored?.Description, '<p>x &amp; y</p>');
    assert.ok(fake.tags.some((t) => t.Name === 'new-tag'));
  });

  it('never creates a duplicate: an existing story with the key is returned, also after a lost answer', async () => {
    fake.stories.length = 0;
    const c = client();
    const input = { name: '[SRE a/b/c] Raise C', description: '', parentId: 'F12', tags: [] };
    const first = await c.createStory('a/b/c', input);
    const again = await c.createStory('a/b/c', input);
    assert.equal(again.created, false);
    assert.equal(again.story.objectId, first.story.objectId);
    fake.failures.push('drop-after-create');
    const lost = await c.createStory('a/b/d', { ...input, name: '[SRE a/b/d] Raise D' });
    assert.equal(
      fake.stories.filter((s) => s.Name.includes('a/b/d')).length,
      1,
      'the retry found the story instead of making another',
    );
    assert.equal(lost.story.formattedId, fake.stories.find((s) => s.Name.includes('a/b/d'))?.FormattedID);
  });

  it('reports a create refused by Rally with its Errors', async () => {
    await assert.rejects(
      client().createStory('k/e/y', { name: 'x'.repeat(300) + ' k/e/y', description: '', parentId: 'F12', tags: [] }),
      /create a story for k\/e\/y failed: Validation error: HierarchicalRequirement\.Name length exceeds 256/,
    );
  });

  it("finds a workspace by name through the subscription even when it is not the key owner's default, and lists the visible ones when none matches", async () => {
    const other = new RallyFake({
      workspace: { name: 'Sandbox', id: 40 },
      otherWorkspaces: [{ name: 'Engineering', id: 41 }],
    });
    await other.start();
    try {
      const c = new RallyClient({
        server: other.url,
        apiKey: other.apiKey,
        workspace: 'Engineering',
        project: 'SRE',
        timeoutMs: 2000,
      });
      assert.deepEqual(await c.resolveScope(), { workspace: '/workspace/41', project: '/project/42' });
      const byId = new RallyClient({
        server: other.url,
        apiKey: other.apiKey,
        workspace: '41',
        project: '42',
        timeoutMs: 2000,
      });
      assert.deepEqual(await byId.resolveScope(), { workspace: '/workspace/41', project: '/project/42' });
      const wrong = new RallyClient({
        server: other.url,
        apiKey: other.apiKey,
        workspace: 'Engineerng',
        project: 'SRE',
        timeoutMs: 2000,
      });
      await assert.rejects(
        wrong.resolveScope(),
        (e: unknown) =>
          e instanceof SreError &&
          e.kind === 'input' &&
          /no workspace "Engineerng".*"Sandbox" \(40\), "Engineering" \(41\)/.test(e.message),
      );
    } finally {
      await other.stop();
    }
  });

  it('adopts a story found by its key: parent set (PortfolioItem for a feature, Parent for a story) and tags added to the ones it has', async () => {
    fake.stories.length = 0;
    const parentStory = fake.addStory({ Name: 'Parent story' });
    const c = client();
    for (const parentId of ['F99', parentStory.FormattedID]) {
      const orphan = fake.addStory({
        Name: `[SRE a/b/${parentId.toLowerCase()}] imported`,
        PortfolioItem: null,
        Tags: [],
      });
      fake.tags.push({ ObjectID: 9000 + fake.tags.length, Name: 'team-x' });
      orphan.Tags = ['team-x'];
      const [found] = (await linkable(c, parentId, ['sre'])).filter((s) => s.objectId === orphan.ObjectID);
      assert.ok(found, 'found by the key marker although it has no parent and not the tag');
      await c.adoptStory(found, { parentId, tags: ['sre'] });
      assert.deepEqual(
        [orphan.PortfolioItem, orphan.Parent],
        parentId === 'F99' ? ['F99', null] : [null, parentStory.FormattedID],
      );
      assert.deepEqual(orphan.Tags.sort(), ['sre', 'team-x']);
    }
  });

  it("the fake answers a query on an attribute the type lacks with WSAPI's error, as the real one does", async () => {
    const { workspace } = await client().resolveScope();
    const res = await fetch(
      `${fake.url}/slm/webservice/v2.0/hierarchicalrequirement?workspace=${workspace}&query=(Feature.FormattedID = "F12")`,
      {
        headers: { ZSESSIONID: fake.apiKey },
      },
    );
    const body = (await res.json()) as { QueryResult: { Errors: string[] } };
    assert.match(body.QueryResult.Errors[0] ?? '', /Could not parse: Could not find attribute "Feature"/);
  });

  it('matches a key only as a whole key in a story name', () => {
    assert.ok(nameHasKey('[SRE checkout/web/on-call] Raise', 'checkout/web/on-call'));
    assert.ok(!nameHasKey('[SRE checkout/web/on-call-2] Raise', 'checkout/web/on-call'));
    assert.ok(!nameHasKey('[SRE xcheckout/web/on-call]', 'checkout/web/on-call'));
  });

  it('refuses plain http except on loopback', () => {
    assert.throws(
      () => checkServiceUrl('http://rally.example.com', 'Rally server'),
      /must use https:\/\/ \(plain http is allowed only for localhost\)/,
    );
    assert.equal(checkServiceUrl('http://127.0.0.1:8080', 'x').hostname, '127.0.0.1');
    assert.equal(checkServiceUrl('http://localhost:1', 'x').hostname, 'localhost');
    assert.throws(() => client({ server: 'http://10.0.0.5' }), /must use https/);
  });

  it("counts a story done from Accepted on, in the workspace's own order of schedule states, as configured (issue 26)", async () => {
    fake.stories.length = 0;
    const settings = {
      ...readRallySettings(defaultSettings().source),
      server: fake.url,
      workspace: 'Engineering',
      project: 'SRE',
      parentId: 'F12',
      tags: [],
    };
    for (const state of ['Completed', 'Accepted', 'Released'])
      fake.addStory({ Name: `[SRE a/b/${state.toLowerCase()}] x`, ScheduleState: state });
    fake.scheduleStates = ['Defined', 'In-Progress', 'Completed', 'Accepted', 'Released'];
    const doneOf = async (doneState: string) =>
      Object.fromEntries(
        (await new RallyTracker(client(), { ...settings, doneState }).findLinkable('[SRE ')).map((w) => [
          w.state,
          w.done,
        ]),
      );
    assert.deepEqual(await doneOf('Accepted'), { Completed: false, Accepted: true, Released: true });
    assert.deepEqual(await doneOf('Released'), { Completed: false, Accepted: false, Released: true });
    await assert.rejects(
      doneOf('Shipped'),
      /the done state "Shipped" is not a schedule state of the workspace \(Defined, In-Progress, Completed, Accepted, Released\)/,
    );
    fake.scheduleStates = ['Defined', 'In-Progress', 'Completed', 'Accepted'];
  });

  it('adds tags through the Tags collection, so a tag someone adds meanwhile is kept (issue 26)', async () => {
    fake.stories.length = 0;
    const c = client();
    const story = fake.addStory({ Name: '[SRE a/b/tags] imported', PortfolioItem: null, Tags: [] });
    const [found] = (await linkable(c, 'F12', ['sre'])).filter((s) => s.objectId === story.ObjectID);
    assert.ok(found);
    fake.tags.push({ ObjectID: 9500, Name: 'team-y' });
    story.Tags = ['team-y']; // a colleague tags it between our read and our write
    await c.adoptStory(found, { parentId: 'F12', tags: ['sre'] });
    assert.deepEqual([...story.Tags].sort(), ['sre', 'team-y']);
    assert.ok(
      fake.requests.some((r) => r.path.endsWith('/Tags/add')),
      'the collection endpoint',
    );
  });

  it('reads the subscription as the object or as a one-row QueryResult, and reports its Errors (issue 26)', async () => {
    fake.subscriptionAsQuery = true;
    try {
      assert.match((await client().resolveScope()).workspace, /^\/workspace\/\d+$/);
      fake.subscriptionErrors.push('Not authorized to read the subscription');
      await assert.rejects(
        client().resolveScope(),
        /Rally: read the subscription failed: Not authorized to read the subscription/,
      );
    } finally {
      fake.subscriptionAsQuery = false;
      fake.subscriptionErrors.length = 0;
    }
  });
});
