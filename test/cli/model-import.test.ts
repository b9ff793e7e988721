/**
 * `sre-tracker model import` (issue 37): an AWS Well-Architected custom lens written from the lens format
 * specification and an Azure review-checklist excerpt (test/fixtures/model-import) become maturity models setup
 * loads; a re-import of a reworded lens keeps item keys and carries answers; what the format forbids is refused
 * with its JSON path.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'model-import');
const LENS = fs.readFileSync(path.join(FIXTURES, 'aws-lens.json'), 'utf8');

type Row = Record<'pillar' | 'capability' | 'level' | 'question' | 'applies_to' | 'source_id', string>;
const rowsOf = (dir: string) =>
  parse(fs.readFileSync(path.join(dir, 'maturity_model.csv'), 'utf8'), { columns: true }) as Row[];
const questionsAt = (rows: readonly Row[], capability: string, level: string) =>
  rows.filter((r) => r.capability === capability && r.level === level).map((r) => r.question);

async function imported(from: string, text: string, dir = tempDir()): Promise<string> {
  const file = path.join(dir, 'source.json');
  fs.writeFileSync(file, text);
  const r = await cli(['model', 'import', '--from', from, file, '--dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Wrote \d+ capabilities and \d+ questions to .*maturity_model\.csv/);
  return dir;
}

describe('sre-tracker model import (issue 37)', () => {
  it('places a lens’s choices by its risk rules, and setup loads the model', async () => {
    const dir = await imported('aws-lens', LENS);
    const rows = rowsOf(dir);
    const backup = 'How do you back up data?';
    assert.deepEqual(questionsAt(rows, backup, '1'), ['Is any best practice of "How do you back up data?" in place?']);
    assert.deepEqual(
      questionsAt(rows, backup, '2'),
      ['Is this in place: Back up data automatically?'],
      'without it the question is high risk',
    );
    assert.deepEqual(questionsAt(rows, backup, '3'), [
      'Is this in place: Test restores regularly?',
      'Is this in place: Keep a copy in another Region?',
    ]);
    assert.ok(!rows.some((r) => r.question.includes('None of these')), '"None of these" is no practice');
    assert.deepEqual(
      questionsAt(rows, 'How do you detect failures?', '2'),
      [
        'Is at least one of these in place: Probe availability from outside; Alert a team on symptoms; Keep a dashboard of the golden signals?',
      ],
      'an OR rule: no single choice is essential',
    );
    assert.deepEqual(questionsAt(rows, 'How do you detect failures?', '4'), [
      'Is this in place: Keep a dashboard of the golden signals?',
    ]);
    assert.equal(
      rows.find((r) => r.question.includes('Back up data'))?.source_id,
      'aws:reliability/rel_backup/backup_auto',
    );
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier\nCheckout,api,1\n');
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const status = await cli(['export', '--dir', dir, '--out', '-']);
    assert.match(status.stdout, /checkout\/api\/how-do-you-back-up-data/);
    // At level 1 the next question is automatic backups: the work item says what the lens's plan says to do.
    const item = ['--dir', dir, '--flow', 'Checkout', '--asset', 'api', '--capability', 'How do you back up data?'];
    assert.equal((await cli(['assess', ...item, '--level', '1'])).code, 0);
    assert.equal((await cli(['report', '--dir', dir, '--out', path.join(dir, 'out')])).code, 0);
    assert.match(
      fs.readFileSync(path.join(dir, 'out', 'rally_import.csv'), 'utf8'),
      /Is this in place: Back up data automatically\?<br\/>What to do: Schedule automated backups with AWS Backup\./,
    );
  });

  it('keeps the item and carries its answers when a new version of the lens rewords it', async () => {
    const dir = await imported('aws-lens', LENS);
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nCheckout,api\n');
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const assess = await cli([
      'assess',
      '--dir',
      dir,
      '--flow',
      'Checkout',
      '--asset',
      'api',
      '--capability',
      'How do you back up data?',
      '--level',
      '2',
    ]);
    assert.equal(assess.code, 0, assess.stderr);
    const next = LENS.replace('"How do you back up data?"', '"How do you back up your data?"').replace(
      '"Back up data automatically"',
      '"Back up all data automatically"',
    );
    await imported('aws-lens', next, dir);
    const rows = rowsOf(dir);
    assert.ok(
      rows.some((r) => r.capability === 'How do you back up data?'),
      'the capability keeps its name and key',
    );
    assert.ok(rows.some((r) => r.question === 'Is this in place: Back up all data automatically?'));
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    // The stored answers, read with the sqlite3 tool: the yes went to the new words, nothing is left under the old.
    const answers = execFileSync('sqlite3', [
      path.join(dir, 'sre_data.db'),
      "SELECT s.answers FROM items i JOIN answer_sets s ON s.id = i.answers_id JOIN capabilities c ON c.id = i.capability_id WHERE c.key = 'how-do-you-back-up-data'",
    ]).toString();
    assert.match(answers, /"Is this in place: Back up all data automatically\?":true/);
    assert.doesNotMatch(answers, /Back up data automatically/);
    const exported = (await cli(['export', '--dir', dir, '--out', '-'])).stdout;
    assert.match(exported, /checkout\/api\/how-do-you-back-up-data,[^\n]*,2,/, 'still level 2');
  });

  it('turns an Azure checklist into capabilities by subcategory, levels by severity, kinds by service', async () => {
    const dir = await imported('azure-checklist', fs.readFileSync(path.join(FIXTURES, 'azure-checklist.json'), 'utf8'));
    const rows = rowsOf(dir);
    const zones = rows.filter((r) => r.capability === 'Availability Zones');
    assert.deepEqual(
      zones.map((r) => [r.level, r.applies_to]),
      [
        ['1', 'aks'],
        ['2', ''],
        ['3', ''],
        ['4', ''],
      ],
      'one service for all: the capability is for aks assets',
    );
    const backups = rows.filter((r) => r.capability === 'Backups');
    assert.deepEqual(
      backups
        .filter((r) => r.source_id.startsWith('azure:') && !r.source_id.includes('#'))
        .map((r) => [r.level, r.applies_to]),
      [
        ['2', 'sql-database'],
        ['4', 'storage'],
      ],
      'several services: each question its own',
    );
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,kind\nShop,db,sql-database\nShop,cluster,aks\n');
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const keys = (await cli(['export', '--dir', dir, '--out', '-'])).stdout;
    assert.doesNotMatch(keys, /shop\/db\/availability-zones/, 'zones are for aks assets');
    assert.match(keys, /shop\/cluster\/availability-zones/);
  });

  it('refuses what the formats do not allow, naming the JSON path, and writes nothing', async () => {
    const dir = tempDir();
    const bad = JSON.parse(LENS) as {
      pillars: { questions: { riskRules: { risk: string; condition: string }[] }[] }[];
    };
    const rule = bad.pillars[0]?.questions[0]?.riskRules[1];
    assert.ok(rule);
    rule.risk = 'LOW_RISK';
    const file = path.join(dir, 'lens.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = await cli(['model', 'import', '--from', 'aws-lens', file, '--dir', dir]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /lens\.json: pillars\[0\]\.questions\[0\]\.riskRules\[1\]\.risk: "LOW_RISK" is not NO_RISK, MEDIUM_RISK, HIGH_RISK/,
    );
    rule.risk = 'MEDIUM_RISK';
    rule.condition = 'backup_auto && backup_tape';
    fs.writeFileSync(file, JSON.stringify(bad));
    const unknown = await cli(['model', 'import', '--from', 'aws-lens', file, '--dir', dir]);
    assert.match(unknown.stderr, /riskRules\[1\]\.condition: "backup_tape" is not a choice of this question/);
    const azure = await cli(['model', 'import', '--from', 'azure-checklist', file, '--dir', dir]);
    assert.match(azure.stderr, /lens\.json: items: must be a non-empty array/);
    assert.equal(fs.existsSync(path.join(dir, 'maturity_model.csv')), false);
    const format = await cli(['model', 'import', '--from', 'gcp', file, '--dir', dir]);
    assert.match(format.stderr, /--from must be aws-lens or azure-checklist, not "gcp"/);
  });
});
