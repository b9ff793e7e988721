/** Re-attestation per question (issue 38 §1): reattest_days, requires_comment, due and stale, --as-of. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseMaturityModel } from '../../../src/core/domain/model';
import { staleItems } from '../../../src/core/domain/stale';
import { glance } from '../../../src/core/domain/summary';
import { defaultSettings } from '../../../src/core/integrations/settings';
import { saveAssessment } from '../../../src/core/usecases/assessment';
import { setupWorkspace } from '../../../src/core/usecases/setup';
import { Workspace } from '../../../src/core/workspace';
import { answersForLevel } from '../../../src/shared/maturity';
import { cli } from '../../helpers/cli';
import { tempDir } from '../../helpers/workspace';

const HEADER = 'pillar,capability,level,level_name,criteria,question,reattest_days,requires_comment\n';
const MODEL =
  HEADER +
  'Ops,On-call,1,Rota,r,Is there an on-call rota?,90,\n' +
  'Ops,On-call,2,Paged,p,Does an alert page the rota?,30,yes\n' +
  'Ops,On-call,3,Reviewed,v,Are pages reviewed weekly?,,\n' +
  'Ops,On-call,4,Drilled,d,Is the rota drilled?,,\n' +
  'Ops,Backups,1,Taken,t,Are backups taken?,,\n' +
  'Ops,Backups,2,Restored,r,Are restores tested?,,\n' +
  'Ops,Backups,3,Automated,a,Are restores automated?,,\n' +
  'Ops,Backups,4,Drilled,d,Are restores drilled?,,\n';

const DAY = 86_400_000;
const ASSESSED = new Date('2026-10-01T10:00:00Z');

async function workspace(): Promise<Workspace> {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'maturity_model.csv'), MODEL);
  fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nCheckout,api\n');
  await setupWorkspace({ dir, flows: [] });
  return Workspace.open(dir, defaultSettings());
}

function assess(ws: Workspace, capability: string, level: number, notes = 'rota in PagerDuty') {
  const item = ws.items().find((i) => i.capabilityKey === capability);
  assert.ok(item);
  return saveAssessment(ws.store, {
    itemKey: item.key,
    capability: item.capability,
    answers: answersForLevel(item.capability, level),
    notes,
    evidenceUrl: '',
    by: 'ann',
    at: ASSESSED,
  });
}

describe('re-attestation per question (issue 38)', () => {
  it('reads reattest_days and requires_comment from the model, a question only shortening its capability', () => {
    const model = parseMaturityModel(MODEL, 'm.csv');
    const onCall = model.capabilities[0];
    assert.equal(onCall?.reattestDays, 90);
    assert.deepEqual(onCall?.questionReattestDays, { '2:Does an alert page the rota?': 30 });
    assert.deepEqual(onCall?.questionsNeedingComment, ['2:Does an alert page the rota?']);
    assert.equal(model.capabilities[1]?.reattestDays, undefined);
    assert.throws(
      () => parseMaturityModel(MODEL.replace('rota?,30,yes', 'rota?,120,yes'), 'm.csv'),
      /m\.csv line 3, column reattest_days.*120 is longer than the capability's 90 days/,
    );
    assert.throws(
      () => parseMaturityModel(MODEL.replace('rota?,90,', 'rota?,soon,'), 'm.csv'),
      /m\.csv line 2.*"soon"/,
    );
    assert.throws(() => parseMaturityModel(MODEL.replace('30,yes', '30,maybe'), 'm.csv'), /requires_comment.*maybe/);
  });

  it('refuses an answer the model wants explained when it comes without notes, and keeps the item as it was', async () => {
    const ws = await workspace();
    assert.throws(
      () => assess(ws, 'on-call', 2, '  '),
      /On-call: maturity_model.csv asks for notes.*Does an alert page/,
    );
    assert.equal(ws.items().find((i) => i.capabilityKey === 'on-call')?.level, null);
    assert.equal(assess(ws, 'backups', 2, '').level, 2);
  });

  it('is due from dueSoonDays before its shortest answered question expires, and stale after; --as-of moves the day', async () => {
    const ws = await workspace();
    assess(ws, 'on-call', 2); // answered the 30-day question: expires 2026-10-31
    assess(ws, 'backups', 1); // the 180-day default: expires 2027-03-30
    const at = (day: string) => ws.items(new Date(`${day}T12:00:00Z`));
    const onCall = (day: string) => at(day).find((i) => i.capabilityKey === 'on-call');
    assert.equal(onCall('2026-10-10')?.expiresOn, '2026-10-31');
    assert.deepEqual([onCall('2026-10-10')?.due, onCall('2026-10-10')?.stale], [false, false]);
    assert.deepEqual([onCall('2026-10-20')?.due, onCall('2026-10-20')?.stale], [true, false]);
    assert.deepEqual([onCall('2026-11-02')?.due, onCall('2026-11-02')?.stale], [false, true]);
    const backups = at('2026-11-02').find((i) => i.capabilityKey === 'backups');
    assert.deepEqual([backups?.expiresOn, backups?.stale, backups?.due], ['2027-03-30', false, false]);
    assert.match(staleItems(at('2026-11-02'), '2026-11-02')[0]?.why ?? '', /answers expired on 2026-10-31: re-attest/);
    assert.equal(glance(at('2026-10-25'), [], '2026-10-25').dueThisWeek, 1);
    assert.equal(glance(at('2026-10-10'), [], '2026-10-10').dueThisWeek, 0);

    const dir = ws.dir;
    ws.dispose();
    const now = ASSESSED.getTime() + 10 * DAY;
    assert.ok(Date.now() > now, 'the test assumes its assessments are in the past');
    const due = await cli(['status', '--dir', dir, '--due', '--as-of', '2026-10-20']);
    assert.equal(due.code, 0, due.stderr);
    assert.match(due.stdout, /checkout\/api\/on-call.*answers expire on 2026-10-31/);
    const stale = await cli(['status', '--dir', dir, '--stale', '--as-of', '2026-11-02']);
    assert.match(stale.stdout, /checkout\/api\/on-call.*answers expired on 2026-10-31: re-attest/);
    assert.doesNotMatch(stale.stdout, /backups/);
    const table = await cli(['status', '--dir', dir, '--as-of', '2026-10-20']);
    assert.match(table.stdout, /Stale\s+Due/);
    assert.match(table.stdout, /1 assessment\(s\) fall due for re-attestation within 14 days/);
    const gate = (day: string) => cli(['check', '--dir', dir, '--fail-on', 'stale', '--as-of', day]);
    assert.equal((await gate('2026-10-20')).code, 0);
    const failed = await gate('2027-04-01');
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /on-call[\s\S]*backups/);
    const metrics = await cli(['metrics', '--granularity', 'item', '--dir', dir]);
    assert.match(metrics.stdout, /^sre_maturity_reattestation_items\{flow="Checkout",state="stale"\} [12]$/m);
    assert.match(
      metrics.stdout,
      /^sre_maturity_item_answers_expiry_timestamp_seconds\{item="checkout\/api\/on-call"\} 1793491199$/m,
    );
    const bad = await cli(['status', '--dir', dir, '--as-of', '2026-02-30']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--as-of "2026-02-30" is not a date/);
  });
});
