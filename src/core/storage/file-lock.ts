/** A lock file around read-modify-write, so the CLI and the extension (or two windows) never lose each other's changes. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SreError } from '../errors';
import { processAlive, tempFor } from './atomic-file';
import { describeFsError } from './fs-errors';

const WAIT_STEP_MS = 20;
const DEFAULT_TIMEOUT_MS = 15_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readHolder(lockFile: string): string | undefined {
  try {
    return fs.readFileSync(lockFile, 'utf8');
  } catch {
    return undefined; // released meanwhile
  }
}

/** When a process started, in clock ticks since boot (Linux); '' where it cannot be known. Tells a reused PID apart. */
function startOf(pid: number): string {
  try {
    // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

interface Holder {
  pid: number;
  host: string;
  start: string;
  token: string;
}

function parseHolder(text: string): Holder | undefined {
  const [pid, host, start, token] = text.trim().split(' ');
  return pid && host && start !== undefined && token
    ? { pid: Number(pid), host, start: start === '-' ? '' : start, token }
    : undefined;
}

/**
 * Whether the lock's holder is gone. A lock from another host cannot be checked and counts as held. A lock with
 * our own PID that we are asking for is not ours (the locks this process holds are in `held` and never asked for
 * again): it is a dead process's whose PID we reuse (as PID 1 in containers). A live PID whose start time differs
 * is a reused one too.
 */
function isStale(text: string): boolean {
  const h = parseHolder(text);
  if (!h || !Number.isInteger(h.pid) || h.pid <= 0) return true;
  if (h.host !== os.hostname()) return false;
  if (h.pid === process.pid) return true;
  if (!processAlive(h.pid)) return true;
  const start = h.start === '' ? '' : startOf(h.pid);
  return start !== '' && start !== h.start;
}

function describeHolder(text: string | undefined): string {
  const h = text ? parseHolder(text) : undefined;
  return h ? `process ${h.pid} on ${h.host}` : 'another process';
}

/**
 * Creates the lock with its content in one step: a file written aside and hard-linked into place (link fails
 * when the lock exists), so nobody ever sees an empty lock and mistakes it for an abandoned one.
 */
function tryCreate(lockFile: string, content: string): boolean {
  const aside = tempFor(lockFile);
  try {
    fs.writeFileSync(aside, content);
    fs.linkSync(aside, lockFile);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // Name the file the user knows, not our lock or its temp file.
    throw new SreError(describeFsError(e, 'change', lockFile.replace(/\.lock$/, '')), 'runtime', { cause: e });
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/**
 * Removes the lock files in `dir` whose holder died (a merge driver killed by git or the user leaves one beside its
 * `.merge_file_*`, which nobody would ever ask for again), as the store removes dead writers' temp files.
 */
export function removeStaleLocks(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.lock'));
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const holder = readHolder(file);
    if (
      !held.has(file) &&
      holder !== undefined &&
      parseHolder(holder) &&
      isStale(holder) &&
      readHolder(file) === holder
    )
      fs.rmSync(file, { force: true });
  }
}

/** Locks this process holds: `fn` runs synchronously, so a nested call for the same lock is the same holder. */
const held = new Set<string>();

/** What this process writes into a lock it takes: who holds it, and a token only this taking has. */
function holderContent(): string {
  return `${process.pid} ${os.hostname()} ${startOf(process.pid) || '-'} ${randomUUID()}`;
}

/**
 * One try at taking `lockFile`: true when taken; a stale lock (its holder died) is removed, and only if it is still
 * that same lock, not one a live process made since. Throws once `deadline` passed.
 */
function tryTake(lockFile: string, content: string, deadline: number, what: string): boolean {
  if (tryCreate(lockFile, content)) return true;
  const holder = readHolder(lockFile);
  if (holder !== undefined && isStale(holder) && readHolder(lockFile) === holder) {
    fs.rmSync(lockFile, { force: true });
    return tryCreate(lockFile, content);
  }
  if (Date.now() > deadline)
    throw new SreError(
      `${what} by ${describeHolder(holder)} (lock file ${lockFile}); wait for it to finish, or if no SRE tracker runs there, delete the lock file`,
    );
  return false;
}

function release(lockFile: string, content: string): void {
  if (readHolder(lockFile) === content) fs.rmSync(lockFile, { force: true });
}

/** Runs `fn` holding `lockFile` (re-entrant within this process); a lock left by a process that died is taken over. */
export function withFileLock<T>(lockFile: string, fn: () => T, timeoutMs = DEFAULT_TIMEOUT_MS): T {
  if (held.has(lockFile)) return fn();
  const deadline = Date.now() + timeoutMs;
  const content = holderContent();
  const what = `${path.basename(lockFile).replace(/\.lock$/, '')} is being changed`;
  while (!tryTake(lockFile, content, deadline, what)) sleepSync(WAIT_STEP_MS);
  held.add(lockFile);
  try {
    return fn();
  } finally {
    held.delete(lockFile);
    release(lockFile, content);
  }
}

/**
 * Runs the asynchronous `fn` holding `lockFile`, waiting without blocking: a claim across processes on work that
 * goes to the network (two create-work for one item must not both create). Not re-entrant.
 */
export async function withFileLockAsync<T>(
  lockFile: string,
  what: string,
  fn: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const content = holderContent();
  while (!tryTake(lockFile, content, deadline, what)) await new Promise((r) => setTimeout(r, CLAIM_STEP_MS));
  try {
    return await fn();
  } finally {
    release(lockFile, content);
  }
}

/** How often a waiting claim looks again: it waits on network work, so seldom. */
const CLAIM_STEP_MS = 100;
