/** Not applicable with a second key (issue 38 §3), through the bundled CLI on real data folders. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { cli } from '../helpers/cli';
import { git } from '../helpers/git-repo';
import { tempDir } from '../helpers/workspace';

const FLOWS = 'flow,asset,tier\nCheckout,api,1\nCheckout,web,2\n';
const TARGETS = 'tier,pillar,capability,target_level,max_not_applicable_days\n1,,,3,90\n2,,,2,\n,,,1,\n';
const API = ['--flow', 'Checkout', '--asset', 'api', '--capability', 'On-call'];
const WEB = ['--flow', 'Checkout', '--asset', 'web', '--capability', 'On-call'];

/** A data folder (in a git repository when `codeowners` is given) with flows, targets and approvers.csv. */
async function folder(files: { approvers?: string; codeowners?: string } = {}): Promise<string> {
  const root = tempDir();
  if (files.codeowners !== undefined) {
    git(root, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(root, '.github'));
    fs.writeFileSync(path.join(root, '.github/CODEOWNERS'), files.codeowners);
  }
  const dir = path.join(root, 'sre');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'flows.csv'), FLOWS);
  fs.writeFileSync(path.join(dir, 'targets.csv'), TARGETS);
  if (files.approvers !== undefined) fs.writeFileSync(path.join(dir, 'approvers.csv'), files.approvers);
  const r = await cli(['setup', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function status(dir: string, key: string): Promise<string> {
  const csv = (await cli(['export', '--dir', dir, '--out', '-'])).stdout;
  const row = csv.split('\r\n').find((l) => l.startsWith(`${key},`));
  assert.ok(row, key);
  return row.split(',')[9] ?? '';
}

describe('Not applicable with a second key (issue 38)', () => {
  it('is a request that a listed approver other than the requester decides; the gate fails until then', async () => {
    const dir = await folder({ approvers: 'name,flows,tiers\ncarol,Checkout,1\ndave,,\n' });
    const ask = (until: string[]) =>
      cli(['not-applicable', '--dir', dir, ...API, '--reason', 'batch job, nobody paged', ...until, '--by', 'ann']);
    const noDate = await ask([]);
    assert.equal(noDate.code, 2);
    assert.match(
      noDate.stderr,
      /review date \(--until YYYY-MM-DD\) is required: at most 90 days for checkout\/api\/on-call \(targets\.csv line 2\)/,
    );
    const tooFar = await ask(['--until', day(120)]);
    assert.equal(tooFar.code, 2);
    assert.match(
      tooFar.stderr,
      /is more than 90 days away: .* until \d{4}-\d{2}-\d{2} at most \(targets\.csv line 2, max_not_applicable_days\)/,
    );
    const asked = await ask(['--until', day(60)]);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stdout, /Not applicable requested by ann .*until one of carol, dave approves/);
    assert.equal(await status(dir, 'checkout/api/on-call'), 'Not assessed', 'it counts as before');
    assert.match(
      (await cli(['dump', '--dir', dir])).stdout,
      /## Not applicable\ncheckout\/api\/on-call: "Not applicable requested by ann on \d{4}-\d{2}-\d{2}, awaiting approval"/,
      'a reviewer of the database diff sees the request',
    );
    const gate = () => cli(['check', '--dir', dir, '--fail-on', 'unapproved-not-applicable']);
    const pending = await gate();
    assert.equal(pending.code, 1);
    assert.match(
      pending.stdout,
      /checkout\/api\/on-call\s+unapproved-not-applicable\s+Not applicable requested by ann on .*, awaiting approval/,
    );

    const approve = (by: string) => cli(['approve-not-applicable', '--dir', dir, ...API, '--by', by]);
    const self = await approve('Ann');
    assert.equal(self.code, 2);
    assert.match(self.stderr, /Ann asked for it: another person must approve it/);
    const outsider = await approve('eve');
    assert.equal(outsider.code, 2);
    assert.match(outsider.stderr, /eve is not an approver for Checkout tier 1 \(approvers\.csv: carol, dave\)/);
    const approved = await approve('carol');
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(await status(dir, 'checkout/api/on-call'), 'Not applicable');
    assert.equal((await gate()).code, 0);
    assert.equal((await approve('dave')).code, 2, 'nothing is pending any more');

    // Tier 2: carol may not decide, dave may; a rejection leaves the item as it was and the gate failing.
    assert.equal(
      (
        await cli([
          'not-applicable',
          '--dir',
          dir,
          ...WEB,
          '--reason',
          'static site',
          '--until',
          day(200),
          '--by',
          'ann',
        ])
      ).code,
      0,
      'tier 2 has no limit',
    );
    const reject = await cli(['reject-not-applicable', '--dir', dir, ...WEB, '--by', 'dave']);
    assert.equal(reject.code, 2);
    assert.match(reject.stderr, /--reason is required/);
    assert.equal(
      (await cli(['reject-not-applicable', '--dir', dir, ...WEB, '--by', 'dave', '--reason', 'it takes payments']))
        .code,
      0,
    );
    assert.equal(await status(dir, 'checkout/web/on-call'), 'Not assessed');
    assert.match((await gate()).stdout, /checkout\/web\/on-call.*rejected by dave on .*: it takes payments/);

    const audit = await cli(['export', '--dir', dir, '--not-applicable', '--out', '-']);
    assert.equal(audit.code, 0, audit.stderr);
    const lines = audit.stdout.trim().split('\r\n');
    assert.equal(
      lines[0],
      'key,flow,asset,capability,tier,reason,requested_by,requested_at,approved_by,approved_at,until,status',
    );
    assert.match(
      lines[1] ?? '',
      new RegExp(
        `^checkout/api/on-call,Checkout,api,On-call,1,"batch job, nobody paged",ann,\\S+,carol,\\S+,${day(60)},approved$`,
      ),
    );
    assert.match(lines[2] ?? '', /^checkout\/web\/on-call,.*,ann,\S+,,,\d{4}-\d{2}-\d{2},rejected$/);

    const bare = await cli(['clear-not-applicable', '--dir', dir, ...API, '--by', 'dave']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /a reason is required to end a Not applicable where approvers decide/);
    assert.equal(
      (await cli(['clear-not-applicable', '--dir', dir, ...API, '--by', 'dave', '--reason', 'now paged'])).code,
      0,
    );
    assert.equal(await status(dir, 'checkout/api/on-call'), 'Not assessed');
    const history = (await cli(['dump', '--dir', dir])).stdout;
    for (const step of [
      /checkout\/api\/on-call not-applicable-requested by ann/,
      /checkout\/api\/on-call not-applicable-approved by carol/,
      /checkout\/api\/on-call unexemption by dave/,
      /checkout\/web\/on-call not-applicable-rejected by dave/,
    ])
      assert.match(history, step);
  });

  it('fails a self-approved Not applicable, and one nobody approved, where approvers decide', async () => {
    const dir = await folder({ approvers: 'name\ncarol\n' });
    const request = JSON.stringify({
      state: 'approved',
      reason: 'r',
      until: day(30),
      requestedBy: 'carol',
      requestedAt: new Date().toISOString(),
      decidedBy: 'carol',
      decidedAt: new Date().toISOString(),
    });
    execFileSync('sqlite3', [
      path.join(dir, 'sre_data.db'),
      `UPDATE items SET exempt_reason = 'r', not_applicable_request = '${request}' WHERE capability_id = (SELECT id FROM capabilities WHERE key = 'on-call') AND asset_id = (SELECT id FROM assets WHERE key = 'api');
       UPDATE items SET exempt_reason = 'by hand' WHERE capability_id = (SELECT id FROM capabilities WHERE key = 'on-call') AND asset_id = (SELECT id FROM assets WHERE key = 'web');`,
    ]);
    const r = await cli(['check', '--dir', dir, '--fail-on', 'unapproved-not-applicable']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /checkout\/api\/on-call.*approved by its own requester carol/);
    assert.match(r.stdout, /checkout\/web\/on-call.*Not applicable without an approval/);
  });

  it('takes the approvers from CODEOWNERS without approvers.csv, and works as before with neither', async () => {
    const dir = await folder({ codeowners: '* @platform\n/sre/ @ann @bob\n' });
    const asked = await cli([
      'not-applicable',
      '--dir',
      dir,
      ...API,
      '--reason',
      'r',
      '--until',
      day(10),
      '--by',
      'ann',
    ]);
    assert.match(asked.stdout, /until one of @ann, @bob approves/);
    const self = await cli(['approve-not-applicable', '--dir', dir, ...API, '--by', '@ann']);
    assert.equal(self.code, 2);
    assert.match(self.stderr, /@ann asked for it/);
    assert.equal((await cli(['approve-not-applicable', '--dir', dir, ...API, '--by', 'bob'])).code, 0);
    assert.equal(await status(dir, 'checkout/api/on-call'), 'Not applicable');

    const plain = await folder();
    const now = await cli(['not-applicable', '--dir', plain, ...WEB, '--reason', 'static site', '--by', 'ann']);
    assert.equal(now.code, 0, now.stderr);
    assert.match(now.stdout, /checkout\/web\/on-call is Not applicable: static site/);
    assert.equal(await status(plain, 'checkout/web/on-call'), 'Not applicable');
    const limited = await cli(['not-applicable', '--dir', plain, ...API, '--reason', 'r', '--by', 'ann']);
    assert.equal(limited.code, 2, 'tier 1 still has its limit');
    assert.equal((await cli(['check', '--dir', plain, '--fail-on', 'unapproved-not-applicable'])).code, 0);
  });
});
