/** Owns sre_data.db: opens it (migrating, refusing newer or corrupt files), reads, and writes in locked transactions. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';

import { wellFormed } from '../domain/control-characters';
import { errorText, SreError } from '../errors';
import { removeDeadWritersTemps, writeFileAtomic } from './atomic-file';
import { removeStaleLocks, withFileLock, withFileLockAsync } from './file-lock';
import { describeFsError } from './fs-errors';
import { APPLICATION_ID, MIGRATIONS, registerMigrationFunctions, SCHEMA_VERSION } from './migrations';

export const DB_FILE = 'sre_data.db';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `bytes` start like an SQLite database file. */
export function hasSqliteHeader(bytes: Uint8Array): boolean {
  return bytes.length >= SQLITE_HEADER.length && SQLITE_HEADER.equals(bytes.subarray(0, SQLITE_HEADER.length));
}

let engine: Promise<SqlJsStatic> | undefined;

/** The WASM file sits next to the bundle in a build, in node_modules when run from sources. */
function locateWasm(file: string): string {
  const bundled = path.join(__dirname, file);
  return fs.existsSync(bundled) ? bundled : require.resolve(`sql.js/dist/${file}`);
}

function sqlEngine(): Promise<SqlJsStatic> {
  engine ??= initSqlJs({ locateFile: locateWasm });
  return engine;
}

interface DiskStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

function stampOf(file: string): DiskStamp | undefined {
  try {
    const s = fs.statSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

function sameStamp(a: DiskStamp | undefined, b: DiskStamp | undefined): boolean {
  return !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export type Row = Record<string, SqlValue>;

/** A thin typed face over the database for queries inside `read` and `write`. */
export class Db {
  constructor(readonly raw: Database) {}

  all<T = Row>(sql: string, params: SqlValue[] = []): T[] {
    // exec() hands back all rows in one call: several times faster than stepping a statement row by row.
    const result = this.raw.exec(sql, utf8(params))[0];
    if (!result) return [];
    const { columns, values } = result;
    return values.map((v) => {
      const row: Row = {};
      columns.forEach((c, i) => (row[c] = v[i] ?? null));
      return row as T;
    });
  }

  get<T = Row>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  run(sql: string, params: SqlValue[] = []): void {
    this.raw.run(sql, utf8(params));
  }
}

/** Text parameters as valid UTF-8: SQLite stores a lone surrogate as bytes no UTF-8 reader (Python's sqlite3) takes. */
function utf8(params: SqlValue[]): SqlValue[] {
  return params.map((p) => (typeof p === 'string' ? wellFormed(p) : p));
}

export class Store {
  private pinned = false;
  /** Whether the database in memory was checked whole since it was read from disk. */
  private intact = false;
  /**
   * The bytes last read from or written to disk: what "unchanged" means for a writer. Compared whole, which costs
   * a millisecond where hashing 6 MiB twice per write cost thirty.
   */
  private bytes: Buffer | undefined;

  private constructor(
    readonly file: string,
    private db: Database,
    private stamp: DiskStamp | undefined,
    private readonly sql: SqlJsStatic,
  ) {}

  /** Opens `file`; with `create`, a missing file is made with the current schema. */
  static async open(file: string, options: { create?: boolean } = {}): Promise<Store> {
    const sql = await sqlEngine();
    if (!fs.existsSync(file)) {
      if (!options.create) {
        throw new SreError(
          `${file} does not exist: run "sre-tracker setup" (or "SRE: Set Up Workspace") first`,
          'input',
        );
      }
      // Nothing is on disk until the first write, so a setup that fails its checks leaves no database behind.
      return new Store(file, new sql.Database(), undefined, sql);
    }
    removeDeadWritersTemps(path.dirname(file));
    removeStaleLocks(path.dirname(file));
    const stamp = stampOf(file);
    const bytes = readDatabaseFile(file);
    const store = new Store(file, loadDatabase(sql, file, bytes), stamp, sql);
    store.bytes = bytes;
    return store;
  }

  /** Runs `fn` on the newest committed state on disk. */
  read<T>(fn: (db: Db) => T): T {
    this.reloadIfChanged();
    return this.sayingDamage(() => fn(new Db(this.db)));
  }

  /** Runs `fn`, a read reaching a damaged page said as the file being damaged, not as SQLite's words. */
  private sayingDamage<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw DAMAGE.test(errorText(e)) ? damaged(this.file, e) : e;
    }
  }

  /** Runs `fn` holding the data folder's lock: every read-modify-write of a file the tool owns goes through here. */
  locked<T>(fn: () => T): T {
    return withFileLock(`${this.file}.lock`, fn);
  }

  /**
   * Runs `fn` holding a claim on `name` (e.g. one item's work) across processes, for work that waits on the network
   * between reading and writing; the database's own lock is taken only by the writes inside it.
   */
  claim<T>(name: string, what: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
    return withFileLockAsync(`${this.file}.${name.replace(/[^A-Za-z0-9-]+/g, '_')}.lock`, what, fn, timeoutMs);
  }

  /** Runs `fn` in one transaction under the lock, on the newest state, and commits it to disk atomically. */
  write<T>(fn: (db: Db) => T): T {
    return this.locked(() => {
      this.reloadIfChanged(true);
      this.checkIntact();
      this.migrate();
      this.db.run('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = fn(new Db(this.db));
        this.db.run('COMMIT');
      } catch (e) {
        this.db.run('ROLLBACK');
        throw e;
      }
      const bytes = this.db.export();
      this.db.run('PRAGMA foreign_keys = ON'); // export() resets connection settings
      try {
        writeFileAtomic(this.file, bytes);
      } catch (e) {
        this.stamp = undefined; // memory is ahead of disk: reload on next use
        this.bytes = undefined;
        throw e;
      }
      this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.stamp = stampOf(this.file);
      // What is on disk now is what this store made: only a file read from disk again needs checking.
      this.intact = true;
      return result;
    });
  }

  /** Runs `fn` in a transaction that is always rolled back: what a write would do, without writing (dry runs). */
  preview<T>(fn: (db: Db) => T): T {
    this.reloadIfChanged();
    this.db.run('BEGIN');
    this.pinned = true;
    try {
      return this.sayingDamage(() => fn(new Db(this.db)));
    } finally {
      this.pinned = false;
      this.db.run('ROLLBACK');
    }
  }

  /** True when the file changed on disk since this store last read or wrote it. */
  changedOnDisk(): boolean {
    return !sameStamp(this.stamp, stampOf(this.file));
  }

  close(): void {
    this.db.close();
  }

  /**
   * Reloads when another process replaced the file. Reads trust the file's inode, size and mtime; a write
   * (`strict`) compares contents, because a reused inode with the same size within the clock's granularity
   * would otherwise hide another writer's change and lose it.
   */
  private reloadIfChanged(strict = false): void {
    if (this.pinned) return; // inside a preview the open transaction is the state to read
    const stamp = stampOf(this.file);
    if (!stamp) {
      if (!this.stamp && !this.bytes) return; // being created
      throw new SreError(`${this.file} was removed while in use: run setup to create it again`, 'input');
    }
    if (!strict && sameStamp(this.stamp, stamp)) return;
    const bytes = fs.readFileSync(this.file);
    if (!this.bytes || !bytes.equals(this.bytes)) {
      const fresh = loadDatabase(this.sql, this.file, bytes);
      this.db.close();
      this.db = fresh;
      this.bytes = bytes;
      this.intact = false;
    }
    this.stamp = stamp;
  }

  /** Before the first write of what was read from disk: a damaged file is refused, never written over. */
  private checkIntact(): void {
    if (this.intact || !this.stamp) return; // being created: nothing on disk to check
    let check: unknown;
    try {
      check = this.db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
    } catch (e) {
      throw damaged(this.file, e);
    }
    if (check !== 'ok') throw damaged(this.file, new Error(String(check)));
    this.intact = true;
  }

  private migrate(): void {
    migrate(this.db);
  }
}

/**
 * Brings a database to the current schema in memory; it reaches the disk with the next write only, so reading
 * an older file (status, export, a dry run) never changes it.
 */
function migrate(db: Database): void {
  const version = () => Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  if (version() < SCHEMA_VERSION) registerMigrationFunctions(db);
  for (let v = version(); v < SCHEMA_VERSION; v++) {
    db.run('BEGIN');
    try {
      db.exec(MIGRATIONS[v] ?? '');
      db.run(`PRAGMA user_version = ${v + 1}`);
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
  }
  db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
}

const RECOVER =
  'it was left untouched; restore it from version control or a backup, or move it away and run setup to rebuild it';

function damaged(file: string, cause: unknown): SreError {
  return new SreError(`${file} is damaged (${errorText(cause)}): ${RECOVER}`, 'input', { cause });
}

/** What SQLite says when a read reaches a damaged page. */
const DAMAGE = /malformed|corrupt|not a database/i;

function readDatabaseFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new SreError(describeFsError(e, 'read', file), 'input', { cause: e });
  }
}

