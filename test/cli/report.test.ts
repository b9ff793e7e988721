import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

describe('sre-tracker report and demo', () => {
  it('report writes both files into the data folder, says where, and prints the summary; level 0 on an untiered asset makes a story', async () => {
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web']);
    await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'On-call',
      '--level',
      '0',
    ]);
    const r = await cli(['report', '--dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`Wrote ${path.join(dir, 'rally_import.csv').replace(/[/.]/g, '\\$&')} \\(1 user story to import\\)`),
    );
    assert.match(r.stdout, /confluence_page\.txt \(1 to-do item\(s\)\)/);
    assert.match(r.stdout, /^Total\s+1\s+0\s/m);
    assert.match(fs.readFileSync(path.join(dir, 'rally_import.csv'), 'utf8'), /\[SRE checkout\/web\/on-call\]/);
    assert.ok(fs.existsSync(path.join(dir, 'rally_import.csv')));
    assert.ok(!fs.existsSync(path.join(dir, 'maturity_report.html')));
  });

  it('report --out DIR --format html writes three files there; a bad format is a usage error', async () => {
    const dir = tempDir();
    const out = path.join(tempDir(), 'reports');
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    const r = await cli(['report', '--dir', dir, '--out', out, '--format', 'html']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), ['confluence_page.txt', 'maturity_report.html', 'rally_import.csv']);
    assert.equal((await cli(['report', '--dir', dir, '--format', 'pdf'])).code, 2);
  });

  it('report --format html --by owner groups the heatmap rows by owner, each owner with its score', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'flows.csv'),
      'flow,asset,owner,tier\nCheckout,web,team-web,1\nCheckout,api,team-pay,2\nLogin,auth,team-pay,2\n',
    );
    await cli(['setup', '--dir', dir]);
    await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Login',
      '--asset',
      'auth',
      '--capability',
      'On-call',
      '--level',
      '2',
    ]);
    const r = await cli(['report', '--dir', dir, '--format', 'html', '--by', 'owner']);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(path.join(dir, 'maturity_report.html'), 'utf8');
    const groups = [
      ...html.matchAll(
        /<tr class="group"><th colspan="\d+" scope="rowgroup">([^<]*) <span class="muted">([^<]*)<\/span>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    assert.deepEqual(groups, [
      ['team-pay', 'Score 3% (1 of 30 at target) · 1 Green · 29 Not assessed'],
      ['team-web', 'Score 0% (0 of 15 at target) · 15 Not assessed'],
    ]);
    assert.match(
      html,
      /<td class="asset">Login \/ auth <small>\(tier 2\)<\/small><\/td>/,
      'rows named by flow and asset',
    );
    assert.equal((await cli(['report', '--dir', dir, '--format', 'html', '--by', 'pillar'])).code, 2);
    assert.equal((await cli(['report', '--dir', dir, '--by', 'owner'])).code, 2, '--by without the HTML report');
  });

  it('writes rally_import.csv only when the tracker is Rally: a Jira team gets the page and no importer file (issue 25)', async () => {
    const dir = tempDir();
    assert.equal((await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web'])).code, 0);
    const jira = await cli(['report', '--dir', dir], { env: { SRE_TRACKER: 'jira' } });
    assert.equal(jira.code, 0, jira.stderr);
    assert.doesNotMatch(jira.stdout, /rally_import\.csv/);
    assert.match(jira.stdout, /confluence_page\.txt/);
    assert.ok(!fs.existsSync(path.join(dir, 'rally_import.csv')));
    assert.match(
      (await cli(['report', '--dir', dir])).stdout,
      /rally_import\.csv/,
      'Rally, the default, still gets it',
    );
  });

  it('demo builds a workspace offline, writes the reports and prints the status', async () => {
    const cwd = tempDir();
    const r = await cli(['demo'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    const dir = path.join(cwd, 'demo-workspace');
    for (const f of ['sre_data.db', 'flows.csv', 'rally_import.csv', 'confluence_page.txt', 'maturity_report.html'])
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    assert.match(r.stdout, /user stories to import/);
    assert.match(r.stdout, /^Checkout\s+\d+/m);
    const again = await cli(['demo'], { cwd });
    assert.equal(again.code, 0, 'a re-run rebuilds the demo folder');
    const occupied = tempDir();
    fs.writeFileSync(path.join(occupied, 'mine.txt'), 'keep me');
    const refused = await cli(['demo', '--dir', occupied]);
    assert.equal(refused.code, 2);
    assert.equal(fs.readFileSync(path.join(occupied, 'mine.txt'), 'utf8'), 'keep me');
  });
});
