/** The portfolio at any commit (issue 40 §2): status, check and export --at REF, read from git without a checkout. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { cli } from '../helpers/cli';
import { git } from '../helpers/git-repo';
import { tempDir } from '../helpers/workspace';

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  minAvailable: 2\n';

describe('status, check and export --at a commit (issue 40)', () => {
  it('read the data folder, its model and its evidence as they were at a tag, leaving the working tree alone', async () => {
    const root = tempDir();
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    git(root, 'init', '-q', '-b', 'main');
    write('services/api/k8s/deployment.yaml', DEPLOYMENT);
    write('sre/flows.csv', 'flow,asset,tier,owner,path\nCheckout,api,1,team-pay,../services/api\n');
    const sre = path.join(root, 'sre');
    assert.equal((await cli(['setup', '--dir', sre])).code, 0);
    const item = ['--flow', 'Checkout', '--asset', 'api'];
    const assess = (capability: string, ...rest: string[]) =>
      cli(['assess', '--dir', sre, ...item, '--capability', capability, ...rest]);
    assert.equal((await assess('Redundancy & Failover', '--level', '2', '--use-evidence')).code, 0);
    assert.equal((await assess('On-call', '--level', '1')).code, 0);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'v1');
    git(root, 'tag', 'v1.4');
    const then = {
      status: (await cli(['status', '--dir', sre, '--by', 'owner'])).stdout,
      export: (await cli(['export', '--dir', sre, '--out', '-'])).stdout,
    };

    // The quarter goes on: On-call improves, the replicas go down, the targets rise.
    assert.equal((await assess('On-call', '--level', '3')).code, 0);
    assert.equal((await assess('Postmortems', '--level', '4')).code, 0);
    write('services/api/k8s/deployment.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 1'));
    write('sre/targets.csv', 'tier,pillar,capability,target_level\n1,,,4\n,,,1\n');
    assert.equal((await cli(['setup', '--dir', sre])).code, 0);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'v2');
    const clean = git(root, 'status', '--porcelain');

    const at = await cli(['status', '--dir', sre, '--by', 'owner', '--at', 'v1.4']);
    assert.equal(at.code, 0, at.stderr);
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    assert.equal(body(at.stdout), body(then.status), 'the same table as at the time');
    assert.match(at.stdout, new RegExp(`^Workspace ${sre.replace(/[/\\]/g, '.')} at v1\\.4 `));
    assert.notEqual(body((await cli(['status', '--dir', sre, '--by', 'owner'])).stdout), body(then.status));
    assert.equal((await cli(['export', '--dir', sre, '--out', '-', '--at', 'v1.4'])).stdout, then.export);

    assert.equal(
      (await cli(['check', '--dir', sre, '--fail-on', 'stale', '--at', 'v1.4'])).code,
      0,
      'its evidence held then',
    );
    const now = await cli(['check', '--dir', sre, '--fail-on', 'stale']);
    assert.equal(now.code, 1);
    assert.match(now.stdout, /Deployment api: 3 replicas: removed/);

    const bad = await cli(['status', '--dir', sre, '--at=--output=/tmp/x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--at: "--output=\/tmp\/x" is not a commit/);
    assert.equal(git(root, 'status', '--porcelain'), clean, 'nothing checked out or written');
  });
});
