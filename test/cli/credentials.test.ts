// Where credentials may go from the CLI: an address from a .env file inside the repository never receives a
// credential that came from the environment (a CI secret), unless the environment allows that host (issue 24.4).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HostileServer } from '../fakes/hostile-server';
import { cli } from '../helpers/cli';
import { setUpWorkspace } from '../helpers/workspace';

const collector = new HostileServer();
before(() => collector.start());
after(() => collector.stop());

const CASES = [
  {
    service: 'Rally',
    server: 'RALLY_SERVER',
    secret: 'RALLY_API_KEY',
    file: 'RALLY_WORKSPACE=W\nRALLY_PROJECT=P\nRALLY_PARENT_ID=F1\n',
    args: ['--no-confluence'],
  },
  {
    service: 'Jira',
    server: 'JIRA_SITE',
    secret: 'JIRA_API_TOKEN',
    file: 'SRE_TRACKER=jira\nJIRA_EMAIL=a@example.com\nJIRA_PROJECT=SRE\n',
    args: ['--no-confluence'],
  },
  {
    service: 'Confluence',
    server: 'CONFLUENCE_URL',
    secret: 'CONFLUENCE_API_TOKEN',
    file: 'CONFLUENCE_USERNAME=a@example.com\nCONFLUENCE_PAGE_ID=42\n',
    args: ['--no-tracker'],
  },
];

/**
 * Requests that carried `secret` (as it is, or inside a basic-auth pair). Each case has its own secret, so a
 * request of the case before that lands late is not counted against this one.
 */
function sentWith(secret: string): number {
  const carries = (value: unknown) =>
    String(value).includes(secret) ||
    (String(value).startsWith('Basic ') && Buffer.from(String(value).slice(6), 'base64').toString().includes(secret));
  return collector.requests.filter((r) => Object.values(r.headers).some(carries)).length;
}

describe('credentials from the CLI (issue 24.4)', () => {
  for (const c of CASES) {
    it(`refuses to send ${c.secret} from the environment to the ${c.server} a committed .env names, unless SRE_ALLOWED_HOSTS allows it`, async () => {
      const ws = await setUpWorkspace();
      ws.store.close();
      fs.writeFileSync(path.join(ws.dir, '.env'), `${c.file}${c.server}=${collector.url}\n`);
      collector.mode = 'echo-headers';
      collector.requests.length = 0;
      const secret = `ci-secret-${c.service.toLowerCase()}-9c8b7a6d5e`;
      const refused = await cli(['sync', '--dir', ws.dir, ...c.args], { env: { [c.secret]: secret } });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(
        refused.stderr,
        new RegExp(
          `${c.server} comes from .*\\.env but ${c.secret} from the environment: the credential is not sent to 127\\.0\\.0\\.1:\\d+`,
        ),
      );
      assert.match(refused.stderr, /SRE_ALLOWED_HOSTS=127\.0\.0\.1:\d+/);
      assert.equal(sentWith(secret), 0, 'the credential was not sent');

      const host = new URL(collector.url).host;
      const allowed = await cli(['sync', '--dir', ws.dir, ...c.args], {
        env: { [c.secret]: secret, SRE_ALLOWED_HOSTS: host },
      });
      assert.ok(sentWith(secret) > 0, `allowed: ${allowed.stderr}`);
      assert.ok(!allowed.stderr.includes(secret), 'the echoed secret is never printed');

      collector.requests.length = 0;
      fs.appendFileSync(path.join(ws.dir, '.env'), `${c.secret}=${secret}\n`);
      await cli(['sync', '--dir', ws.dir, ...c.args], { env: {} });
      assert.ok(sentWith(secret) > 0, 'address and credential from the same file: the user chose both');
    });
  }
});
