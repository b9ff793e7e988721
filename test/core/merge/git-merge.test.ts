// Real git repositories in temp folders, with sre-tracker registered as the merge and diff driver for sre_data.db.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readHistory } from '../../../src/core/catalog';
import { parseFlows } from '../../../src/core/flows';
import { cli } from '../../helpers/cli';
import { commitAssessment, git, GIT_ENV, on, repository } from '../../helpers/git-repo';

function merge(dir: string, branch: string): { status: number | null; output: string } {
  const r = spawnSync('git', ['merge', '--no-edit', branch], { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
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
      assert.deepEqual(history.map((h) => `${h.itemKey} ${h.by}`).sort(), ['checkout/web/slis-slos alice', 'login/auth/on-call bob']);
      assert.ok(
        history.every((h, i) => i === 0 || (history[i - 1]?.at ?? '') <= h.at),
        'in time order',
      );
    });
    assert.equal(git(dir, 'status', '--porcelain'), '', 'the merge committed cleanly');
    const log = git(dir, 'log', '-p', '-1', 'alice', '--', 'sre_data.db');
    assert.match(log, /^\+checkout\/web\/slis-slos: level 3 of 1 \(Green\) by alice at /m, 'git log -p shows the text form');
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
    assert.match(merged.output, /item checkout\/api\/on-call: assessed on both sides; kept level 3 by bob .* recorded level 1 by alice .* as superseded/);
    await on(dir, (ws) => {
      assert.equal(ws.item('checkout/api/on-call')?.level, 3);
      const kinds = ws.store.read((db) => readHistory(db, 'checkout/api/on-call')).map((h) => `${h.kind} ${h.by} ${h.level}`);
      assert.deepEqual(kinds, ['assessment alice 1', 'superseded alice 1', 'assessment bob 3']);
    });
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
});
