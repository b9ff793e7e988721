// Real git repositories in temp folders, with sre-tracker registered as the merge and diff driver for sre_data.db.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../../src/core/domain/flows';
import { readHistory } from '../../../../src/core/storage/catalog';
import { cli } from '../../../helpers/cli';
import { CLI, commitAssessment, git, GIT_ENV, on, repository } from '../../../helpers/git-repo';
import { assessAtLevel, tempDir } from '../../../helpers/workspace';

function merge(dir: string, branch: string): { status: number | null; output: string } {
  const r = spawnSync('git', ['merge', '--no-edit', branch], { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The merge driver's command as git-setup registered it. */
function gitDriver(dir: string): string {
  return git(dir, 'config', '--get', 'merge.sre-tracker.driver')
    .trim()
    .replace(/ merge-db %O %A %B$/, ' merge-db');
}

/** sre_data.db at `ref`, copied to a temp folder of its own (a data folder, so it can be opened). */
function ours(dir: string, ref: string): string {
  const file = path.join(tempDir(), 'sre_data.db');
  fs.writeFileSync(file, execFileSync('git', ['show', `${ref}:sre_data.db`], { cwd: dir }));
  return file;
}

function base(dir: string, a: string, b: string): string {
  return ours(dir, git(dir, 'merge-base', a, b).trim());
}

/** An empty repository. */
function tempRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q');
  return dir;
}

describe('sre_data.db in git', () => {
  it('merges two branches that assessed different items, keeping every assessment and history row, and diffs as text', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'alice');
    git(dir, 'branch', 'bob');
    await commitAssessment(dir, 'alice', 'checkout/web/slis-slos', 3, 'alice');
    await commitAssessment(dir, 'bob', 'login/auth/on-call', 1, 'bob');
    const merged = merge(dir, 'alice');
    assert.equal(merged.status, 0, merged.output);
    assert.doesNotMatch(merged.output, /CONFLICT/);
    await on(dir, (ws) => {
      const levels = Object.fromEntries(ws.items().map((i) => [i.key, i.level]));
      assert.equal(levels['checkout/web/slis-slos'], 3);
      assert.equal(levels['login/auth/on-call'], 1);
      const history = ws.store.read((db) => readHistory(db));
      assert.deepEqual(history.map((h) => `${h.itemKey} ${h.by}`).sort(), [
        'checkout/web/slis-slos alice',
        'login/auth/on-call bob',
      ]);
      assert.ok(
        history.every((h, i) => i === 0 || (history[i - 1]?.at ?? '') <= h.at),
        'in time order',
      );
    });
    assert.equal(git(dir, 'status', '--porcelain'), '', 'the merge committed cleanly');
    const log = git(dir, 'log', '-p', '-1', 'alice', '--', 'sre_data.db');
    assert.match(
      log,
      /^\+checkout\/web\/slis-slos: level 3 · target 1 \(Green\) by alice at /m,
      'git log -p shows the text form',
    );
    const diff = git(dir, 'diff', 'HEAD~1', 'HEAD', '--', 'sre_data.db'); // the merge, against bob's side
    assert.match(diff, /^\+checkout\/web\/slis-slos: level 3/m);
    assert.doesNotMatch(diff, /Binary files/);
  });

  it('merges one item assessed differently on both sides deterministically: the later wins, the other is kept as superseded and listed', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'alice');
    git(dir, 'branch', 'bob');
    await commitAssessment(dir, 'alice', 'checkout/api/on-call', 1, 'alice');
    await new Promise((r) => setTimeout(r, 20)); // bob assesses later
    await commitAssessment(dir, 'bob', 'checkout/api/on-call', 3, 'bob');
    git(dir, 'checkout', '-q', 'alice');
    const merged = merge(dir, 'bob');
    assert.equal(merged.status, 0, merged.output);
    assert.match(
      merged.output,
      /item checkout\/api\/on-call: assessed on both sides; kept level 3 by bob .* recorded level 1 by alice .* as superseded/,
    );
    await on(dir, (ws) => {
      assert.equal(ws.item('checkout/api/on-call')?.level, 3);
      const kinds = ws.store
        .read((db) => readHistory(db, 'checkout/api/on-call'))
        .map((h) => `${h.kind} ${h.by} ${h.level}`);
      assert.deepEqual(kinds, ['assessment alice 1', 'superseded alice 1', 'assessment bob 3']);
    });
  });

  it('merges two branches that added the same asset, one assessing it, inventing no history (issue 36.8)', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'alice');
    git(dir, 'branch', 'bob');
    const addAsset = async (branch: string) => {
      git(dir, 'checkout', '-q', branch);
      fs.appendFileSync(path.join(dir, 'flows.csv'), 'Checkout,queue\n');
      assert.equal((await cli(['setup', '--dir', dir])).code, 0);
      git(dir, 'commit', '-q', '-am', `${branch} adds checkout/queue`);
    };
    await addAsset('alice');
    await addAsset('bob');
    await commitAssessment(dir, 'alice', 'checkout/queue/on-call', 2, 'alice');
    git(dir, 'checkout', '-q', 'bob');
    const merged = merge(dir, 'alice');
    assert.equal(merged.status, 0, merged.output);
    assert.doesNotMatch(merged.output, /superseded|conflict/i);
    await on(dir, (ws) => {
      assert.equal(ws.item('checkout/queue/on-call')?.level, 2);
      const history = ws.store.read((db) => readHistory(db));
      assert.deepEqual(
        history.filter((h) => h.kind === 'superseded'),
        [],
        'no "superseded by ?" row with an empty time and author',
      );
    });
    assert.doesNotMatch((await cli(['dump', '--dir', dir])).stdout, /superseded/);
  });

  it('merges a branch that added a flow to flows.csv: the merged CSV and database agree', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'search');
    git(dir, 'branch', 'alice');
    git(dir, 'checkout', '-q', 'search');
    const added = await cli(['setup', '--dir', dir, '--flow', 'Search', '--assets', 'index']);
    assert.equal(added.code, 0, added.stderr);
    git(dir, 'commit', '-q', '-am', 'Search flow');
    await commitAssessment(dir, 'alice', 'checkout/web/slis-slos', 2, 'alice');
    const merged = merge(dir, 'search');
    assert.equal(merged.status, 0, merged.output);
    const csv = parseFlows(fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'), 'flows.csv');
    await on(dir, (ws) => {
      assert.deepEqual(
        ws.flowNames(),
        csv.map((f) => f.name),
        'the database has the flows of the merged flows.csv',
      );
      assert.ok(ws.item('search/index/slis-slos'), 'with their items');
      assert.equal(ws.item('checkout/web/slis-slos')?.level, 2);
    });
  });

  it('leaves a conflict to git when a side cannot be read, and OURS untouched', async () => {
    const dir = await repository(true);
    const ours = path.join(dir, 'ours.db');
    fs.copyFileSync(path.join(dir, 'sre_data.db'), ours);
    const before = fs.readFileSync(ours);
    const theirs = path.join(dir, 'theirs.db');
    fs.writeFileSync(theirs, 'not a database');
    const r = await cli(['merge-db', path.join(dir, 'sre_data.db'), ours, theirs]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /theirs\.db is not an SQLite database/);
    assert.deepEqual(fs.readFileSync(ours), before);
  });

  it('keeps an item assessed on one branch whose capability the other renamed, retired and said on stderr (issue 24.1)', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'model');
    await commitAssessment(dir, 'main', 'checkout/web/toil-reduction', 2, 'alice');
    git(dir, 'checkout', '-q', 'model');
    const model = path.join(dir, 'maturity_model.csv');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replaceAll('Toil Reduction', 'Toil Elimination'));
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    git(dir, 'commit', '-q', '-am', 'rename Toil Reduction');
    git(dir, 'checkout', '-q', 'main');
    const merged = merge(dir, 'model');
    assert.equal(merged.status, 0, merged.output);
    assert.match(
      merged.output,
      /item checkout\/web\/toil-reduction: its capability toil-reduction is gone from the merged data; kept the item, retired/,
    );
    await on(dir, (ws) => {
      const kept = ws.store.read((db) =>
        db.get<{ level: number; retired: number }>(
          `SELECT i.level, c.retired FROM items i JOIN capabilities c ON c.id = i.capability_id JOIN assets a ON a.id = i.asset_id WHERE c.key = 'toil-reduction' AND a.key = 'web'`,
        ),
      );
      assert.deepEqual(kept, { level: 2, retired: 1 });
      assert.ok(ws.item('checkout/web/toil-elimination'), 'the renamed capability has its items');
    });
    const dump = (await cli(['dump', '--dir', dir])).stdout;
    assert.match(dump, /checkout\/web\/toil-reduction/, 'the kept assessment is still reported');
  });

  it('keeps an item assessed on one branch whose asset the other pruned, and when both changed the model (issue 24.1)', async () => {
    const dir = await repository(true);
    git(dir, 'branch', 'prune');
    await commitAssessment(dir, 'main', 'checkout/api/on-call', 3, 'alice');
    const model = path.join(dir, 'maturity_model.csv');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replaceAll('Toil Reduction', 'Toil Work'));
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    await on(dir, (ws) => assessAtLevel(ws, ['login/auth/toil-work'], 1, 'alice'));
    git(dir, 'commit', '-q', '-am', 'main: rename to Toil Work');
    git(dir, 'checkout', '-q', 'prune');
    const flows = path.join(dir, 'flows.csv');
    fs.writeFileSync(
      flows,
      fs
        .readFileSync(flows, 'utf8')
        .split('\n')
        .filter((l) => !/\bapi\b/.test(l))
        .join('\n'),
    );
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replaceAll('Toil Reduction', 'Toil Cutting'));
    assert.equal((await cli(['setup', '--dir', dir, '--prune'])).code, 0);
    git(dir, 'commit', '-q', '-am', 'prune: drop api, rename to Toil Cutting');
    // The prune branch merges main in: its model (Toil Cutting) is kept, main's assessments on what it dropped too.
    const target = ours(dir, 'prune');
    const r = spawnSync(
      'sh',
      ['-c', `${gitDriver(dir)} "$0" "$1" "$2"`, base(dir, 'main', 'prune'), target, ours(dir, 'main')],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /the maturity model was changed differently on both sides; kept ours/);
    assert.match(
      r.stderr,
      /item checkout\/api\/on-call: its asset checkout\/api is gone from the merged data; kept the item, retired/,
    );
    assert.match(r.stderr, /item login\/auth\/toil-work: its capability toil-work is gone/);
    await on(path.dirname(target), (ws) => {
      const levels = ws.store.read((db) =>
        db.all<{ key: string; level: number }>(
          `SELECT a.key || '/' || c.key AS key, i.level FROM items i JOIN assets a ON a.id = i.asset_id JOIN capabilities c ON c.id = i.capability_id WHERE i.level IS NOT NULL ORDER BY key`,
        ),
      );
      assert.deepEqual(levels, [
        { key: 'api/on-call', level: 3 },
        { key: 'auth/toil-work', level: 1 },
      ]);
    });
  });

  it('refuses a read-only OURS and keeps the mode and group of a writable one (issue 24.13)', async () => {
    const dir = await repository(false);
    const db = path.join(dir, 'sre_data.db');
    const copy = (name: string, mode: number) => {
      const f = path.join(dir, name);
      fs.copyFileSync(db, f);
      fs.chmodSync(f, mode);
      return f;
    };
    const theirs = copy('theirs.db', 0o644);
    await on(dir, (ws) => assessAtLevel(ws, ['login/auth/on-call'], 2, 'bob'));
    fs.copyFileSync(db, theirs);
    const readOnly = copy('ro.db', 0o444);
    const before = fs.readFileSync(readOnly);
    const refused = await cli(['merge-db', theirs, readOnly, theirs]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ro\.db: it is read-only/);
    assert.deepEqual(fs.readFileSync(readOnly), before);
    assert.equal(fs.statSync(readOnly).mode & 0o777, 0o444);
    const private640 = copy('private.db', 0o640);
    const done = await cli(['merge-db', readOnly, private640, theirs]);
    assert.equal(done.code, 0, done.stderr);
    assert.equal(fs.statSync(private640).mode & 0o777, 0o640);
  });

  it('removes the lock a killed merge driver left, and keeps such files out of git status (issue 24.14)', async () => {
    const dir = await repository(true);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lock = path.join(dir, '.merge_file_a1B2c3.lock');
    fs.writeFileSync(lock, `${dead.stdout} ${os.hostname()} - 0123abcd`);
    fs.writeFileSync(path.join(dir, `..merge_file_a1B2c3.${dead.stdout}.0123abcd.tmp`), 'half');
    assert.equal(git(dir, 'status', '--porcelain'), '', 'git-setup excluded them');
    await commitAssessment(dir, 'main', 'checkout/web/slis-slos', 1, 'alice');
    git(dir, 'branch', 'bob', 'HEAD~1');
    await commitAssessment(dir, 'bob', 'login/auth/on-call', 1, 'bob');
    const merged = merge(dir, 'main');
    assert.equal(merged.status, 0, merged.output);
    assert.ok(!fs.existsSync(lock), "the dead driver's lock is gone");
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.includes('merge_file')),
      [],
    );
  });

  it('marks sre_data.db binary so a repository with "* text eol=crlf" never rewrites it, and git-setup repairs an old line (issue 24.3)', async () => {
    const dir = await repository(false);
    const attributes = path.join(dir, '.gitattributes');
    assert.match(fs.readFileSync(attributes, 'utf8'), /^sre_data\.db -text merge=sre-tracker diff=sre-tracker$/m);
    fs.writeFileSync(attributes, '* text eol=crlf\nsre_data.db merge=sre-tracker diff=sre-tracker\n');
    const setup = await cli(['git-setup', '--dir', dir, '--cli', CLI]);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stdout, /marked sre_data\.db binary/);
    assert.equal(
      fs.readFileSync(attributes, 'utf8'),
      '* text eol=crlf\nsre_data.db -text merge=sre-tracker diff=sre-tracker\n',
    );
    assert.match(git(dir, 'check-attr', 'text', 'merge', '--', 'sre_data.db'), /text: unset\n.*merge: sre-tracker/s);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'crlf repository');
    const clone = tempDir();
    git(clone, 'clone', '-q', dir, '.');
    assert.deepEqual(
      fs.readFileSync(path.join(clone, 'sre_data.db')),
      fs.readFileSync(path.join(dir, 'sre_data.db')),
      'the clone has the same bytes',
    );
    assert.equal((await cli(['status', '--dir', clone])).code, 0);
  });

  it('registers a --cli with a quoted path holding a space, and refuses one that does not run (issue 24.15)', async () => {
    const dir = await repository(false);
    const spaced = path.join(tempDir(), 'my tools');
    fs.mkdirSync(spaced);
    const node = path.join(spaced, 'node');
    fs.symlinkSync(process.execPath, node);
    const quoted = CLI.replace(`'${process.execPath}'`, `'${node}'`);
    const ok = await cli(['git-setup', '--dir', dir, '--cli', quoted]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(git(dir, 'config', '--get', 'merge.sre-tracker.driver'), /^'.*\/my tools\/node' /);
    const broken = await cli(['git-setup', '--dir', tempRepo(), '--cli', `${spaced}/node --import x`]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /does not run sre-tracker .*: nothing was registered/);
  });
});
