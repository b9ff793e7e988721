import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { defaultSettings } from '../../src/core/integrations/settings';
import { defaultModelPath } from '../../src/core/usecases/default-model';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { Workspace } from '../../src/core/workspace';
import { cli } from '../helpers/cli';
import { CLI_ARGS } from '../helpers/cli-under-test';
import { assessAtLevel, tempDir } from '../helpers/workspace';

/** A root with four data folders: two good (one on a model without On-call), one damaged, one from a newer version. */
async function organisation(): Promise<string> {
  const root = tempDir();
  const make = async (name: string, flows: string, model?: string) => {
    const dir = path.join(root, name, 'sre');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'flows.csv'), flows);
    await setupWorkspace({ dir, model });
    return dir;
  };
  const payments = await make('payments', 'flow,asset,owner,tier\nCheckout,api,<b>team-pay</b>,1\n');
  const ws = await Workspace.open(payments, defaultSettings());
  assessAtLevel(ws, ['checkout/api/slis-slos'], 0); // tier 1, target 3: Red
  assessAtLevel(ws, ['checkout/api/on-call'], 3);
  ws.store.close();
  const noOnCall = path.join(root, 'model.csv');
  fs.writeFileSync(
    noOnCall,
    fs
      .readFileSync(defaultModelPath(), 'utf8')
      .split('\n')
      .filter((l) => !l.includes(',On-call,'))
      .join('\n'),
  );
  await make('search', 'flow,asset,owner,tier\nSearch,index,team-search,2\n', noOnCall);
  fs.mkdirSync(path.join(root, 'broken', 'sre'), { recursive: true });
  fs.writeFileSync(path.join(root, 'broken', 'sre', 'sre_data.db'), 'not a database');
  const newer = path.join(root, 'newer', 'sre');
  fs.mkdirSync(newer, { recursive: true });
  fs.copyFileSync(path.join(payments, 'sre_data.db'), path.join(newer, 'sre_data.db'));
  execFileSync('sqlite3', [path.join(newer, 'sre_data.db'), 'PRAGMA user_version = 99']);
  return root;
}

describe('sre-tracker rollup', () => {
  it('rolls many workspaces into one report, listing the ones it cannot read and how their models differ', async () => {
    const root = await organisation();
    const r = await cli(['rollup', '--glob', '*/sre', '--json'], { cwd: root });
    assert.equal(r.code, 1, 'a workspace was not read');
    const report = JSON.parse(r.stdout) as {
      version: number;
      workspaces: {
        dir: string;
        inScope: number;
        atTarget: number;
        red: number;
        trend: { week: string; inScope: number; atTarget: number }[];
      }[];
      problems: { dir: string; reason: string }[];
      byOwner: {
        name: string;
        inScope: number;
        atTarget: number;
        score: number;
        red: number;
        trend: { atTarget: number }[];
      }[];
      byTier: { name: string }[];
      worst: { workspace: string; key: string }[];
      modelDifferences: { workspace: string; missing: string[] }[];
    };
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.workspaces.map((w) => [path.relative(root, w.dir), w.inScope, w.atTarget, w.red]),
      [
        ['payments/sre', 15, 1, 1],
        ['search/sre', 14, 0, 0],
      ],
    );
    const trend = report.workspaces[0]?.trend ?? [];
    assert.equal(trend.length, 26, 'a point per week for 26 weeks');
    assert.deepEqual(
      [trend[0]?.atTarget, trend[0]?.inScope, trend.at(-1)?.atTarget],
      [0, 15, 1],
      'assessed this week: below target before, one item at target now',
    );
    assert.deepEqual(
      report.byOwner.map((o) => o.trend.at(-1)?.atTarget),
      [1, 0],
    );
    assert.deepEqual(
      report.problems.map((p) => path.relative(root, p.dir)),
      ['broken/sre', 'newer/sre'],
    );
    assert.match(report.problems[0]?.reason ?? '', /is not an SQLite database/);
    assert.match(report.problems[1]?.reason ?? '', /written by a newer SRE Maturity Tracker/);
    assert.deepEqual(
      report.byOwner.map((o) => [o.name, o.inScope, o.atTarget, o.red]),
      [
        ['<b>team-pay</b>', 15, 1, 1],
        ['team-search', 14, 0, 0],
      ],
    );
    assert.deepEqual(
      report.byTier.map((t) => t.name),
      ['tier 1', 'tier 2'],
    );
    assert.deepEqual(report.worst, [
      {
        workspace: 'payments/sre',
        key: 'checkout/api/slis-slos',
        owner: '<b>team-pay</b>',
        tier: 1,
        level: 0,
        target: 3,
      },
    ]);
    assert.deepEqual(report.modelDifferences, [{ workspace: 'search/sre', missing: ['On-call'] }]);
    assert.match(r.stderr, /broken\/sre not read: .*is not an SQLite database/);
  });

  it('writes the organisation report as HTML with every value escaped', async () => {
    const root = await organisation();
    const out = path.join(root, 'org_report.html');
    const r = await cli(['rollup', path.join(root, 'payments/sre'), path.join(root, 'search/sre'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<th scope="row">&lt;b&gt;team-pay&lt;\/b&gt;<\/th><td>7%<\/td><td>1 of 15<\/td>/);
    assert.match(
      html,
      /<svg class="spark" role="img" aria-label="&lt;b&gt;team-pay&lt;\/b&gt;: score 0% 26 weeks ago \(week of \d{4}-\d\d-\d\d\), 7% this week"/,
    );
    assert.doesNotMatch(html, /<b>team-pay/);
    assert.match(html, /Model differences[\s\S]*On-call/);
    assert.equal((await cli(['rollup'])).code, 2);
  });

  it('lists a folder it may not read and goes on, and counts a workspace reached through a symlink once (issue 24.16, 24.17)', async () => {
    const root = await organisation();
    fs.rmSync(path.join(root, 'broken'), { recursive: true });
    fs.rmSync(path.join(root, 'newer'), { recursive: true });
    fs.mkdirSync(path.join(root, 'locked', 'sre'), { recursive: true });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    fs.symlinkSync(path.join(root, 'payments'), path.join(root, 'alias'));
    fs.chmodSync(root, 0o755);
    // Root reads any folder: the run drops the capabilities that let it, as a CI job's runner lacks them. It stays
    // root otherwise, so a checkout under a private folder (mktemp -d makes them 0700) is still readable to it.
    const asUser =
      process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-all'] : [];
    const [program = '', ...rest] = [
      ...asUser,
      process.execPath,
      ...CLI_ARGS,
      'rollup',
      '--glob',
      '*/sre',
      path.join(root, 'alias', 'sre'),
      '--json',
    ];
    const r = spawnSync(program, rest, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      workspaces: { dir: string }[];
      problems: { dir: string; reason: string }[];
    };
    assert.deepEqual(
      report.workspaces.map((w) => path.relative(root, w.dir)),
      ['alias/sre', 'search/sre'],
      'payments once, by the name it was first given',
    );
    assert.deepEqual(
      report.problems.map((p) => path.relative(root, p.dir)),
      ['locked'],
    );
    assert.match(report.problems[0]?.reason ?? '', /permission/i);
    assert.match(r.stderr, /locked not read: /);
  });
});
