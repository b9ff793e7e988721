/** `sre-tracker diff` (issue 40 §1) on real git repositories laid out as `repos/<name>/sre`. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { cli } from '../helpers/cli';
import { git } from '../helpers/git-repo';
import { tempDir } from '../helpers/workspace';

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  minAvailable: 2\n';
const FILE = 'services/api/k8s/deployment.yaml';
const GOLDEN = path.join(__dirname, '../fixtures/diff.golden.md');

async function repository() {
  const root = tempDir();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  git(root, 'init', '-q', '-b', 'main');
  write(FILE, DEPLOYMENT);
  write('sre/flows.csv', 'flow,asset,tier,owner,path\nCheckout,api,1,team-pay,../services/api\n');
  const sre = path.join(root, 'sre');
  assert.equal((await cli(['setup', '--dir', sre])).code, 0);
  const assess = await cli([
    'assess',
    ...['--dir', sre, '--flow', 'Checkout', '--asset', 'api', '--capability', 'Redundancy & Failover'],
    ...['--level', '2', '--use-evidence', '--by', 'ann'],
  ]);
  assert.equal(assess.code, 0, assess.stderr);
  const commit = (message: string) => {
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', message);
  };
  commit('base');
  return { root, sre, write, commit };
}

describe('sre-tracker diff (issue 40)', () => {
  it('reports a deleted PodDisruptionBudget and fewer replicas with files and lines, and fails --fail-on regression', async () => {
    const { sre, write, commit } = await repository();
    write(FILE, DEPLOYMENT.replace('replicas: 3', 'replicas: 2').replace(/---\n[\s\S]*$/, ''));
    commit('fewer replicas, no PDB');
    const r = await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'regression']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^SRE maturity impact: 2 regressions · 2 evidence changes · 0 assessments/);
    assert.match(
      r.stdout,
      /lost: \.\.\/services\/api\/k8s\/deployment\.yaml:8 PodDisruptionBudget api; supports "Does the asset run redundantly[^"]*"; answers of checkout\/api\/redundancy-failover rest on it/,
    );
    assert.match(
      r.stdout,
      /changed: \.\.\/services\/api\/k8s\/deployment\.yaml:6 Deployment api: 2 replicas \(was Deployment api: 3 replicas\)/,
    );

    const annotations = await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'github']);
    assert.match(
      annotations.stdout,
      /^::error file=services\/api\/k8s\/deployment\.yaml,line=6,title=SRE evidence changed::/m,
    );
    const json = JSON.parse(
      (await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'])).stdout,
    ) as { version: number; regressions: string[]; evidence: { kind: string }[] };
    assert.equal(json.version, 1);
    assert.deepEqual(json.evidence.map((e) => e.kind).sort(), ['changed', 'lost']);
    const md = (await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'])).stdout;
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, md);
    assert.equal(md, fs.readFileSync(GOLDEN, 'utf8'), 'the sticky comment, as test/fixtures/diff.golden.md');
  });

  it('a comment-only change reports nothing and exits 0; the working tree is compared without a commit', async () => {
    const { sre, write } = await repository();
    write(FILE, `# a comment\n${DEPLOYMENT}`);
    const r = await cli(['diff', '--dir', sre, '--base', 'HEAD', '--fail-on', 'regression']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'SRE maturity impact: no regression · 0 evidence changes · 0 assessments\n');
    const bad = await cli(['diff', '--dir', sre, '--base', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--base: "nope" is not a commit/);
  });

  it('a tier-target edit: the what-if counts match status on both revisions, and the assessment is listed', async () => {
    const { sre, write, commit } = await repository();
    const reds = async () => {
      const table = (await cli(['status', '--dir', sre])).stdout;
      return Number(/^Total\s+(\d+)/m.exec(table)?.[1]);
    };
    const before = await reds();
    write('sre/targets.csv', 'tier,pillar,capability,target_level\n1,,,4\n,,,1\n');
    assert.equal((await cli(['setup', '--dir', sre])).code, 0);
    const on = await cli([
      'assess',
      '--dir',
      sre,
      '--flow',
      'Checkout',
      '--asset',
      'api',
      '--capability',
      'On-call',
      '--level',
      '1',
      '--by',
      'bob',
    ]);
    assert.equal(on.code, 0);
    commit('raise tier-1 targets');
    const after = await reds();
    const json = JSON.parse(
      (await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'])).stdout,
    ) as { whatIf: { newlyRed: string[]; noLongerRed: string[] }; levels: { key: string; by: string }[] };
    assert.equal(before + json.whatIf.newlyRed.length - json.whatIf.noLongerRed.length, after);
    assert.ok(json.whatIf.newlyRed.includes('checkout/api/redundancy-failover'), 'L2 of a raised target 4 turns Red');
    assert.deepEqual(
      json.levels.map((l) => [l.key, l.by]),
      [['checkout/api/on-call', 'bob']],
    );
  });

  it('a new level-2 question: the items whose answers now reach a lower level, until answered', async () => {
    const { sre, write, commit } = await repository();
    const model = fs.readFileSync(path.join(sre, 'maturity_model.csv'), 'utf8');
    const row = model.split('\n').find((l) => l.startsWith('Resilience,Redundancy & Failover,2,'));
    assert.ok(row);
    write(
      'sre/maturity_model.csv',
      `${model.trimEnd()}\n${row.replace(/Does the asset run redundantly[^,]*/, 'Is failover tested every quarter?')}\n`,
    );
    assert.equal((await cli(['setup', '--dir', sre])).code, 0);
    commit('a new question');
    const text = (await cli(['diff', '--dir', sre, '--base', 'HEAD~1', '--head', 'HEAD'])).stdout;
    assert.match(text, /1 item\(s\) fall a level until answered/);
    assert.match(
      text,
      /fall to a lower level until the new questions are answered: checkout\/api\/redundancy-failover L2 → L1/,
    );
  });
});
