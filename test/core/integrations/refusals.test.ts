/**
 * Refusals said as what they are (issue 35): a Retry-After longer than we ever wait, Jira Data Center's CAPTCHA
 * after failed logins (the X-Authentication-Denied-Reason header pycontribs/jira also reads), and a Data Center 401
 * that names the scheme sent and how to choose the other.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { JiraClient } from '../../../src/core/integrations/jira/jira-client';
import { RallyClient } from '../../../src/core/integrations/rally/rally-client';

/** Answers every request with `answer`, counting them. */
let answer: { status: number; headers: Record<string, string> } = { status: 200, headers: {} };
let requests = 0;
const server = http.createServer((_req, res) => {
  requests++;
  res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end('{}');
});
let origin = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const quick = { sleep: async () => undefined, timeoutMs: 5000 };
const dataCenter = (email: string) =>
  new JiraClient({ site: `${origin}/jira`, deployment: 'datacenter', email, token: 'jira-pat-123456', ...quick });

async function failure(call: () => Promise<unknown>): Promise<string> {
  requests = 0;
  try {
    await call();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('refusals said as what they are (issue 35)', () => {
  it('says when to come back when Retry-After is longer than any wait, instead of asking again sooner', async () => {
    answer = { status: 429, headers: { 'Retry-After': '300' } };
    const rally = new RallyClient({
      server: origin,
      apiKey: 'rally-key-123456',
      workspace: 'W',
      project: 'P',
      ...quick,
    });
    const message = await failure(() => rally.findStoryByKey('checkout/web/on-call'));
    assert.match(message, /HTTP 429, Rally asks to wait 5 min; try again after \d\d:\d\d$/);
    assert.equal(requests, 1, 'not asked again before the time the server gave');
  });

  it('names the CAPTCHA Jira Data Center asks for after failed logins, with its login page', async () => {
    answer = {
      status: 403,
      headers: { 'X-Authentication-Denied-Reason': `CAPTCHA_CHALLENGE; login-url=${origin}/jira/login.jsp` },
    };
    assert.match(
      await failure(() => dataCenter('').search('read issues', 'project = SRE')),
      new RegExp(
        `HTTP 403, Jira asks for a CAPTCHA after failed logins: sign in once in the browser at ${origin}/jira/login\\.jsp, then try again$`,
      ),
    );
    answer.headers['X-Authentication-Denied-Reason'] = 'CAPTCHA_CHALLENGE; login-url=https://elsewhere.test/login';
    assert.match(
      await failure(() => dataCenter('').search('read issues', 'project = SRE')),
      new RegExp(`in the browser at ${origin}/jira/login\\.jsp,`),
      'a login page on another site is not passed on',
    );
  });

  it('says which scheme a Data Center 401 refused, and how to choose the other', async () => {
    answer = { status: 401, headers: {} };
    assert.match(
      await failure(() => dataCenter('').search('read issues', 'project = SRE')),
      /refused the personal access token \(sent as Bearer, since jira\.email \(JIRA_EMAIL\) is empty\)/,
    );
    assert.match(
      await failure(() => dataCenter('ana').search('read issues', 'project = SRE')),
      /refused the username and password \(sent as Basic auth, since jira\.email \(JIRA_EMAIL\) is set\): .*leave jira\.email empty/,
    );
  });
});
