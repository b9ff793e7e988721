import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultSettings } from '../../src/core/integrations/settings';
import { readHistory } from '../../src/core/storage/catalog';
import { Workspace } from '../../src/core/workspace';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

async function workspace(): Promise<string> {
  const dir = tempDir();
  const r = await cli(['setup', '--dir', dir, '--flow', 'Checkout', '--assets', 'web,payments-api']);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

async function item(dir: string, key: string) {
  const ws = await Workspace.open(dir, defaultSettings());
  return { item: ws.items().find((i) => i.key === key), history: ws.store.read((db) => readHistory(db, key)) };
}

describe('sre-tracker assess', () => {
  it('saves answers given in model order, with notes, evidence and author', async () => {
    const dir = await workspace();
    const r = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'Monitoring & Alerting',
      '--answers',
      'yes,yes,yes,no,yes,yes',
      '--notes',
      'runbooks missing',
      '--evidence',
      'https://wiki/mon',
      '--by',
      'ana',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /checkout\/web\/monitoring-alerting: level 2 · target 1 → Green/);
    const { item: saved, history } = await item(dir, 'checkout/web/monitoring-alerting');
    assert.equal(saved?.level, 2);
    assert.equal(saved?.notes, 'runbooks missing');
    assert.equal(saved?.evidenceUrl, 'https://wiki/mon');
    assert.deepEqual(
      history.map((h) => [h.kind, h.level, h.by]),
      [['assessment', 2, 'ana']],
    );
  });

  it('saves a level directly', async () => {
    const dir = await workspace();
    const r = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'checkout',
      '--asset',
      'Payments API',
      '--capability',
      'slis-slos',
      '--level',
      '3',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await item(dir, 'checkout/payments-api/slis-slos')).item?.level, 3);
  });

  it('asks for the item and the questions level by level when flags are missing', async () => {
    const dir = await workspace();
    // flow 1, asset 2 (payments-api), capability 1 (Monitoring & Alerting); 6 answers; notes; evidence.
    const r = await cli(['assess', '--dir', dir, '--by', 'bo'], { input: '1\n2\n1\ny\ny\ny\nn\nn\nn\nsome notes\n\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Which capability of Checkout\/payments-api\?\n {2}1\. Monitoring & Alerting \(Not assessed\)/,
    );
    assert.match(r.stdout, /Level 2 · Repeatable: Symptom alerts reach a named team/);
    const { item: saved } = await item(dir, 'checkout/payments-api/monitoring-alerting');
    assert.equal(saved?.level, 2);
    assert.equal(saved?.notes, 'some notes');
    assert.equal(saved?.assessedBy, 'bo');
  });

  it('offers previous answers on a re-assessment: Enter keeps them', async () => {
    const dir = await workspace();
    await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'Monitoring & Alerting',
      '--answers',
      'yes,yes,yes,yes,no,no',
      '--notes',
      'first',
    ]);
    const r = await cli(
      ['assess', '--dir', dir, '--flow', 'Checkout', '--asset', 'web', '--capability', 'Monitoring & Alerting'],
      {
        input: '\n\n\n\ny\ny\n\n\n',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(Enter: y\)/);
    const { item: saved, history } = await item(dir, 'checkout/web/monitoring-alerting');
    assert.equal(saved?.level, 4);
    assert.equal(saved?.notes, 'first');
    assert.equal(history.length, 2);
  });

  it('names close matches for an unknown name, and exits 2 for bad answers', async () => {
    const dir = await workspace();
    const typo = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'paymnts-api',
      '--capability',
      'x',
      '--level',
      '1',
    ]);
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      'sre-tracker assess: unknown asset of Checkout "paymnts-api"; did you mean "payments-api"?\n',
    );
    const count = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'Monitoring & Alerting',
      '--answers',
      'yes,no',
    ]);
    assert.equal(count.code, 2);
    assert.match(count.stderr, /--answers: Monitoring & Alerting has 6 questions; 2 answers were given/);
    const word = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'Monitoring & Alerting',
      '--answers',
      'yes,maybe',
    ]);
    assert.match(word.stderr, /answer 2 is "maybe"; use yes or no/);
    const level = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'web',
      '--capability',
      'Monitoring & Alerting',
      '--level',
      '7',
    ]);
    assert.equal(level.code, 2);
  });
});

describe('assess --help', () => {
  it("lists each capability's questions in --answers order, or one capability's with --capability", async () => {
    const all = await cli(['assess', '--help']);
    assert.equal(all.code, 0);
    assert.match(
      all.stdout,
      /On-call \(5 answers\):\n {2}1\. \[level 1\] Is a person responsible for the asset outside working hours\?/,
    );
    assert.match(all.stdout, /Monitoring & Alerting \(6 answers\):/);
    const one = await cli(['assess', '--capability', 'On-call', '--help']);
    assert.doesNotMatch(one.stdout, /Monitoring & Alerting/);
    assert.match(one.stdout, /5\. \[level 4\]/);
    assert.equal((await cli(['assess', '--capability', 'Nope', '--help'])).code, 2);
  });
});
