import assert from 'node:assert/strict';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { CancelledError } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/integrations/http';

/** A server that answers 503 `failures` times, then 200; or never answers when `silent`. */
let failures = 0;
let silent = false;
const server = http.createServer((_req, res) => {
  if (silent) return; // keeps the socket open, answering nothing
  if (failures-- > 0) return void res.writeHead(503).end();
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
});
let origin = '';
before(
  () =>
    new Promise<void>((r) =>
      server.listen(
        0,
        '127.0.0.1',
        () => ((origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`), r()),
      ),
    ),
);
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const said: string[] = [];
  let sent = 0;
  const c = new HttpClient({
    service: 'Rally',
    baseUrl,
    headers: {},
    secrets: [],
    credential: 'Rally API key',
    retries: 2,
    sleep: async () => undefined,
    onRetry: (m) => said.push(m),
    onRequest: () => sent++,
    ...extra,
  });
  return { c, said, sent: () => sent };
}

describe('a server that does not answer, said while it happens (issue 28.6)', () => {
  it('says each repeat as it happens: which service, why, and which try of how many', async () => {
    failures = 2;
    const { c, said } = client(origin);
    await c.request('read the stories', 'GET', '/x');
    assert.deepEqual(said, [
      'Rally is not answering (HTTP 503): try 2 of 3…',
      'Rally is not answering (HTTP 503): try 3 of 3…',
    ]);
  });

  it('fails at once on a refused connection, without repeating it', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { c, said, sent } = client(`http://127.0.0.1:${port}`);
    await assert.rejects(c.request('read the stories', 'GET', '/x'), /the connection was refused \(ECONNREFUSED\)/);
    assert.equal(sent(), 1, 'asked once');
    assert.deepEqual(said, []);
  });

  it('gives up at one overall deadline, naming the tries and the time; reports Cancel as a cancellation', async () => {
    silent = true;
    try {
      // Each try may take 0.1 s, the request 1 s in all: after two tries, the next wait (about 1 s) would pass it.
      const { c, said } = client(origin, { timeoutMs: 100, overallMs: 1000 });
      const started = Date.now();
      await assert.rejects(
        c.request('read the stories', 'GET', '/x'),
        /no complete answer within 0\.1 s; .* \(2 tries, 0\.\d s in all\)$/,
      );
      assert.ok(Date.now() - started < 1000, 'reported by the overall deadline');
      assert.equal(said.length, 1);
      assert.match(said[0] ?? '', /^Rally is not answering \(no complete answer within 0\.1 s; .*\): try 2 of 3…$/);
      const controller = new AbortController();
      const cancelling = client(origin, { timeoutMs: 5000, signal: controller.signal }).c.request('read', 'GET', '/x');
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(cancelling, (e: unknown) => e instanceof CancelledError && /was cancelled/.test(e.message));
    } finally {
      silent = false;
    }
  });
});
