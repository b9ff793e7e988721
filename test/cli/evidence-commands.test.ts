import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { validateXML } from 'xmllint-wasm';

import { defaultSettings } from '../../src/core/integrations/settings';
import { saveAssessment } from '../../src/core/usecases/assessment';
import { itemEvidence } from '../../src/core/usecases/evidence/workspace-evidence';
import { Workspace } from '../../src/core/workspace';
import { cli } from '../helpers/cli';
import { git } from '../helpers/git-repo';
import { assessAtLevel, tempDir } from '../helpers/workspace';

const FIXTURE = path.join(__dirname, '../fixtures/evidence-repo');
const GOLDEN = path.join(__dirname, '../fixtures/evidence-repo.golden.json');

/** The fixture repository copied into a temp folder and set up. */
async function repo(): Promise<string> {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const r = await cli(['setup', '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

async function assess(dir: string, keys: string[], level: number): Promise<void> {
  const ws = await Workspace.open(dir, defaultSettings());
  assessAtLevel(ws, keys, level);
  ws.store.close();
}

describe('sre-tracker evidence', () => {
  it('finds in the fixture repository what the golden file records, per asset and question, and names files it cannot read', async () => {
    const dir = await repo();
    const r = await cli(['evidence', '--dir', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const found = JSON.parse(r.stdout) as unknown;
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, `${JSON.stringify(found, null, 2)}\n`);
    assert.deepEqual(found, JSON.parse(fs.readFileSync(GOLDEN, 'utf8')));
  });

  it('prints one asset as text and refuses an unknown one with close names', async () => {
    const dir = await repo();
    const r = await cli(['evidence', '--dir', dir, '--flow', 'checkout', '--asset', 'payments-api']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Checkout \/ payments-api: 20 finding\(s\)$/m);
    assert.match(
      r.stdout,
      /Redundancy & Failover: Does the asset run redundantly .*→ suggested yes\n\s+services\/payments\/k8s\/deployment\.yaml:7 Deployment payments-api: 3 replicas/,
    );
    assert.doesNotMatch(r.stdout, /Checkout \/ web/);
    const unknown = await cli(['evidence', '--dir', dir, '--asset', 'payment-api']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown asset "payment-api"; did you mean "payments-api"/);
  });
  it('prints what a repository holds escaped, so an alert name cannot start a workflow command in a CI log; lists problems (issue 27)', async () => {
    const dir = await repo();
    fs.writeFileSync(
      path.join(dir, 'services/payments/alerts/forged.yaml'),
      'groups:\n  - name: g\n    rules:\n      - alert: "x\\n::error::forged"\n        expr: up == 0\n',
    );
    fs.appendFileSync(path.join(dir, 'flows.csv'), 'Login,sso,1,team-id,servicez\n');
    await cli(['setup', '--dir', dir]);
    const r = await cli(['evidence', '--dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /^::error::/m);
    assert.match(r.stdout, /"alert x\\n::error::forged"/);
    assert.match(r.stdout, /Login \/ sso: 0 finding\(s\)\n {2}nothing found in its paths\n/);
    assert.match(r.stdout, /Login \/ auth: 0 finding\(s\)\n {2}nothing found \(give the asset its folders/);
    assert.match(r.stderr, /sre-tracker evidence: flows\.csv line 5, column path: path servicez does not exist/);
  });
});

describe('sre-tracker check', () => {
  it('exits 0 when nothing in scope breaks the rules, 1 when something does, 2 on bad input', async () => {
    const dir = await repo();
    await assess(dir, ['checkout/payments-api/slis-slos'], 0); // tier 1: target 3, so Red
    assert.equal(
      (await cli(['check', '--dir', dir, '--flows', 'Login'])).code,
      0,
      'nothing assessed in Login: nothing Red',
    );
    const red = await cli(['check', '--dir', dir]);
    assert.equal(red.code, 1);
    assert.match(red.stdout, /checkout\/payments-api\/slis-slos\s+red\s+Red at level 0 of 3/);
    assert.match(red.stderr, /1 of 45 item\(s\) in scope break red/);
    assert.equal((await cli(['check', '--dir', dir, '--tiers', '2'])).code, 0, 'web is tier 2');
    const below = await cli(['check', '--dir', dir, '--tiers', '2', '--fail-on', 'below-target']);
    assert.equal(below.code, 1, 'unassessed tier-2 items are below their target');
    for (const bad of [
      ['--fail-on', 'purple'],
      ['--format', 'xml'],
      ['--tiers', 'one'],
      ['--flows', 'Chekout'],
    ]) {
      const r = await cli(['check', '--dir', dir, ...bad]);
      assert.equal(r.code, 2, bad.join(' '));
    }
    assert.match((await cli(['check', '--dir', dir, '--flows', 'Chekout'])).stderr, /did you mean "Checkout"/);
  });

  it('checks only items whose assessment or asset files changed since a git ref with --changed-since', async () => {
    const dir = await repo();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    await assess(dir, ['checkout/payments-api/slis-slos'], 0);
    fs.appendFileSync(path.join(dir, 'services/web/pyrra.yaml'), '# tuned\n');
    const r = await cli([
      'check',
      '--dir',
      dir,
      '--fail-on',
      'below-target',
      '--format',
      'json',
      '--changed-since',
      'HEAD',
    ]);
    const json = JSON.parse(r.stdout) as { checked: number; failures: { key: string }[] };
    assert.equal(json.checked, 1 + 15, 'the reassessed item and every item of the asset whose files changed');
    assert.ok(json.failures.some((f) => f.key === 'checkout/payments-api/slis-slos'));
    assert.ok(
      json.failures.every((f) => f.key === 'checkout/payments-api/slis-slos' || f.key.startsWith('checkout/web/')),
    );
    const nothing = await cli(['check', '--dir', dir, '--changed-since', 'HEAD', '--flows', 'Login']);
    assert.equal(nothing.code, 0);
  });

  it('never passes --changed-since to git as an option: a ref like --output=FILE is bad input and FILE is untouched (issue 24.10)', async () => {
    const dir = await repo();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const victim = path.join(tempDir(), 'keep.txt');
    fs.writeFileSync(victim, 'precious');
    for (const ref of [`--output=${victim}`, 'no-such-branch', 'HEAD~5', '-p']) {
      const r = await cli(['check', '--dir', dir, '--fail-on', 'below-target', `--changed-since=${ref}`]);
      assert.equal(r.code, 2, `${ref}: ${r.stderr}`);
      assert.match(r.stderr, /--changed-since: ".*" is not a commit in the repository of /);
    }
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
  });

  it('fails --fail-on stale for an assessment whose evidence the repository no longer shows, saying which', async () => {
    const dir = await repo();
    const ws = await Workspace.open(dir, defaultSettings());
    const item = ws.item('checkout/payments-api/runbooks-ownership');
    assert.ok(item);
    const fromEvidence = itemEvidence(ws, item);
    assert.deepEqual(
      fromEvidence.map((e) => e.findings.map((f) => f.kind)),
      [['codeowners'], ['runbook-links', 'runbooks']],
    );
    const answers = Object.fromEntries(
      item.capability.levels.flatMap((l) => l.questions).map((q) => [q, fromEvidence.some((e) => e.question === q)]),
    );
    saveAssessment(ws.store, {
      itemKey: item.key,
      capability: item.capability,
      answers,
      notes: '',
      evidenceUrl: '',
      by: 'ana',
      at: new Date(),
      fromEvidence,
    });
    ws.store.close();
    assert.equal((await cli(['check', '--dir', dir, '--fail-on', 'stale'])).code, 0, 'the evidence is all there');
    // The owner line goes: the level-1 answer has nothing left behind it. The runbook folder still backs level 2.
    fs.writeFileSync(path.join(dir, '.github/CODEOWNERS'), '# nobody yet\n');
    const r = await cli(['check', '--dir', dir, '--fail-on', 'stale']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /checkout\/payments-api\/runbooks-ownership\s+stale\s+evidence changed for "Is there a named owning team for the asset, recorded where responders can find it\?": \.github\/CODEOWNERS:2 owned by @example\/payments: removed/,
    );
    assert.doesNotMatch(r.stdout, /runbook that says how/);
    const listed = await cli(['status', '--dir', dir, '--stale']);
    assert.match(
      listed.stdout,
      /checkout\/payments-api\/runbooks-ownership .*evidence changed for "Is there a named owning team/,
      'status --stale lists it with why',
    );
  });

  it('writes JSON (documented, version 1), GitHub annotations on the asset line of flows.csv, and JUnit XML that validates', async () => {
    const dir = await repo();
    await assess(dir, ['checkout/payments-api/slis-slos', 'checkout/web/on-call'], 0);
    const json = JSON.parse((await cli(['check', '--dir', dir, '--format', 'json'], { cwd: dir })).stdout) as Record<
      string,
      unknown
    >;
    assert.equal(json.version, 1);
    assert.equal(json.ok, false);
    assert.deepEqual(json.rules, ['red']);
    assert.equal(json.checked, 45);
    assert.deepEqual(
      (json.failures as { key: string; line: number; file: string }[]).map((f) => `${f.key} ${f.file}:${f.line}`),
      ['checkout/payments-api/slis-slos flows.csv:2', 'checkout/web/on-call flows.csv:3'],
    );
    const github = await cli(['check', '--dir', dir, '--format', 'github'], { cwd: dir });
    assert.equal(
      github.stdout.split('\n')[0],
      '::error file=flows.csv,line=2,title=SRE red%3A checkout/payments-api/slis-slos::Checkout / payments-api / SLIs & SLOs: Red at level 0 of 3',
    );
    const out = path.join(dir, 'junit.xml');
    assert.equal((await cli(['check', '--dir', dir, '--format', 'junit', '--out', out])).code, 1);
    const xml = fs.readFileSync(out, 'utf8');
    const validation = await validateXML({
      xml: [{ fileName: 'junit.xml', contents: xml }],
      schema: [fs.readFileSync(path.join(__dirname, '../fixtures/junit.xsd'), 'utf8')],
    });
    assert.deepEqual(validation.errors, []);
    assert.equal(validation.valid, true);
    assert.match(xml, /<testsuites name="sre-tracker check" tests="45" failures="2"/);
    assert.match(
      xml,
      /<testcase classname="checkout\.web" name="web \/ On-call" time="0"><failure message="Red at level 0 of 2" type="red">/,
    );
  });
});
