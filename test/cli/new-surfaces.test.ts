/**
 * Defects found on the surfaces added last round, tried as an attacker and a demanding operator would (issue 36):
 * credentials in an address, the metrics exporter under hostile requests and SIGTERM, a roll-up push refused for
 * one folder.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';

import { PushgatewayDouble } from '../fakes/pushgateway-double';
import { RallyFake } from '../fakes/rally-fake';
import { cli } from '../helpers/cli';
import { CLI_ARGS } from '../helpers/cli-under-test';
import { assessAtLevel, setUpWorkspace } from '../helpers/workspace';

const rally = new RallyFake();
const gateway = new PushgatewayDouble();
before(async () => {
  await rally.start();
  await gateway.start();
});
after(async () => {
  await rally.stop();
  await gateway.stop();
});

async function redWorkspace() {
  const ws = await setUpWorkspace();
  assessAtLevel(ws, ['checkout/web/on-call'], 0);
  ws.store.close();
  return ws;
}

/** `metrics --serve` as a child process; resolves with the address it says it listens on. */
async function serving(dir: string): Promise<{ child: ChildProcess; port: number; said: string }> {
  const child = spawn(process.execPath, [...CLI_ARGS, 'metrics', '--serve', ':0', '--dir', dir], {
    env: { PATH: process.env.PATH ?? '' },
  });
  let said = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (said += d));
  const deadline = Date.now() + 10_000;
  while (!/serving http:\/\/\S+:(\d+)\/metrics/.test(said)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`--serve did not start: ${said}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port: Number(/:(\d+)\/metrics/.exec(said)?.[1]), said };
}

/** Sends raw bytes and returns what came back before the server closed or 2 s passed. */
function rawBytes(port: number, bytes: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const got: Buffer[] = [];
    socket.on('data', (d: Buffer) => got.push(d));
    socket.on('close', () => resolve(Buffer.concat(got)));
    socket.on('error', () => resolve(Buffer.concat(got)));
    setTimeout(() => socket.destroy(), 2000);
  });
}

const raw = async (port: number, bytes: string) => (await rawBytes(port, bytes)).toString();

describe('nothing leaked, nothing stopped by one request (issue 36)', () => {
  it('refuses a tracker or gateway address holding a password, naming where the credential goes, printing none of it', async () => {
    const ws = await redWorkspace();
    const password = 'hunter2-sekrit';
    const item = ['--dir', ws.dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call'];
    const rallyUrl = rally.url.replace('http://', `http://ana:${password}@`);
    const made = await cli(['create-work', ...item], {
      env: {
        RALLY_SERVER: rallyUrl,
        RALLY_API_KEY: rally.apiKey,
        RALLY_WORKSPACE: 'Engineering',
        RALLY_PROJECT: 'SRE',
        RALLY_PARENT_ID: 'F12',
      },
    });
    assert.equal(made.code, 2, made.stderr);
    assert.match(
      made.stderr,
      /Rally URL "http:\/\/\*\*\*@127\.0\.0\.1:\d+\/.*" holds a user name or password: .*the Rally API key goes in its own setting/,
    );
    const jira = await cli(['create-work', ...item], {
      env: {
        SRE_TRACKER: 'jira',
        JIRA_SITE: `https://ana:${password}@jira.example.com`,
        JIRA_EMAIL: 'a@example.com',
        JIRA_API_TOKEN: 'token-123456',
        JIRA_PROJECT: 'SRE',
      },
    });
    assert.equal(jira.code, 2, jira.stderr);
    assert.match(jira.stderr, /Jira URL .* holds a user name or password/);
    const pushed = await cli([
      'metrics',
      '--push',
      gateway.url.replace('http://', `http://pusher:${password}@`),
      '--dir',
      ws.dir,
    ]);
    assert.equal(pushed.code, 2);
    assert.match(pushed.stderr, /Pushgateway URL .* holds a user name or password: .*SRE_PUSHGATEWAY_TOKEN/);
    for (const r of [made, jira, pushed]) assert.ok(!`${r.stdout}${r.stderr}`.includes(password), r.stderr);
    assert.equal(rally.writes, 0);
    assert.doesNotMatch((await cli(['dump', '--dir', ws.dir])).stdout, new RegExp(password), 'no link was stored');
  });

  it('pushes every folder of a roll-up, lists the one refused, and exits 1', async () => {
    const [first, second] = [await redWorkspace(), await redWorkspace()];
    gateway.received.length = 0;
    gateway.refuse.add(path.basename(first.dir));
    try {
      const r = await cli(['rollup', first.dir, second.dir, '--push', gateway.url], { cwd: path.dirname(first.dir) });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /not pushed: .*HTTP 413/);
      assert.deepEqual(
        gateway.received.map((p) => p.workspace),
        [first.dir, second.dir].map((d) => path.basename(d)),
        'the folder after the refused one was pushed',
      );
    } finally {
      gateway.refuse.clear();
    }
  });

  it('survives a malformed request, answers HEAD and q=0, listens on loopback by default and says where', async () => {
    const ws = await redWorkspace();
    const { child, port, said } = await serving(ws.dir);
    try {
      assert.match(said, /serving http:\/\/127\.0\.0\.1:\d+\/metrics/);
      assert.match(await raw(port, 'GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 (400|404)/);
      const get = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { Accept: 'application/openmetrics-text;q=0, text/plain' },
      });
      assert.equal(get.status, 200, 'still serving after the malformed request');
      assert.match(get.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/, 'q=0 is "not acceptable"');
      const head = await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      const gzipped = await rawBytes(
        port,
        'GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n',
      );
      const split = gzipped.indexOf('\r\n\r\n');
      assert.match(gzipped.subarray(0, split).toString(), /\r\ncontent-encoding: gzip\r\n/i, 'gzip when asked');
      assert.match(zlib.gunzipSync(gzipped.subarray(split + 4)).toString(), /^sre_maturity_items\{/m);
      const plain = await rawBytes(
        port,
        'GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0\r\nConnection: close\r\n\r\n',
      );
      assert.doesNotMatch(plain.toString(), /content-encoding/i, 'gzip;q=0 is "not acceptable"');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops promptly on SIGTERM while a client holds a half-sent request', async () => {
    const ws = await redWorkspace();
    const { child, port } = await serving(ws.dir);
    const holder = net.connect(port, '127.0.0.1', () => holder.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'));
    holder.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    holder.destroy();
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
  });
});
