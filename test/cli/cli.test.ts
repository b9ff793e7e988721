import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

describe('sre-tracker CLI', () => {
  it('sets up non-interactively from --flow/--assets pairs and prints the status table', async () => {
    const dir = tempDir();
    const setup = await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web,api,db', '--flow', 'Login', '--assets', 'auth']);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /Created .*sre_data\.db: 2 flows, 4 assets, 15 capabilities, 60 items \(60 new\)/);
    const status = await cli(['status', '--dir', dir]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /^Checkout\s+0\s+0\s+0\s+0\s+45\s/m);
    assert.match(status.stdout, /^Total\s+0\s+0\s+0\s+0\s+60\s/m);
  });

  it('setup refuses a story name template sync could not read keys back from, before writing anything', async () => {
    const dir = tempDir();
    const r = await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web'], { env: { SRE_STORY_NAME_TEMPLATE: '{key} fix {capability}' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /story name template: put fixed text before \{key\}/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('prompts for flows and assets, reading answers from a pipe', async () => {
    const dir = tempDir();
    const r = await cli(['setup'], { cwd: dir, input: 'Checkout\nweb, api\nLogin\nauth\n\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Flow name .*Assets of Checkout.*Next flow name/s);
    assert.equal(fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'), 'flow,asset,owner,tier,description\nCheckout,web\nCheckout,api\nLogin,auth\n');
  });

  it('runs as a real process with prompts on a non-TTY stdin', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../src/cli/bin.ts'), 'setup', '--dir', dir], { input: 'Search\napi\n\n', encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'sre_data.db')));
  });

  it('finds the data folder from SRE_TRACKER_DIR and reads .env from it', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    fs.writeFileSync(path.join(dir, '.env'), 'SRE_STATUS_MODE=thresholds\n');
    const r = await cli(['status'], { env: { SRE_TRACKER_DIR: dir }, cwd: tempDir() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /status by thresholds: amber from level 2, green from 3/);
    const bad = await cli(['status', '--dir', dir], { env: { SRE_STATUS_MODE: 'colours' } });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'sre-tracker status: SRE_STATUS_MODE must be "thresholds" or "targets", not "colours"\n');
  });

  it('exports the maturity matrix as CSV with a row per item', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x,y']);
    const r = await cli(['export', '--dir', dir, '--out', '-']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 30);
    assert.deepEqual(Object.keys(rows[0] ?? {}).slice(0, 10), ['key', 'flow', 'asset', 'tier', 'owner', 'pillar', 'capability', 'level', 'target', 'status']);
    assert.equal(rows[0]?.status, 'Not assessed');
    const toFile = await cli(['export', '--dir', dir]);
    assert.match(toFile.stdout, /Wrote .*maturity_matrix\.csv/);
  });

  it('exits 2 with one clear sentence for bad usage and bad input, 1 with --verbose stack only on request', async () => {
    const dir = tempDir();
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    const badFlag = await cli(['setup', '--dir', dir, '--colour']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /^sre-tracker setup: Unknown option '--colour'\n$/);
    const noDb = await cli(['status', '--dir', dir]);
    assert.equal(noDb.code, 2);
    assert.match(noDb.stderr, /sre_data\.db does not exist: run "sre-tracker setup"/);
    assert.doesNotMatch(noDb.stderr, /\n\s+at /, 'no stack trace without --verbose');
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nA,\n');
    const badCsv = await cli(['setup', '--dir', dir]);
    assert.equal(badCsv.code, 2);
    assert.equal(badCsv.stderr, `sre-tracker setup: ${path.join(dir, 'flows.csv')} line 2, column asset: asset name is empty\n`);
    const verbose = await cli(['status', '--dir', tempDir(), '--verbose']);
    assert.match(verbose.stderr, /\n\s+at /);
  });
});

describe('.env.example', () => {
  it('lists every variable the CLI reads', () => {
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const sources = ['src/core/settings.ts', 'src/cli/context.ts', 'src/cli/sync-command.ts'].map((f) => fs.readFileSync(path.join(__dirname, '../..', f), 'utf8')).join('\n');
    const read = new Set([...sources.matchAll(/(?:get\('|env\.)([A-Z][A-Z_]+)/g)].map((m) => m[1]));
    read.delete('USER');
    read.delete('USERNAME');
    assert.deepEqual([...read].filter((v) => !listed.has(v)), []);
  });
});
