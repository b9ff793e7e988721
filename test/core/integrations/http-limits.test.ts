/**
 * Every client (Rally, Jira, Confluence) against a server that misbehaves: a deadline for the whole answer, a cap
 * on its size, paging that ends, no secret in any message, and credentials never sent to another host.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { describeError, SreError } from '../../../src/core/errors';
import { ConfluenceClient } from '../../../src/core/integrations/confluence/confluence-client';
import { JiraClient } from '../../../src/core/integrations/jira/jira-client';
import { RallyClient } from '../../../src/core/integrations/rally/rally-client';
import { HostileServer } from '../../fakes/hostile-server';

const server = new HostileServer();
const elsewhere = new HostileServer();
before(async () => Promise.all([server.start(), elsewhere.start()]));
after(async () => Promise.all([server.stop(), elsewhere.stop()]));

const SECRET = 'tok-3f9a8b7c6d5e4f3a';
const EMAIL = 'ana@example.com';
const tuning = { retries: 2, sleep: async () => undefined, timeoutMs: 1_000, maxBodyBytes: 4 * 1024 * 1024 };

/** One call of each client that reads from the server. */
const CLIENTS = {
  Rally: () =>
    new RallyClient({ server: server.url, apiKey: SECRET, workspace: 'W', project: '2', ...tuning }).findStoryByKey(
      'checkout/web/on-call',
    ),
  Jira: () =>
    new JiraClient({ site: server.url, email: EMAIL, token: SECRET, ...tuning }).search('read issues', 'project = SRE'),
  Confluence: () =>
    new ConfluenceClient({
      baseUrl: server.url,
      deployment: 'cloud',
      username: EMAIL,
      token: SECRET,
      ...tuning,
    }).getPage('42'),
};

async function failure(call: () => Promise<unknown>): Promise<SreError> {
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof SreError, `an SreError, not ${String(e)}`);
    return e;
  }
  assert.fail('it succeeded');
}

describe('clients against a hostile server (issue 24)', () => {
  for (const [service, call] of Object.entries(CLIENTS)) {
    it(
      `${service}: an answer dripped a byte at a time ends at the deadline, retried a bounded number of times (24.7)`,
      { timeout: 30_000 },
      async () => {
        server.mode = 'drip';
        server.requests.length = 0;
        const started = Date.now();
        const e = await failure(call);
        assert.match(e.message, new RegExp(`^${service}: .* failed: no complete answer within 1 s`));
        assert.ok(server.requests.length <= 3, `${server.requests.length} requests`);
        assert.ok(Date.now() - started < 15_000);
      },
    );

    it(`${service}: an endless answer is cut off at the cap and not retried (24.8)`, { timeout: 30_000 }, async () => {
      server.mode = 'flood';
      server.requests.length = 0;
      const before = process.memoryUsage().rss;
      const e = await failure(call);
      assert.match(e.message, new RegExp(`^${service}: .* failed: the answer was larger than 4 MB and was cut off`));
      assert.equal(server.requests.length, 1, 'not retried');
      assert.ok(process.memoryUsage().rss - before < 512 * 1024 * 1024, 'memory stayed bounded');
    });

    it(`${service}: a server echoing the credential in an error never gets it into the message (24.5)`, async () => {
      server.mode = 'echo-headers';
      const e = await failure(call);
      const basic = Buffer.from(`${EMAIL}:${SECRET}`).toString('base64');
      const text = `${e.message}\n${describeError(e)}`;
      assert.ok(!text.includes(SECRET) && !text.includes(basic) && !text.includes(encodeURIComponent(basic)), text);
      assert.match(e.message, /\*\*\*/, 'redacted, not dropped');
    });
  }

  it('Jira: a search whose page token never changes stops with a clear error (24.9)', async () => {
    server.mode = 'page-forever';
    server.requests.length = 0;
    const e = await failure(CLIENTS.Jira);
    assert.match(e.message, /^Jira: read issues failed: the search did not end \(the same page token came back\)/);
    assert.ok(server.requests.length <= 3, `${server.requests.length} requests`);
  });

  it('Rally: a TotalResultCount of 1e11 is refused, not paged through (24.9)', async () => {
    server.mode = 'page-forever';
    server.requests.length = 0;
    const e = await failure(CLIENTS.Rally);
    assert.match(e.message, /the server says 100000000000 stories match, more than the 100000 a sync reads/);
    assert.ok(server.requests.length <= 4, `${server.requests.length} requests`);
  });

  it('Rally: a _ref to another host is refused, naming it; the key never goes there (24.6)', async () => {
    server.mode = 'ref-elsewhere';
    elsewhere.mode = 'echo-headers';
    server.elsewhere = elsewhere.url;
    elsewhere.requests.length = 0;
    const e = await failure(CLIENTS.Rally);
    assert.match(
      e.message,
      new RegExp(`pointed at ${elsewhere.url}/collect/Workspaces, outside the configured server`),
    );
    assert.equal(elsewhere.requests.length, 0);
    server.elsewhere = server.url.replace('http:', 'https:');
    assert.match(
      (await failure(CLIENTS.Rally)).message,
      /outside the configured server/,
      'another scheme on the same host too',
    );
  });

  it('names where a redirect wanted to go and never follows it; a 401 names the service and its credential (issue 26)', async () => {
    server.mode = 'sign-in';
    for (const [service, call] of Object.entries(CLIENTS)) {
      const e = await failure(call);
      assert.match(
        e.message,
        new RegExp(
          `^${service}: .* failed: the server answered with a sign-in redirect \\(302 → https://sso\\.example/login\\?next=%2Fapi\\), which is not followed with credentials; check the address`,
        ),
      );
    }
    server.mode = 'refuse';
    const wanted = {
      Rally: 'Rally API key',
      Jira: 'Jira API token and account email',
      Confluence: 'Confluence API token and account email',
    };
    for (const [service, call] of Object.entries(CLIENTS))
      assert.match(
        (await failure(call)).message,
        new RegExp(`HTTP 401, the credentials were refused: set a valid ${wanted[service as keyof typeof wanted]}`),
      );
  });
});
