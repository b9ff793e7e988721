/**
 * The real engines from Debian's packages (promtool, Prometheus, the Pushgateway): whether they are here, and their
 * processes, started on free loopback ports and stopped after the test file.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import { after } from 'node:test';

const ENGINES = ['promtool', 'prometheus', 'prometheus-pushgateway'];
const missing = ENGINES.filter((e) => spawnSync('sh', ['-c', `command -v ${e}`]).status !== 0);
/** In CI the engines must be there; on a developer's machine a missing one skips, saying what to install. */
export const engineSkip =
  missing.length > 0 && !process.env.CI
    ? `not installed: ${missing.join(', ')} (apt-get install prometheus prometheus-pushgateway; .ci/run does)`
    : false;

const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGTERM')));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function start(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code && code !== 143) console.error(`${command} exited ${code}:\n${log}`);
  });
  children.push(child);
  return child;
}

/** Waits until `fn` resolves true, polling, or fails naming `what`. */
export async function eventually(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function get(url: string): Promise<string> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}
