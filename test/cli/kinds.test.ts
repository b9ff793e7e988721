/**
 * A database and a service asked the questions that fit each (issue 37), through the CLI users run: only applicable
 * items in status, check and export; an assessment kept while its capability leaves the asset's kind and comes back;
 * a workspace made before kinds migrates and works unchanged.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { SCHEMA_VERSION } from '../../src/core/storage/migrations';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const FLOWS = 'flow,asset,owner,tier,kind\nCheckout,api,team-a,1,service\nCheckout,orders-db,team-a,1,database\n';

async function workspace(flows = FLOWS): Promise<string> {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'flows.csv'), flows);
  const r = await cli(['setup', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

async function keys(dir: string): Promise<string[]> {
  const r = await cli(['export', '--dir', dir, '--out', '-']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0] ?? '');
}

describe('asset kinds through the CLI (issue 37)', () => {
  it('asks the database no release questions and the service no backup ones only where the model says so', async () => {
    const dir = await workspace();
    const all = await keys(dir);
    const matrix = (await cli(['export', '--dir', dir, '--out', '-'])).stdout;
    assert.match(matrix, /^key,.*,kind\r?$/m, 'the export carries the kind, last');
    assert.match(matrix, /^checkout\/orders-db\/backup-disaster-recovery,.*,database\r?$/m);
    assert.ok(all.includes('checkout/api/release-rollback'));
    assert.ok(!all.includes('checkout/orders-db/release-rollback'), 'no canary releases for a database');
    assert.ok(all.includes('checkout/orders-db/backup-disaster-recovery'));
    assert.ok(all.includes('checkout/api/backup-disaster-recovery'), 'a service may hold data: asked');
    const check = await cli(['check', '--dir', dir, '--fail-on', 'below-target', '--format', 'json']);
    assert.equal(check.code, 1);
    const failures = (JSON.parse(check.stdout) as { failures: { key: string }[] }).failures.map((f) => f.key);
    assert.ok(failures.length > 0);
    assert.ok(!failures.includes('checkout/orders-db/release-rollback'), 'not a failure: not applicable by the model');
    assert.deepEqual(
      failures.filter((k) => !all.includes(k)),
      [],
      'check fails only applicable items',
    );
    const refused = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'orders-db',
      '--capability',
      'Release & Rollback',
      '--level',
      '1',
    ]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /"Release & Rollback" is not applicable by the model: the model's Release & Rollback is not for database assets/,
    );
    const rollup = await cli(['rollup', dir, '--json']);
    assert.equal(rollup.code, 0, rollup.stderr);
    assert.deepEqual(
      (JSON.parse(rollup.stdout) as { byKind: { name: string }[] }).byKind.map((k) => k.name),
      ['database', 'service'],
      'the organisation view by kind',
    );
    const status = await cli(['status', '--dir', dir, '--by', 'kind']);
    assert.match(status.stdout, /^database\b/m);
    assert.match(status.stdout, /^service\b/m);
  });

  it('keeps an assessment while its capability leaves the asset’s kind, and brings it back as it was', async () => {
    const dir = await workspace();
    const assess = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'orders-db',
      '--capability',
      'Backup & Disaster Recovery',
      '--level',
      '2',
      '--by',
      'ana',
    ]);
    assert.equal(assess.code, 0, assess.stderr);
    const model = path.join(dir, 'maturity_model.csv');
    const original = fs.readFileSync(model, 'utf8');
    fs.writeFileSync(model, original.replace('backups,!frontend;!cache;!third-party', 'backups,service'));
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    assert.ok(!(await keys(dir)).includes('checkout/orders-db/backup-disaster-recovery'), 'out of scope now');
    fs.writeFileSync(model, original);
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const back = await cli(['export', '--dir', dir, '--out', '-']);
    const row = back.stdout.split('\n').find((l) => l.startsWith('checkout/orders-db/backup-disaster-recovery,'));
    assert.match(row ?? '', /,2,/, 'level 2, as assessed');
    assert.match((await cli(['dump', '--dir', dir])).stdout, /backup-disaster-recovery[\s\S]*ana/);
  });

  it('suggests a kind from what the asset’s files hold, and asks it only what fits its kind', async () => {
    const dir = await workspace('flow,asset,tier,path\nCheckout,orders-db,1,db\n');
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(
      path.join(dir, 'db', 'statefulset.yaml'),
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: orders\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n',
    );
    const text = await cli(['evidence', '--dir', dir]);
    assert.match(
      text.stdout,
      /kind: database suggested for flows\.csv \(db\/statefulset\.yaml:2 StatefulSet running postgres:16\)/,
    );
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier,path,kind\nCheckout,orders-db,1,db,database\n');
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const json = JSON.parse((await cli(['evidence', '--dir', dir, '--json'])).stdout) as {
      assets: { kind: string; suggestedKind: { kind: string }; questions: { capability: string }[] }[];
    };
    assert.equal(json.assets[0]?.kind, 'database');
    assert.equal(json.assets[0]?.suggestedKind.kind, 'database');
    assert.ok(
      !json.assets[0]?.questions.some((q) => q.capability === 'Release & Rollback'),
      'no evidence is suggested for what the model does not ask a database',
    );
  });

  it('migrates a workspace made before kinds, which works unchanged, then takes kinds from flows.csv', async () => {
    const dir = await workspace('flow,asset,owner,tier\nCheckout,api,team-a,1\nCheckout,orders-db,team-a,1\n');
    const before = await keys(dir);
    // As the previous version left it: no kind or applies_to columns, schema version 5.
    execFileSync('sqlite3', [
      path.join(dir, 'sre_data.db'),
      'ALTER TABLE assets DROP COLUMN kind; ALTER TABLE capabilities DROP COLUMN applies_to; ALTER TABLE questions DROP COLUMN applies_to; ALTER TABLE questions DROP COLUMN source_id; ALTER TABLE questions DROP COLUMN guidance; ALTER TABLE capabilities DROP COLUMN reattest_days; ALTER TABLE capabilities DROP COLUMN requires_comment; ALTER TABLE questions DROP COLUMN reattest_days; ALTER TABLE questions DROP COLUMN requires_comment; ALTER TABLE items DROP COLUMN evidence_changed; ALTER TABLE items DROP COLUMN not_applicable_request; DROP TABLE mappings_offered; PRAGMA user_version = 5;',
    ]);
    assert.deepEqual(await keys(dir), before, 'every item, as before');
    fs.writeFileSync(path.join(dir, 'flows.csv'), FLOWS);
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    assert.ok(!(await keys(dir)).includes('checkout/orders-db/release-rollback'));
    assert.equal(
      execFileSync('sqlite3', [path.join(dir, 'sre_data.db'), 'PRAGMA user_version'])
        .toString()
        .trim(),
      String(SCHEMA_VERSION),
    );
  });
});
