/**
 * Behind a corporate network (issue 26): every client through a real forward proxy (proxy-chain, CONNECT for
 * https) to TLS servers whose certificate a CA made in the test signed, with and without NODE_EXTRA_CA_CERTS,
 * with NO_PROXY and with proxy credentials. The clients run in a child process, as the CLI would.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Server as ProxyServer } from 'proxy-chain';

import { tempDir } from '../../helpers/workspace';

const CLIENT = path.join(__dirname, 'fixtures', 'network-client.ts');

/** A CA and a server certificate for 127.0.0.1 it signed, made with openssl as a company's PKI would. */
function makeCertificates(dir: string): { ca: string; key: string; cert: string } {
  const f = (name: string) => path.join(dir, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=SRE Test Corp CA',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  fs.writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('san.ext'),
  );
  return {
    ca: f('ca.pem'),
    key: fs.readFileSync(f('server.key'), 'utf8'),
    cert: fs.readFileSync(f('server.pem'), 'utf8'),
  };
}

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
let origin = '';
const served: string[] = [];
const tunnels: string[] = [];
let proxy: ProxyServer;
let proxyPort = 0;

before(async () => {
  certs = makeCertificates(dir);
  server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    served.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(answer(new URL(req.url ?? '/', origin), origin)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: ({ hostname, port, username, password }) => {
      tunnels.push(`${hostname}:${port}`);
      // A proxy that wants credentials, as corporate ones do, when the test gives it some to check.
      return { requestAuthentication: username !== '' && !(username === 'ana' && password === 'proxy-pass') };
    },
  });
  await proxy.listen();
  proxyPort = proxy.port;
});
after(async () => {
  await proxy.close(true);
  await new Promise((r) => server.close(r));
});

/** The clients in a child process; asynchronously, since the servers they reach live in this one. */
async function run(env: Record<string, string>): Promise<Record<string, string>> {
  served.length = 0;
  tunnels.length = 0;
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, origin], {
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

describe('behind a corporate proxy with a company CA (issue 26)', () => {
  it('goes through HTTPS_PROXY with CONNECT and trusts the CA in NODE_EXTRA_CA_CERTS', async () => {
    const results = await run({ HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NODE_EXTRA_CA_CERTS: certs.ca });
    assert.deepEqual(results, { Rally: 'ok', Jira: 'ok', Confluence: 'ok' });
    assert.ok(tunnels.length >= 3 && tunnels.every((t) => t === origin.replace('https://', '')), tunnels.join(' '));
  });

  it('reports an untrusted certificate at once, naming its issuer and what to set, without retrying', async () => {
    const results = await run({ https_proxy: `http://127.0.0.1:${proxyPort}` });
    for (const [service, message] of Object.entries(results)) {
      assert.match(
        message,
        new RegExp(
          `^${service}: .* failed: the certificate of 127\\.0\\.0\\.1:\\d+ is not trusted \\(issued by SRE Test Corp CA\\) .*set NODE_EXTRA_CA_CERTS to your company's CA file, or in VS Code check http\\.systemCertificates`,
        ),
      );
    }
    assert.deepEqual(
      served.filter((s) => !s.startsWith('HEAD')),
      [],
      'no request reached the server',
    );
    assert.ok(
      tunnels.length <= 6,
      `one attempt and one look at the certificate per client, not retries: ${tunnels.length}`,
    );
  });

  it('goes direct for a host NO_PROXY names', async () => {
    const results = await run({
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
      NO_PROXY: 'example.com,127.0.0.1',
      NODE_EXTRA_CA_CERTS: certs.ca,
    });
    assert.deepEqual(results, { Rally: 'ok', Jira: 'ok', Confluence: 'ok' });
    assert.deepEqual(tunnels, []);
    assert.ok(served.length >= 3);
  });

  it('sends proxy credentials from the proxy URL, and never prints them', async () => {
    const ok = await run({
      HTTPS_PROXY: `http://ana:proxy-pass@127.0.0.1:${proxyPort}`,
      NODE_EXTRA_CA_CERTS: certs.ca,
    });
    assert.deepEqual(ok, { Rally: 'ok', Jira: 'ok', Confluence: 'ok' });
    const refused = await run({
      HTTPS_PROXY: `http://ana:wrong-pass@127.0.0.1:${proxyPort}`,
      NODE_EXTRA_CA_CERTS: certs.ca,
    });
    for (const message of Object.values(refused)) {
      assert.notEqual(message, 'ok');
      assert.ok(!message.includes('wrong-pass'), message);
    }
  });
});
