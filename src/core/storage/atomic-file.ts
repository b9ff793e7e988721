/**
 * Writes that never leave a half-written file: temp file in the same folder, fsync, rename over. The new file
 * keeps the old one's mode (and group, where allowed); a file without write permission is refused, not replaced.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { inputError, SreError } from '../errors';
import { describeFsError } from './fs-errors';

/** `.<name>.<pid>.<random>.tmp`: the temp files a writer leaves only when it dies mid-write. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export function tempFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
}

function existing(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What a file is written from: its whole text or bytes, or its text in pieces written as they are made. */
export type FileData = string | Uint8Array | Iterable<string>;

export function writeFileAtomic(file: string, data: FileData): void {
  const old = existing(file);
  if (old?.isDirectory()) throw inputError(`cannot write ${file}: it is a folder, not a file`);
  // Root may write anything; a file nobody may write was made read-only on purpose.
  if (old && ((old.mode & 0o222) === 0 || !writable(file))) {
    throw inputError(
      `cannot write ${file}: it is read-only for you (mode ${(old.mode & 0o777).toString(8)}); make it writable first if it should change`,
    );
  }
  const tmp = tempFor(file);
  try {
    const fd = fs.openSync(tmp, 'w', old ? old.mode & 0o7777 : 0o666);
    try {
      if (old) {
        fs.fchmodSync(fd, old.mode & 0o7777); // the umask applied at open may have cut it
        try {
          fs.fchownSync(fd, old.uid, old.gid);
        } catch {
          // Only root may give a file away; the group stays ours then, as with any new file.
        }
      }
      if (typeof data === 'string' || data instanceof Uint8Array) fs.writeFileSync(fd, data);
      else writePieces(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof SreError) throw e;
    throw new SreError(describeFsError(e, 'write', file), 'runtime', { cause: e });
  }
  syncFolder(path.dirname(file));
}

/** Removes the temp files that writers which have since died left in `dir` (a kill -9 mid-write). */
export function removeDeadWritersTemps(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && !processAlive(Number(m[1]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Makes the rename itself durable; some platforms cannot open a folder, and there it is already durable enough. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is atomic there regardless.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Enough text per write that a file of short lines costs few system calls. */
const PIECES_PER_WRITE = 64 * 1024;

function writePieces(fd: number, pieces: Iterable<string>): void {
  let pending: string[] = [];
  let length = 0;
  const flush = () => {
    // A write may take fewer bytes than given: what is left goes in the next.
    const bytes = Buffer.from(pending.join(''));
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
    pending = [];
    length = 0;
  };
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= PIECES_PER_WRITE) flush();
  }
  flush();
}
