/** A lock file around read-modify-write, so the CLI and the extension (or two windows) never lose each other's changes. */
import * as fs from 'node:fs';
import { SreError } from './errors';

const WAIT_STEP_MS = 20;
const DEFAULT_TIMEOUT_MS = 15_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function holderIsGone(lockFile: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lockFile, 'utf8').split(' ')[0]);
  } catch {
    return false; // released between our attempts: just try again
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Runs `fn` holding `lockFile`; a lock left by a process that died is taken over. */
export function withFileLock<T>(lockFile: string, fn: () => T, timeoutMs = DEFAULT_TIMEOUT_MS): T {
  const deadline = Date.now() + timeoutMs;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = fs.openSync(lockFile, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (holderIsGone(lockFile)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new SreError(`${lockFile} is held by another process; close the other SRE tracker writer or delete the lock file if none runs`);
      }
      sleepSync(WAIT_STEP_MS);
    }
  }
  try {
    fs.writeSync(fd, `${process.pid} ${new Date().toISOString()}`);
    fs.closeSync(fd);
    return fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
