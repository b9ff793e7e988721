import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SreError } from '../../../src/core/errors';
import { checkServiceUrl, HttpError } from '../../../src/core/http';
import { nameHasKey, RallyClient } from '../../../src/core/rally/rally-client';
import { storiesQuery } from '../../../src/core/rally/rally-query';
import { parseQuery, RallyFake } from '../../fakes/rally-fake';

const fake = new RallyFake({ features: ['F12', 'F99'] });
const waits: number[] = [];

function client(overrides: Partial<ConstructorParameters<typeof RallyClient>[0]> = {}): RallyClient {
  return new RallyClient({ server: fake.url, apiKey: fake.apiKey, workspace: 'Engineering', project: 'SRE', sleep: async (ms) => void waits.push(ms), timeoutMs: 2000, ...overrides });
}

before(() => fake.start());
after(() => fake.stop());

describe('Rally client against the local fake', () => {
  it('reads every page of several thousand stories, with only the fields it needs', async () => {
    fake.stories.length = 0;
    for (let i = 0; i < 4500; i++) fake.addStory({ Name: `story ${i}`, Tags: i % 3 === 0 ? ['sre'] : ['sre', 'reliability'], PortfolioItem: i % 10 === 0 ? 'F99' : 'F12' });
    fake.requests.length = 0;
    const stories = await client().fetchStories('F12', ['sre', 'reliability']);
    const expected = fake.stories.filter((s) => s.PortfolioItem === 'F12' && s.Tags.includes('reliability'));
    assert.equal(stories.length, expected.length);
    assert.deepEqual(new Set(stories.map((s) => s.objectId)), new Set(expected.map((s) => s.ObjectID)));
    const pages = fake.requests.filter((r) => r.path.endsWith('/hierarchicalrequirement'));
    assert.equal(pages.length, Math.ceil(expected.length / 2000));
    assert.ok(pages.every((p) => p.query.get('pagesize') === '2000' && p.query.get('workspace') === '/workspace/41' && p.query.get('project') === '/project/42'));
    assert.equal(pages[0]?.query.get('fetch'), 'ObjectID,FormattedID,Name,ScheduleState,Tags,Parent,PortfolioItem,LastUpdateDate');
  });

  it('reads stories carrying any one of the tags when asked, all of them by default', async () => {
    fake.stories.length = 0;
    fake.addStory({ Name: 'a', Tags: ['sre'] });
    fake.addStory({ Name: 'b', Tags: ['reliability'] });
    fake.addStory({ Name: 'c', Tags: ['sre', 'reliability'] });
    fake.addStory({ Name: 'd', Tags: ['other'] });
    const names = async (match?: 'all' | 'any') => (await client().fetchStories('F12', ['sre', 'reliability'], match)).map((s) => s.name).sort();
    assert.deepEqual(await names(), ['c']);
    assert.deepEqual(await names('any'), ['a', 'b', 'c']);
  });

  it('sends the API key as ZSESSIONID with integration headers, and resolves workspace and project once', async () => {
    fake.requests.length = 0;
    const c = client();
    await c.fetchStories('F12', []);
    await c.fetchStories('F12', []);
    const first = fake.requests[0];
    assert.equal(first?.headers.zsessionid, fake.apiKey);
    assert.equal(first?.headers['x-rallyintegrationname'], 'SRE Maturity Tracker');
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/workspace')).length, 1);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/project')).length, 1);
  });

  it('builds queries with binary AND and escaped quotes that the server parses', () => {
    const q = storiesQuery('US45', ['a "quoted" tag', 'b']);
    assert.equal(q, '(((Parent.FormattedID = "US45") AND (Tags.Name = "a \\"quoted\\" tag")) AND (Tags.Name = "b"))');
    assert.doesNotThrow(() => parseQuery(q));
  });

  it('treats HTTP 200 with Errors as a failure that names the operation', async () => {
    const c = client();
    await c.resolveScope();
    fake.failures.push('query-error');
    await assert.rejects(c.fetchStories('F12', []), (e: unknown) => e instanceof SreError && /^Rally: read stories under F12 failed: Could not parse/.test(e.message));
  });

  it('keeps a quote in a tag inside its string: no query injection', async () => {
    assert.deepEqual(await client().fetchStories('F12', ['x") OR (Name contains "']), []);
  });

  it('says a wrong key is refused (401) without echoing it', async () => {
    await assert.rejects(client({ apiKey: 'wrong-key-123' }).fetchStories('F12', []), (e: unknown) => e instanceof HttpError && e.status === 401 && /credentials were refused: set a valid Rally API key/.test(e.message) && !e.message.includes('wrong-key-123'));
  });

  it('retries 429 honouring Retry-After, and 5xx with backoff, a bounded number of times', async () => {
    waits.length = 0;
    fake.failures.push(429, 503);
    const stories = await client().fetchStories('F12', []);
    assert.ok(stories.length > 0);
    assert.deepEqual(waits, [1000, 1000]);
    fake.failures.push(500, 500, 500);
    await assert.rejects(client({ retries: 2 }).fetchStories('F12', []), /HTTP 500, the server failed even after retries/);
    fake.failures.length = 0;
  });

  it('times out a request that never answers, and says so', async () => {
    fake.failures.push('hang');
    await assert.rejects(client({ timeoutMs: 300, retries: 0 }).fetchStories('F12', []), /no answer within 0\.3 s; check the server address/);
    fake.failures.length = 0;
  });

  it('creates a story with parent, project, tags (creating missing ones) and HTML description', async () => {
    fake.stories.length = 0;
    const { story, created } = await client().createStory('checkout/web/on-call', { name: '[SRE checkout/web/on-call] Raise On-call to level 1', description: '<p>x &amp; y</p>', parentId: 'F12', tags: ['sre', 'new-tag'] });
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
    assert.equal(fake.stories.filter((s) => s.Name.includes('a/b/d')).length, 1, 'the retry found the story instead of making another');
    assert.equal(lost.story.formattedId, fake.stories.find((s) => s.Name.includes('a/b/d'))?.FormattedID);
  });

  it('reports a create refused by Rally with its Errors', async () => {
    await assert.rejects(client().createStory('k/e/y', { name: 'x'.repeat(300) + ' k/e/y', description: '', parentId: 'F12', tags: [] }), /create a story for k\/e\/y failed: Validation error: HierarchicalRequirement\.Name length exceeds 256/);
  });

  it('matches a key only as a whole key in a story name', () => {
    assert.ok(nameHasKey('[SRE checkout/web/on-call] Raise', 'checkout/web/on-call'));
    assert.ok(!nameHasKey('[SRE checkout/web/on-call-2] Raise', 'checkout/web/on-call'));
    assert.ok(!nameHasKey('[SRE xcheckout/web/on-call]', 'checkout/web/on-call'));
  });

  it('refuses plain http except on loopback', () => {
    assert.throws(() => checkServiceUrl('http://rally.example.com', 'Rally server'), /must use https:\/\/ \(plain http is allowed only for localhost\)/);
    assert.equal(checkServiceUrl('http://127.0.0.1:8080', 'x').hostname, '127.0.0.1');
    assert.equal(checkServiceUrl('http://localhost:1', 'x').hostname, 'localhost');
    assert.throws(() => client({ server: 'http://10.0.0.5' }), /must use https/);
  });
});
