import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { MAX_SLUG_LENGTH, slug } from '../../../src/core/domain/keys';
import { describeError, SreError, stackOf } from '../../../src/core/errors';
import { ITEM_KEY_SQL, itemByKey } from '../../../src/core/storage/catalog';
import { withFileLock } from '../../../src/core/storage/file-lock';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/core/storage/migrations';
import { Store } from '../../../src/core/storage/store';
import { saveAssessment } from '../../../src/core/usecases/assessment';
import { cli } from '../../helpers/cli';
import { setUpWorkspace, tempDir } from '../../helpers/workspace';

const WRITER = path.join(__dirname, 'fixtures', 'writer.ts');

function sqlite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}

async function expectRefused(file: string, pattern: RegExp): Promise<void> {
  const before = fs.readFileSync(file);
  await assert.rejects(
    Store.open(file),
    (e: unknown) => e instanceof SreError && e.kind === 'input' && pattern.test(e.message) && e.message.includes(file),
  );
  assert.deepEqual(fs.readFileSync(file), before, 'the refused file must be left untouched');
}

describe('store', () => {
  it('writes a standard SQLite file that the sqlite3 tool reads, with the schema version recorded', async () => {
    const ws = await setUpWorkspace();
    const file = ws.file('db');
    assert.equal(
      sqlite(file, '.tables').split(/\s+/).sort().join(' '),
      'answer_sets assets capabilities flows history items levels links mappings_offered pillars questions',
    );
    assert.equal(sqlite(file, 'PRAGMA user_version'), String(SCHEMA_VERSION));
    assert.equal(sqlite(file, 'SELECT count(*) FROM items'), String(3 * 15));
    assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok');
  });

  it('refuses a database from a newer version and leaves it untouched', async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    sqlite(ws.file('db'), `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    await expectRefused(ws.file('db'), /written by a newer SRE Maturity Tracker/);
  });

  it('refuses a file that is not SQLite, and a damaged SQLite file, naming the file and leaving it untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sre_data.db');
    fs.writeFileSync(file, 'flow,asset\nthis is a CSV file\n');
    await expectRefused(file, /is not an SQLite database/);
    const ws = await setUpWorkspace();
    const bytes = fs.readFileSync(ws.file('db'));
    bytes.fill(0xab, 4096, 8192); // trash the second page but keep the header
    fs.writeFileSync(ws.file('db'), bytes);
    // Opening reads no more than it needs (issue 44); a read that reaches the damage, and any write, refuse it.
    const damaged = await Store.open(ws.file('db'));
    const refused = (e: unknown) =>
      e instanceof SreError && e.kind === 'input' && /is damaged/.test(e.message) && e.message.includes(ws.file('db'));
    assert.throws(() => damaged.read((db) => db.all('SELECT * FROM flows')), refused);
    assert.throws(() => damaged.preview((db) => db.all('SELECT * FROM flows')), refused, 'a dry run too');
    assert.throws(() => damaged.write((db) => db.run("UPDATE flows SET name = 'x'")), refused);
    damaged.close();
    assert.deepEqual(fs.readFileSync(ws.file('db')), bytes, 'the damaged file must be left untouched');
  });

  it('says to run setup when the database does not exist', async () => {
    await assert.rejects(Store.open(path.join(tempDir(), 'sre_data.db')), /does not exist: run "sre-tracker setup"/);
  });

  it('rolls a failed transaction back, leaving the file as it was', async () => {
    const ws = await setUpWorkspace();
    const before = fs.readFileSync(ws.file('db'));
    assert.throws(
      () =>
        ws.store.write((db) => {
          db.run("UPDATE items SET notes = 'half'");
          throw new Error('boom');
        }),
      /boom/,
    );
    assert.deepEqual(fs.readFileSync(ws.file('db')), before);
    assert.equal(
      ws.store.read((db) => db.get<{ n: number }>("SELECT count(*) AS n FROM items WHERE notes = 'half'")?.n),
      0,
    );
  });

  it('keeps history append-only', async () => {
    const ws = await setUpWorkspace();
    ws.store.write((db) => db.run("INSERT INTO history (item_key, at, kind) VALUES ('k', 't', 'assessment')"));
    assert.throws(() => ws.store.write((db) => db.run('DELETE FROM history')), /append-only/);
    assert.throws(() => ws.store.write((db) => db.run("UPDATE history SET by = 'x'")), /append-only/);
  });

  it('sees a change another writer made on disk, and builds on it', async () => {
    const ws = await setUpWorkspace();
    const other = await Store.open(ws.file('db'));
    const web = itemByKey('checkout/web/monitoring-alerting');
    other.write((db) => db.run(`UPDATE items SET notes = 'from other' WHERE ${web.where}`, web.params));
    assert.equal(ws.store.changedOnDisk(), true);
    const seen = ws.store.read(
      (db) => db.get<{ notes: string }>(`SELECT notes FROM items WHERE ${web.where}`, web.params)?.notes,
    );
    assert.equal(seen, 'from other');
    const auth = itemByKey('login/auth/monitoring-alerting');
    ws.store.write((db) => db.run(`UPDATE items SET notes = 'mine' WHERE ${auth.where}`, auth.params));
    assert.equal(
      sqlite(ws.file('db'), "SELECT notes FROM items WHERE notes != '' ORDER BY notes"),
      'from other\nmine',
      "the other writer's change is kept",
    );
  });

  it('loses no change when two processes write interleaved', async () => {
    const ws = await setUpWorkspace();
    ws.store.write((db) => db.run("UPDATE items SET notes = '0'"));
    const run = (tag: string) =>
      new Promise<number | null>((resolve) => {
        spawn(process.execPath, ['--import', 'tsx', WRITER, ws.file('db'), tag, '40'], { stdio: 'ignore' }).on(
          'exit',
          resolve,
        );
      });
    assert.deepEqual(await Promise.all([run('a'), run('b')]), [0, 0]);
    assert.equal(
      sqlite(
        ws.file('db'),
        "SELECT by || ':' || count(*) FROM history WHERE item_key = 'concurrency' GROUP BY by ORDER BY by",
      ),
      'a:40\nb:40',
    );
    assert.equal(sqlite(ws.file('db'), 'SELECT notes FROM items LIMIT 1'), '80');
  });

  it('leaves a database with every committed change when a writer is killed mid-way', async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ws.file('db'), 'killed'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let committed = -1;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/committed (\d+)/g)) committed = Number(m[1]);
        if (committed >= 15) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.on('exit', r));
    const reopened = await Store.open(ws.file('db'));
    const rows = reopened
      .read((db) => db.all<{ detail: string }>("SELECT detail FROM history WHERE item_key = 'concurrency'"))
      .map((r) => Number(r.detail));
    assert.equal(sqlite(ws.file('db'), 'PRAGMA integrity_check'), 'ok');
    for (let i = 0; i <= committed; i++) assert.ok(rows.includes(i), `committed change ${i} is missing`);
    // The dead writer's lock (if it held one) is taken over rather than blocking us.
    reopened.write((db) => db.run("UPDATE items SET notes = 'after kill'"));
    assert.equal(sqlite(ws.file('db'), 'SELECT DISTINCT notes FROM items'), 'after kill');
  });
});

describe('file lock', () => {
  it('takes over a lock left by a process that died, or by a PID now reused (its own included), and waits for a live holder until its timeout', async () => {
    const dir = tempDir();
    const lock = path.join(dir, 'x.lock');
    const host = os.hostname();
    for (const stale of [
      `999999999 ${host} - dead`,
      `${process.pid} ${host} - an-earlier-process-with-our-pid`,
      `${process.ppid} ${host} 1 reused-pid`,
      '12 2026-01-01T00:00:00Z old-format',
    ]) {
      fs.writeFileSync(lock, stale);
      assert.equal(
        withFileLock(lock, () => 'ran', 2000),
        'ran',
        stale,
      );
      assert.equal(fs.existsSync(lock), false, 'released after use');
    }
    const live = `${process.ppid} ${host} - alive`;
    fs.writeFileSync(lock, live);
    assert.throws(
      () => withFileLock(lock, () => 'never', 100),
      new RegExp(
        `^SreError: x is being changed by process ${process.ppid} on ${host} \\(lock file .*x\\.lock\\); wait for it to finish`,
      ),
    );
    assert.equal(fs.readFileSync(lock, 'utf8'), live, 'a live holder keeps its lock');
    fs.writeFileSync(lock, `${process.ppid} another-host - alive`);
    assert.throws(
      () => withFileLock(lock, () => 'never', 100),
      /being changed by process \d+ on another-host/,
      'a lock from another host cannot be checked: it is held',
    );
  });
});

const ITEM_KEYS = `SELECT ${ITEM_KEY_SQL} AS key FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id
  JOIN capabilities c ON c.id = i.capability_id ORDER BY key`;

describe('migrations 2 to 4', () => {
  it('cuts keys too long for a Rally story name to their bounded form everywhere, history included, and keeps links and history with derived keys', async () => {
    const initSqlJs = (await import('sql.js')).default;
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec(MIGRATIONS[0] ?? '');
    db.exec('PRAGMA user_version = 1');
    const flow = 'a'.repeat(70);
    const key = `${flow}/api/on-call`;
    db.exec(`INSERT INTO flows (id, key, name, position) VALUES (1, '${flow}', '${flow}', 0);
      INSERT INTO assets (id, flow_id, key, name, position) VALUES (1, 1, 'api', 'api', 0);
      INSERT INTO pillars (id, name, position) VALUES (1, 'Incident Management', 0);
      INSERT INTO capabilities (id, pillar_id, key, name, position) VALUES (1, 1, 'on-call', 'On-call', 0);
      INSERT INTO capabilities (id, pillar_id, key, name, position) VALUES (2, 1, 'paging', 'Paging', 1);
      INSERT INTO items (key, asset_id, capability_id, level, answers, rally_formatted_id, created_at, updated_at)
        VALUES ('${key}', 1, 1, 0, '{"Paged?":false}', 'US7', 'x', 'x');
      INSERT INTO items (key, asset_id, capability_id, level, answers, rally_formatted_id, notes, created_at, updated_at)
        VALUES ('old-name/api/paging', 1, 2, 3, '{"Paged?":false}', 'US8', 'renamed before keys were derived', 'x', 'x');
      INSERT INTO history (item_key, at, kind, answers) VALUES ('${key}', '2026-01-01', 'assessment', '{"Paged?":false}');
      INSERT INTO history (item_key, at, kind, answers) VALUES ('old-name/api/paging', '2026-01-02', 'assessment', '{"Paged?":true}');`);
    const file = path.join(tempDir(), 'sre_data.db');
    fs.writeFileSync(file, db.export());
    const before = fs.readFileSync(file);
    const store = await Store.open(file);
    assert.equal(
      store.read((d) => d.get<{ key: string }>(ITEM_KEYS)?.key),
      `${slug(flow)}/api/on-call`,
      'migrated in memory for reading',
    );
    assert.deepEqual(fs.readFileSync(file), before, 'opening to read writes nothing');
    store.write(() => undefined);
    store.close();
    const bounded = `${slug(flow)}/api/on-call`;
    assert.ok(slug(flow).length <= MAX_SLUG_LENGTH && bounded !== key);
    assert.equal(sqlite(file, 'SELECT key FROM flows'), slug(flow));
    const paging = `${slug(flow)}/api/paging`;
    assert.equal(sqlite(file, ITEM_KEYS), `${bounded}\n${paging}`);
    assert.equal(
      sqlite(file, "SELECT item_key || '|' || tracker || '|' || display_id FROM links ORDER BY item_key"),
      `${bounded}|rally|US7\n${paging}|rally|US8`,
      'migration 3 keeps the Rally links; migration 4 moves a link to the derived key',
    );
    assert.equal(sqlite(file, 'SELECT item_key FROM history ORDER BY at'), `${bounded}\n${paging}`);
    assert.equal(
      sqlite(file, "SELECT level || '|' || notes FROM items WHERE capability_id = 2"),
      '3|renamed before keys were derived',
      'item data kept',
    );
    assert.equal(
      sqlite(file, "SELECT count(*) FROM pragma_table_info('items') WHERE name IN ('key', 'created_at', 'updated_at')"),
      '0',
    );
    assert.equal(
      sqlite(file, 'SELECT s.answers FROM items i JOIN answer_sets s ON s.id = i.answers_id ORDER BY i.capability_id'),
      '{"Paged?":false}\n{"Paged?":false}',
      'answers kept, one stored set for both items',
    );
    assert.equal(
      sqlite(file, 'SELECT s.answers FROM history h JOIN answer_sets s ON s.id = h.answers_id ORDER BY h.at'),
      '{"Paged?":false}\n{"Paged?":true}',
    );
    assert.equal(sqlite(file, 'SELECT count(*) FROM answer_sets'), '2');
    assert.equal(
      sqlite(file, "SELECT count(*) FROM pragma_table_info('items') WHERE name LIKE 'rally%'"),
      '0',
      'links are tracker-neutral now',
    );
    assert.throws(() => sqlite(file, "UPDATE history SET by = 'x'"), /append-only/, 'history is append-only again');
  });
});

describe('files that are not ours, and file modes', () => {
  it("refuses, untouched, an empty file and another application's SQLite file, even for a read-only command", async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    const db = ws.file('db');
    fs.writeFileSync(db, '');
    const status = await cli(['status', '--dir', ws.dir]);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /sre_data\.db is empty \(0 bytes\).*move it away and run setup/);
    assert.equal(fs.statSync(db).size, 0, 'status wrote nothing');
    fs.rmSync(db);
    sqlite(db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg')");
    await expectRefused(db, /an SQLite database of another application \(tables photos\)/);
    sqlite(db, 'PRAGMA application_id = 1234');
    await expectRefused(db, /another application \(application id 1234\)/);
  });

  it('marks our databases with an application id', async () => {
    const ws = await setUpWorkspace();
    assert.equal(sqlite(ws.file('db'), 'PRAGMA application_id'), String(0x53524554));
  });

  it('keeps the mode of a file it replaces, and refuses a read-only one', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items()[0];
    assert.ok(item);
    const db = ws.file('db');
    for (const mode of [0o664, 0o600]) {
      fs.chmodSync(db, mode);
      saveAssessment(ws.store, {
        itemKey: item.key,
        capability: item.capability,
        answers: {},
        notes: String(mode),
        evidenceUrl: '',
        by: 't',
        at: new Date(),
      });
      assert.equal(fs.statSync(db).mode & 0o777, mode);
    }
    fs.chmodSync(db, 0o444);
    const before = fs.readFileSync(db);
    assert.throws(
      () =>
        saveAssessment(ws.store, {
          itemKey: item.key,
          capability: item.capability,
          answers: {},
          notes: 'x',
          evidenceUrl: '',
          by: 't',
          at: new Date(),
        }),
      /cannot write .*sre_data\.db: it is read-only for you \(mode 444\)/,
    );
    assert.deepEqual(fs.readFileSync(db), before);
  });

  it("removes the temp files of writers that died mid-write when the store opens, and keeps a live writer's", async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    const dead = path.join(ws.dir, '.sre_data.db.999999999.0badf00d.tmp');
    const live = path.join(ws.dir, `.sre_data.db.${process.ppid}.0badf00d.tmp`);
    fs.writeFileSync(dead, 'half');
    fs.writeFileSync(live, 'busy');
    (await Store.open(ws.file('db'))).close();
    assert.equal(fs.existsSync(dead), false);
    assert.equal(fs.existsSync(live), true);
  });
});

describe('error messages', () => {
  it('describes any thrown value (sql.js throws plain strings), never "undefined", and redacts credentials in URLs', () => {
    assert.equal(
      describeError('database disk image is malformed'),
      'unexpected error: database disk image is malformed',
    );
    assert.equal(describeError(new TypeError()), 'unexpected error: TypeError');
    assert.equal(
      describeError(new SreError('Rally: failed; check https://ops:s3cret@rally.example.com')),
      'Rally: failed; check https://***@rally.example.com',
    );
    assert.equal(stackOf(new SreError('ours')), undefined, 'our own errors need no stack');
  });
});
