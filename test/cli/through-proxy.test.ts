/**
 * The CLI users run (the bundle: test/helpers/cli-under-test.ts) behind a corporate proxy that re-signs TLS with a
 * company CA, as issue 35 found it broken: sync, create-work, metrics --push to Debian's Pushgateway and the MCP
 * server's create_work, each through test/fakes/forward-proxy.ts to the fakes, which only the proxy can reach.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { ForwardProxy } from '../fakes/forward-proxy';
import { RallyFake } from '../fakes/rally-fake';
import { cli } from '../helpers/cli';
import { CLI_ARGS } from '../helpers/cli-under-test';
import { makeCertificates } from '../helpers/company-ca';
import { engineSkip, eventually, freePort, get, start } from '../helpers/engines';
import { assessAtLevel, setUpWorkspace, tempDir } from '../helpers/workspace';

const rally = new RallyFake();
const proxy = new ForwardProxy();
const certs = makeCertificates(tempDir());
let env: Record<string, string>;

before(async () => {
  await rally.start();
  await proxy.start();
  rally.publicOrigin = 'https://rally.corp.test';
  proxy.route('rally.corp.test', { port: rally.port, tls: certs });
  env = {
    HTTPS_PROXY: proxy.url,
    NODE_EXTRA_CA_CERTS: certs.ca,
    RALLY_SERVER: rally.url,
    RALLY_API_KEY: rally.apiKey,
    RALLY_WORKSPACE: 'Engineering',
    RALLY_PROJECT: 'SRE',
    RALLY_PARENT_ID: 'F12',
  };
});
after(async () => {
  await proxy.stop();
  await rally.stop();
});

const through = (host: string) => proxy.log.filter((l) => l.method === 'CONNECT' && l.target === `${host}:443`);

async function redWorkspace() {
  const ws = await setUpWorkspace();
  assessAtLevel(ws, ['checkout/web/on-call', 'checkout/payments-api/on-call'], 0);
  ws.store.close();
  return ws;
}

describe('the bundled CLI behind a proxy with a company CA (issue 35)', () => {
  it('syncs and creates a story through HTTPS_PROXY', async () => {
    const ws = await redWorkspace();
    const item = ['--dir', ws.dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call'];
    const made = await cli(['create-work', ...item], { env });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^Created Rally story US\d+ for checkout\/web\/on-call/);
    const synced = await cli(['sync', '--dir', ws.dir, '--no-confluence'], { env });
    assert.equal(synced.code, 0, synced.stderr);
    assert.ok(through('rally.corp.test').length >= 2, JSON.stringify(proxy.log));
    assert.ok(
      rally.stories.some((s) => s.Name.includes('checkout/web/on-call')),
      'the story reached Rally through the proxy',
    );
  });

  it("creates a story from the MCP server's create_work, as an assistant would", async () => {
    const ws = await redWorkspace();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...CLI_ARGS, 'mcp', '--dir', ws.dir, '--allow-writes'],
      env: { ...getDefaultEnvironment(), SRE_USER: 'ana', ...env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'proxy-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const answer = (await client.callTool({
        name: 'create_work',
        arguments: { flow: 'Checkout', asset: 'payments-api', capability: 'On-call' },
      })) as { isError?: boolean; structuredContent?: { created: boolean } };
      assert.equal(answer.isError, undefined, JSON.stringify(answer));
      assert.equal(answer.structuredContent?.created, true);
      assert.ok(rally.stories.some((s) => s.Name.includes('checkout/payments-api/on-call')));
    } finally {
      await client.close();
    }
  });

  it("pushes metrics to Debian's Pushgateway through the proxy", { skip: engineSkip }, async () => {
    const port = await freePort();
    start('prometheus-pushgateway', [
      `--web.listen-address=127.0.0.1:${port}`,
      `--persistence.file=${path.join(tempDir(), 'pg.data')}`,
    ]);
    await eventually('the Pushgateway', () => get(`http://127.0.0.1:${port}/-/ready`).then(() => true), 20_000);
    proxy.route('pushgateway.corp.test', { port, tls: certs });
    const ws = await redWorkspace();
    const pushed = await cli(
      ['metrics', '--push', 'https://pushgateway.corp.test', '--workspace', 'proxied', '--dir', ws.dir],
      { env: { ...env, SRE_PUSHGATEWAY_TOKEN: 'gateway-token-123456' } },
    );
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal(through('pushgateway.corp.test').length, 2, "the gateway's groups read, then the push");
    assert.match(await get(`http://127.0.0.1:${port}/metrics`), /job="sre_maturity",[^}]*workspace="proxied"/);
  });
});
