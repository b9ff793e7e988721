/**
 * Behind a corporate network (issues 26, 35, 36): every client through a forward proxy (test/fakes/forward-proxy.ts,
 * CONNECT for https) to a TLS server whose certificate a company CA made in the test signed, with and without
 * NODE_EXTRA_CA_CERTS, with NO_PROXY, with proxy credentials, and with the proxy's own refusals. The server's name
 * (`api.corp.test`) resolves only at the proxy, as internal names do. The clients run in a child process, as the
 * CLI would.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ForwardProxy } from '../../fakes/forward-proxy';
import { makeCertificates } from '../../helpers/company-ca';
import { tempDir } from '../../helpers/workspace';

const CLIENT = path.join(__dirname, 'fixtures', 'network-client.ts');

/** Answers each client's one read with the shape its real API gives (see the fakes beside this test). */
function answer(url: URL, origin: string): unknown {
  if (url.pathname.endsWith('/subscription'))
    return { Subscription: { Workspaces: { _ref: `${origin}/slm/webservice/v2.0/Subscription/7/Workspaces` } } };
  const query = (results: unknown[]) => ({
    QueryResult: {
      Errors: [],
      Warnings: [],
      TotalResultCount: results.length,
      StartIndex: 1,
      PageSize: 2000,
      Results: results,
    },
  });
  if (url.pathname.endsWith('/Workspaces')) return query([{ ObjectID: 1, Name: 'W' }]);
  if (url.pathname.endsWith('/hierarchicalrequirement')) return query([]);
  if (url.pathname.endsWith('/search/jql')) return { issues: [], isLast: true };
  return { id: '42', title: 'Page', version: { number: 1 }, body: { storage: { value: '<p/>' } } };
}

const dir = tempDir();
let certs: ReturnType<typeof makeCertificates>;
let server: https.Server;
let port = 0;
const served: string[] = [];
const proxy = new ForwardProxy();
const origin = () => `https://api.corp.test:${port}`;
const tunnels = () => proxy.log.map((l) => `${l.method} ${l.target}`);

before(async () => {
  certs = makeCertificates(dir);
  server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    served.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const here = `https://${req.headers.host}`;
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(answer(new URL(req.url ?? '/', here), here)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  proxy.route('api.corp.test', { port });
  await proxy.start();
});
after(async () => {
  await proxy.stop();
  await new Promise((r) => server.close(r));
});

/** The clients in a child process; asynchronously, since the servers they reach live in this one. */
async function run(env: Record<string, string>, target = origin()): Promise<Record<string, string>> {
  served.length = 0;
  proxy.log.length = 0;
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, target], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, err);
  return JSON.parse(out) as Record<string, string>;
}

const ALL_OK = { Rally: 'ok', Jira: 'ok', Confluence: 'ok' };