/** Tables every database of ours has had since schema 1: how one made before we set application_id is recognised. */
const OUR_TABLES = ['flows', 'assets', 'capabilities', 'items', 'history'];

/** Loads and checks a file; anything empty, not SQLite, not ours, damaged or newer than us is refused and left as it is. */
function loadDatabase(sql: SqlJsStatic, file: string, bytes: Uint8Array): Database {
  if (bytes.length === 0)
    throw new SreError(`${file} is empty (0 bytes), so it holds no SRE data: ${RECOVER}`, 'input');
  if (!hasSqliteHeader(bytes)) {
    throw new SreError(`${file} is not an SQLite database: ${RECOVER}`, 'input');
  }
  // No integrity check here: it reads every page, the largest part of opening a big file, and a command that only
  // reads cannot act on damage it never reaches. Reads that reach it say so (Store.read), and the first write checks
  // the whole file first (Store.write), so damage is never written over.
  let db: Database;
  try {
    db = new sql.Database(bytes);
  } catch (e) {
    throw damaged(file, e);
  }
  const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new SreError(
      `${file} was written by a newer SRE Maturity Tracker (schema ${version}, this version knows up to ${SCHEMA_VERSION}): update the extension or CLI; the file was left untouched`,
      'input',
    );
  }
  const appId = Number(db.exec('PRAGMA application_id')[0]?.values[0]?.[0] ?? 0);
  let tables: Set<string>;
  try {
    tables = new Set(
      db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.map((r) => String(r[0])) ?? [],
    );
  } catch (e) {
    db.close();
    throw damaged(file, e);
  }
  const ours = appId === APPLICATION_ID || (appId === 0 && version >= 1 && OUR_TABLES.every((t) => tables.has(t)));
  if (!ours) {
    db.close();
    const found = appId !== 0 ? `application id ${appId}` : `tables ${[...tables].slice(0, 5).join(', ') || 'none'}`;
    throw new SreError(
      `${file} is an SQLite database of another application (${found}), not SRE Maturity Tracker data: ${RECOVER}`,
      'input',
    );
  }
  migrate(db);
  db.run('PRAGMA foreign_keys = ON');
  return db;
}
