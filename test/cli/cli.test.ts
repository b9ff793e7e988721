import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { cli } from '../helpers/cli';
import { CLI_ARGS, CLI_COMMAND } from '../helpers/cli-under-test';
import { tempDir } from '../helpers/workspace';

describe('sre-tracker CLI', () => {
  it('sets up non-interactively from --flow/--assets pairs and prints the status table', async () => {
    const dir = tempDir();
    const setup = await cli([
      'setup',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--assets',
      'web,api,db',
      '--flow',
      'Login',
      '--assets',
      'auth',
    ]);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /Created .*sre_data\.db: 2 flows, 4 assets, 15 capabilities, 60 items \(60 new\)/);
    const status = await cli(['status', '--dir', dir]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /^Checkout\s+0\s+0\s+0\s+0\s+45\s/m);
    assert.match(status.stdout, /^Total\s+0\s+0\s+0\s+0\s+60\s/m);
  });

  it('says "Not applicable" as everywhere else: not-applicable in the help, exempt kept for scripts (issue 28.16)', async () => {
    const help = await cli(['--help']);
    assert.match(help.stdout, /^sre-tracker not-applicable .*\(also: exempt\)$/m);
    assert.match(help.stdout, /^sre-tracker clear-not-applicable /m);
    assert.doesNotMatch(help.stdout, /^sre-tracker (un)?exempt /m);
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web']);
    const item = ['--dir', dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call'];
    assert.equal((await cli(['exempt', ...item, '--reason', 'batch'])).code, 0, 'the old name still works');
    assert.equal((await cli(['clear-not-applicable', ...item])).code, 0);
  });

  it('setup refuses a story name template sync could not read keys back from, before writing anything', async () => {
    const dir = tempDir();
    const r = await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web'], {
      env: { SRE_STORY_NAME_TEMPLATE: '{key} fix {capability}' },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /story name template: put fixed text before \{key\}/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('prompts for flows and assets, reading answers from a pipe', async () => {
    const dir = tempDir();
    const r = await cli(['setup'], { cwd: dir, input: 'Checkout\nweb, api\nLogin\nauth\n\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Flow name .*Assets of Checkout.*Next flow name/s);
    assert.equal(
      fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'),
      'flow,asset,owner,tier,description\nCheckout,web\nCheckout,api\nLogin,auth\n',
    );
  });

  it('runs as a real process with prompts on a non-TTY stdin', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [...CLI_ARGS, 'setup', '--dir', dir], {
      input: 'Search\napi\n\n',
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'sre_data.db')));
  });

  it('stops quietly with exit 0 when the reader of its output closes the pipe', () => {
    const dir = tempDir();
    const flows = Array.from({ length: 40 }, (_, i) => `Flow ${i},api\nFlow ${i},db`).join('\n');
    fs.writeFileSync(path.join(dir, 'flows.csv'), `flow,asset\n${flows}\n`);
    assert.equal(spawnSync(process.execPath, [...CLI_ARGS, 'setup', '--dir', dir]).status, 0);
    for (const command of ['export --out -', 'status']) {
      // 1,200 rows are far more than a pipe holds: the writer meets the closed pipe.
      const r = spawnSync(
        'bash',
        ['-c', `set -o pipefail; ${CLI_COMMAND} ${command} --dir "${dir}" | head -c 10 >/dev/null`],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 0, `${command}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /EPIPE|Error/);
    }
  });

  it('refuses stray words instead of ignoring them', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    const r = await cli(['status', '--dir', dir, 'Checkout']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unexpected argument "Checkout"/);
    assert.equal((await cli(['campaign', 'list', 'extra', '--dir', dir])).code, 2);
    assert.equal((await cli(['campaign', 'list', '--dir', dir])).code, 0);
  });

  it('never writes an export over a file the tool owns or another database', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    const owned = ['sre_data.db', 'flows.csv', 'maturity_model.csv', 'targets.csv'].map(
      (f) => [f, fs.readFileSync(path.join(dir, f))] as const,
    );
    for (const [name] of owned) {
      const r = await cli(['export', '--out', name], { cwd: dir });
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, new RegExp(`will not write over .*${name.replace('.', '\\.')}`));
    }
    for (const [name, bytes] of owned)
      assert.deepEqual(fs.readFileSync(path.join(dir, name)), bytes, `${name} untouched`);
    fs.copyFileSync(path.join(dir, 'sre_data.db'), path.join(dir, 'backup.sqlite'));
    assert.match((await cli(['export', '--out', 'backup.sqlite'], { cwd: dir })).stderr, /it is an SQLite database/);
    assert.equal((await cli(['export', '--out', 'matrix.csv'], { cwd: dir })).code, 0);
    const missing = await cli(['export', '--out', path.join(dir, 'no-such-folder', 'm.csv')], { cwd: dir });
    assert.equal(
      missing.stderr,
      `sre-tracker export: cannot write ${path.join(dir, 'no-such-folder', 'm.csv')}: its folder does not exist\n`,
      'names the file the user gave, not a temp file',
    );
    assert.match((await cli(['export', '--out', dir], { cwd: dir })).stderr, /it is a folder; give a file name/);
  });

  it('shows unexpected errors with their text (never "undefined"), the stack only with --verbose, and no credentials from a URL', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    const env = {
      RALLY_SERVER: 'http://ops:hunter2-secret@rally.example.com',
      RALLY_API_KEY: 'k',
      RALLY_WORKSPACE: 'W',
      RALLY_PROJECT: 'P',
      RALLY_PARENT_ID: 'F1',
    };
    const r = await cli(['sync', '--dir', dir, '--no-confluence'], { env });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /holds a user name or password: take them out of the address; the Rally API key goes in its own setting/,
    );
    assert.doesNotMatch(r.stderr, /hunter2/);
    assert.match(r.stderr, /http:\/\/\*\*\*@rally\.example\.com/);
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
    assert.equal(
      bad.stderr,
      'sre-tracker status: SRE_STATUS_MODE must be "auto", "thresholds" or "targets", not "colours"\n',
    );
  });

  it('exports the maturity matrix as CSV with a row per item', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x,y']);
    const r = await cli(['export', '--dir', dir, '--out', '-']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 30);
    assert.deepEqual(Object.keys(rows[0] ?? {}).slice(0, 10), [
      'key',
      'flow',
      'asset',
      'tier',
      'owner',
      'pillar',
      'capability',
      'level',
      'target',
      'status',
    ]);
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
    assert.equal(
      badCsv.stderr,
      `sre-tracker setup: ${path.join(dir, 'flows.csv')} line 2, column asset: asset name is empty\n`,
    );
    const verbose = await cli(['status', '--dir', tempDir(), '--verbose']);
    assert.match(verbose.stderr, /\n\s+at /);
  });
});

describe('.env.example', () => {
  it('lists every variable the CLI reads', () => {
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const sources = ['src/core/settings.ts', 'src/cli/context.ts', 'src/cli/sync-command.ts']
      .map((f) => fs.readFileSync(path.join(__dirname, '../..', f), 'utf8'))
      .join('\n');
    const read = new Set([...sources.matchAll(/(?:get\('|env\.)([A-Z][A-Z_]+)/g)].map((m) => m[1]));
    read.delete('USER');
    read.delete('USERNAME');
    assert.deepEqual(
      [...read].filter((v) => !listed.has(v)),
      [],
    );
  });
});