describe('behind a corporate proxy with a company CA (issues 26, 35, 36)', () => {
  it('goes through HTTPS_PROXY with CONNECT and trusts the CA in NODE_EXTRA_CA_CERTS', async () => {
    const results = await run({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certs.ca });
    assert.deepEqual(results, ALL_OK);
    assert.ok(tunnels().length >= 3, tunnels().join(' '));
    assert.ok(
      tunnels().every((t) => t === `CONNECT api.corp.test:${port}`),
      tunnels().join(' '),
    );
  });

  it('reports an untrusted certificate at once, naming its issuer and what to set, without retrying', async () => {
    const results = await run({ https_proxy: proxy.url });
    for (const [service, message] of Object.entries(results)) {
      assert.match(
        message,
        new RegExp(
          `^${service}: .* failed: the certificate of api\\.corp\\.test:\\d+ is not trusted \\(issued by SRE Test Corp CA\\) .*set NODE_EXTRA_CA_CERTS to your company's CA file \\(or, on Node 22\\.15 and later, NODE_USE_SYSTEM_CA=1`,
        ),
      );
    }
    assert.deepEqual(
      served.filter((s) => !s.startsWith('HEAD')),
      [],
      'no request reached the server',
    );
    assert.ok(tunnels().length <= 6, `one attempt and one look at the certificate per client: ${tunnels().length}`);
  });

  it('says when NODE_EXTRA_CA_CERTS names a file with no certificate in it, which Node ignores silently (issue 36.17)', async () => {
    const empty = path.join(dir, 'empty.pem');
    fs.writeFileSync(empty, '# the CA goes here\n');
    for (const message of Object.values(await run({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: empty })))
      assert.match(
        message,
        new RegExp(
          `NODE_EXTRA_CA_CERTS names ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which holds no certificate`,
        ),
      );
    const missing = path.join(dir, 'missing.pem');
    for (const message of Object.values(await run({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: missing })))
      assert.match(message, /which cannot be read \(ENOENT\)/);
  });

  it('goes direct for a domain NO_PROXY names, as curl does (corp.test covers api.corp.test)', async () => {
    const results = await run({
      HTTPS_PROXY: proxy.url,
      NO_PROXY: 'example.com, corp.test',
      NODE_EXTRA_CA_CERTS: certs.ca,
    });
    // Direct, the internal name does not resolve: that it was tried is what shows the proxy was skipped.
    for (const message of Object.values(results)) assert.match(message, /does not resolve \(ENOTFOUND\)/);
    assert.deepEqual(tunnels(), []);
  });

  it('never sends a loopback target through the proxy, whatever NO_PROXY says', async () => {
    const results = await run(
      { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '', NODE_EXTRA_CA_CERTS: certs.ca },
      `https://127.0.0.1:${port}`,
    );
    assert.deepEqual(results, ALL_OK);
    assert.deepEqual(tunnels(), []);
    assert.ok(served.length >= 3);
  });

  it('sends proxy credentials from the proxy URL; a refusal is the proxy asking, and never prints them', async () => {
    proxy.credentials = 'ana:proxy-pass';
    try {
      assert.deepEqual(
        await run({
          HTTPS_PROXY: `http://ana:proxy-pass@127.0.0.1:${new URL(proxy.url).port}`,
          NODE_EXTRA_CA_CERTS: certs.ca,
        }),
        ALL_OK,
      );
      const refused = await run({
        HTTPS_PROXY: `http://ana:wrong-pass@127.0.0.1:${new URL(proxy.url).port}`,
        NODE_EXTRA_CA_CERTS: certs.ca,
      });
      const echoed = Buffer.from('ana:wrong-pass').toString('base64');
      for (const message of Object.values(refused)) {
        assert.match(
          message,
          /the proxy http:\/\/127\.0\.0\.1:\d+ asks for credentials \(HTTP 407 from the proxy\): put them in HTTPS_PROXY as USER:PASSWORD@ before the proxy's host$/,
        );
        assert.ok(!message.includes('wrong-pass') && !message.includes(echoed), message);
      }
      assert.equal(proxy.log.length, 3, 'a refusal is not retried');
      proxy.schemes = ['NTLM', 'Negotiate'];
      for (const message of Object.values(await run({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certs.ca })))
        assert.match(message, /it asks for NTLM\/Kerberos, which the CLI does not support \(VS Code handles it/);
    } finally {
      proxy.credentials = undefined;
      proxy.schemes = ['Basic realm="corp"'];
    }
  });

  it('says the proxy could not reach the server when the proxy answers CONNECT with 502', async () => {
    proxy.failWith = 502;
    try {
      for (const message of Object.values(await run({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certs.ca })))
        assert.match(
          message,
          /the proxy http:\/\/127\.0\.0\.1:\d+ could not reach the server \(HTTP 502 from the proxy\): check the server address \(https:\/\/api\.corp\.test/,
        );
    } finally {
      proxy.failWith = undefined;
    }
  });

  it('names the proxy and HTTPS_PROXY when the proxy itself cannot be reached', async () => {
    for (const message of Object.values(
      await run({ HTTPS_PROXY: 'http://127.0.0.1:9', NODE_EXTRA_CA_CERTS: certs.ca }),
    ))
      assert.match(
        message,
        /the proxy http:\/\/127\.0\.0\.1:9 could not be reached \(ECONNREFUSED\): check HTTPS_PROXY/,
      );
  });
});
