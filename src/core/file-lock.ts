/** A lock file around read-modify-write, so the CLI and the extension (or two windows) never lose each other's changes. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { SreError } from './errors';

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

function isDead(holder: string): boolean {
  const pid = Number(holder.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Creates the lock with its content in one step: a file written aside and hard-linked into place (link fails
 * when the lock exists), so nobody ever sees an empty lock and mistakes it for an abandoned one.
 */
function tryCreate(lockFile: string, content: string): boolean {
  const aside = `${lockFile}.${process.pid}.${randomUUID().slice(0, 8)}`;
  fs.writeFileSync(aside, content);
  try {
    fs.linkSync(aside, lockFile);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Runs `fn` holding `lockFile`; a lock left by a process that died is taken over. */
export function withFileLock<T>(lockFile: string, fn: () => T, timeoutMs = DEFAULT_TIMEOUT_MS): T {
  const deadline = Date.now() + timeoutMs;
  const content = `${process.pid} ${new Date().toISOString()} ${randomUUID()}`;
  while (!tryCreate(lockFile, content)) {
    const holder = readHolder(lockFile);
    // Remove a dead holder's lock only if it is still that same lock, not one a live process made since.
    if (holder !== undefined && isDead(holder) && readHolder(lockFile) === holder) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new SreError(`${lockFile} is held by another process (${holder?.split(' ')[0] ?? 'unknown'}); close the other SRE tracker writer, or delete the lock file if none runs`);
    }
    sleepSync(WAIT_STEP_MS);
  }
  try {
    return fn();
  } finally {
    if (readHolder(lockFile) === content) fs.rmSync(lockFile, { force: true });
  }
}
