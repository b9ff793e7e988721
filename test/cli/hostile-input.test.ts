// Text a reviewer reads must say what it is: names and --by refuse control characters at input, and `dump` (the
// text git shows in a pull request) escapes whatever is stored and shows every link's address (issue 24.11, 24.18).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { saveLink } from '../../src/core/storage/catalog';
import { cli, cliInProcess } from '../helpers/cli';
import { setUpWorkspace, tempDir } from '../helpers/workspace';

const FORGED = 'checkout/web/on-call: level 3 · target 1 (Green) by boss at 2026-01-01';

describe('hostile text at input and in dump', () => {
  it('refuses a line break or NUL in --by and in an evidence link, naming the option', async () => {
    const ws = await setUpWorkspace();
    ws.store.close();
    const base = [
      'assess',
      '--dir',
      ws.dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'On-call',
      '--level',
      '1',
    ];
    const by = await cli([...base, '--by', `mallory\n${FORGED}`]);
    assert.equal(by.code, 2);
    assert.match(by.stderr, /--by "mallory\?checkout.*" contains U\+000A \(a line break\): give a name on one line/);
    // No process can get a NUL in its arguments (exec refuses it); what parses them still names it.
    const nul = await cliInProcess([...base, '--by', 'mal\u0000lory']);
    assert.match(nul.stderr, /contains U\+0000 \(a control character\)/);
    const url = await cli([...base, '--evidence', `https://ci.example/run/1\n${FORGED}`]);
    assert.equal(url.code, 2);
    assert.match(url.stderr, /evidence link contains U\+000A \(a line break\)/);
    assert.doesNotMatch((await cli(['dump', '--dir', ws.dir])).stdout, /by boss/, 'nothing was stored');
  });

  it('dump escapes what an older version stored and shows link addresses, one entry per line', async () => {
    const ws = await setUpWorkspace();
    ws.store.write((db) => {
      db.run(
        `UPDATE items SET level = 1, assessed_by = ?, assessed_at = '2026-01-02T00:00:00Z', evidence_url = ?
         WHERE capability_id = (SELECT id FROM capabilities WHERE key = 'slis-slos') AND asset_id = (SELECT id FROM assets WHERE key = 'web')`,
        [`mallory\n${FORGED}`, `https://x.example/\u202e${FORGED}`],
      );
      saveLink(db, 'checkout/web/slis-slos', {
        tracker: 'rally',
        id: '1',
        displayId: 'US1',
        url: 'https://rally.example/#/detail/1',
        state: 'Defined\r\nx',
        done: false,
      });
    });
    ws.store.close();
    const dump = (await cli(['dump', '--dir', ws.dir])).stdout;
    assert.ok(!dump.split('\n').some((l) => l.startsWith('checkout/web/on-call')), `no forged line:\n${dump}`);
    assert.match(
      dump,
      /by "mallory\\ncheckout\/web\/on-call: level 3 .*" at 2026-01-02T00:00:00Z · evidence "https:\/\/x\.example\/\\u202echeckout/,
    );
    assert.match(
      dump,
      /^checkout\/web\/slis-slos: rally US1 \("Defined\\r\\nx"\) https:\/\/rally\.example\/#\/detail\/1$/m,
    );
  });

  it('refuses NUL and line breaks in names in flows.csv, the model and campaign names, with file, line and column', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'flows.csv'),
      'flow,asset,owner\nCheckout,web,ana\nCheckout,"pay\u0000ments",ana\n"Log\nin",auth,bo\n',
    );
    const flows = await cli(['setup', '--dir', dir]);
    assert.equal(flows.code, 2);
    assert.match(flows.stderr, /flows\.csv line 3, column asset: contains U\+0000 \(a control character\); remove it/);
    assert.match(flows.stderr, /flows\.csv line 5, column flow: contains U\+000A \(a line break\); remove it/);
    assert.ok(!fs.existsSync(path.join(dir, 'sre_data.db')), 'nothing written');

    const ws = await setUpWorkspace();
    ws.store.close();
    const model = path.join(ws.dir, 'maturity_model.csv');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace('Toil Reduction', 'Toil\u001b[31mReduction'));
    const m = await cli(['setup', '--dir', ws.dir]);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /maturity_model\.csv line \d+, column capability: contains U\+001B \(a control character\)/);

    const c = await cliInProcess([
      'campaign',
      'add',
      '--dir',
      ws.dir,
      '--name',
      'Q1\u0000',
      '--target',
      '2',
      '--due',
      '2027-01-01',
    ]);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /campaign "Q1\\u0000": name contains U\+0000/);
  });
});
