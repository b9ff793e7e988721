import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../src/core/domain/flows';
import { parseMaturityModel, questionsOf } from '../../../src/core/domain/model';
import { FileProblemsError } from '../../../src/core/errors';
import { readTextFile } from '../../../src/core/storage/text-file';
import { defaultModelPath } from '../../../src/core/usecases/default-model';

const HEADER = 'pillar,capability,level,level_name,criteria,question\n';
const full = (cap: string, extra = '') =>
  [1, 2, 3, 4].map((l) => `P,${cap},${l},L${l},C${l},Q${l} of ${cap}?`).join('\n') + '\n' + extra;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FileProblemsError, `expected FileProblemsError, got ${String(e)}`);
    return e.problems.map((p) => `${p.file}:${p.line}:${p.column ?? ''}:${p.message}`);
  }
  assert.fail('expected problems');
}

describe('maturity_model.csv', () => {
  it('parses the built-in default model: pillars, capabilities with four levels each, questions in order', () => {
    const model = parseMaturityModel(fs.readFileSync(defaultModelPath(), 'utf8'), 'default');
    assert.ok(model.pillars.length >= 3);
    assert.ok(model.capabilities.length >= 10);
    for (const c of model.capabilities) {
      assert.deepEqual(
        c.levels.map((l) => l.level),
        [1, 2, 3, 4],
      );
      assert.ok(questionsOf(c).length >= 4);
    }
    const mon = model.capabilities.find((c) => c.name === 'Monitoring & Alerting');
    assert.equal(mon?.key, 'monitoring-alerting');
    assert.equal(mon?.levels[1]?.questions.length, 2);
  });

  it('reads quoted fields with commas and line breaks, and tolerates a BOM', () => {
    const text = '\uFEFF' + HEADER + full('Cap').replace('Q1 of Cap?', '"Q1, with comma\nand a line break?"');
    const model = parseMaturityModel(text, 'm.csv');
    assert.equal(model.capabilities[0]?.levels[0]?.questions[0], 'Q1, with comma\nand a line break?');
  });

  it('reports a missing header with the file name', () => {
    assert.deepEqual(
      problems(() => parseMaturityModel('pillar,capability\nA,B\n', 'm.csv')),
      [
        'm.csv:1::missing header columns level, level_name, criteria, question (expected pillar,capability,level,level_name,criteria,question,evidence,applies_to,source_id,guidance,reattest_days,requires_comment)',
      ],
    );
  });

  it('reports every bad row with line and column: empty names, unknown level, level with no question', () => {
    const text = HEADER + full('Good') + ',X,1,a,b,q?\nP,,1,a,b,q?\nP,Bad,5,a,b,q?\nP,Bad,1,a,b,\nP,Short,1,a,b,q?\n';
    const found = problems(() => parseMaturityModel(text, 'm.csv'));
    assert.ok(found.includes('m.csv:6:pillar:pillar is empty'), found.join('\n'));
    assert.ok(found.includes('m.csv:7:capability:capability is empty'));
    assert.ok(found.includes('m.csv:8:level:unknown level "5" (levels run 1..4; level 0 has no questions)'));
    assert.ok(found.includes('m.csv:9:question:question is empty'));
    assert.ok(found.includes('m.csv:10:level:capability "Short" has no question for level 2'));
  });

  it('reports a quoting error with its line', () => {
    const found = problems(() => parseMaturityModel(HEADER + 'P,"Cap,1,a,b,q\n', 'm.csv'));
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /^m\.csv:\d+::cannot parse CSV: Quote Not Closed/);
  });

  it('refuses a second, different name or criteria for the same level, naming both lines; an empty repeat is fine', () => {
    const extra =
      'P,Cap,2,Other name,C2,Another question?\nP,Cap,3,L3,Other criteria,Third question?\nP,Cap,4,,,Fourth question?\n';
    assert.deepEqual(
      problems(() => parseMaturityModel(HEADER + full('Cap', extra), 'm.csv')),
      [
        'm.csv:6:level_name:Cap level 2 is named "L2" on line 3; this row says "Other name"',
        'm.csv:7:criteria:Cap level 3 has the criteria "C3" on line 4; this row says "Other criteria"',
      ],
    );
  });

  it("refuses a file that is not UTF-8 (Excel's Windows-1252 CSV) with line and column, and says how to re-save it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-enc-'));
    const file = path.join(dir, 'flows.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from('flow,asset\nCheckout,api\nCh'), Buffer.from([0xe9]), Buffer.from('ckout,web\n')]),
    );
    assert.deepEqual(
      problems(() => readTextFile(file)).map((p) => p.replace(/:this is not UTF-8.*$/, '')),
      [`${file}:3:3`],
    );
    assert.throws(() => readTextFile(file), /save it again as "CSV UTF-8 \(Comma delimited\)"/);
    fs.rmSync(dir, { recursive: true });
  });

  it('accepts non-ASCII names and keys them', () => {
    const model = parseMaturityModel(HEADER + full('Überwachung & 監視'), 'm.csv');
    assert.equal(model.capabilities[0]?.key, 'überwachung-監視');
  });
});

describe('flows.csv', () => {
  it('reads flows with their assets, optional owner, tier and description', () => {
    const flows = parseFlows(
      'flow,asset,owner,tier,description\nCheckout,web,shop,1,"Pages, all"\nCheckout,api,,,\nLogin,auth,,2,\n',
      'f.csv',
    );
    assert.deepEqual(
      flows.map((f) => [f.name, f.assets.map((a) => `${a.name}:${a.tier ?? '-'}`)]),
      [
        ['Checkout', ['web:1', 'api:-']],
        ['Login', ['auth:2']],
      ],
    );
    assert.equal(flows[0]?.assets[0]?.description, 'Pages, all');
  });

  it('needs only flow and asset columns, and accepts non-ASCII names', () => {
    const flows = parseFlows('asset,flow\nzahlung-api,Kasse\nログイン,認証\n', 'f.csv');
    assert.deepEqual(
      flows.map((f) => f.key),
      ['kasse', '認証'],
    );
  });

  it('reports a missing header, empty names, bad tiers and duplicate assets with line and column', () => {
    assert.match(
      problems(() => parseFlows('name,asset\nA,b\n', 'f.csv'))[0] ?? '',
      /^f\.csv:1::missing header column flow/,
    );
    const found = problems(() => parseFlows('flow,asset,tier\nA,x,1\n,y,\nA,,\nA,z,high\nA,X,\n', 'f.csv'));
    assert.deepEqual(found, [
      'f.csv:3:flow:flow name is empty',
      'f.csv:4:asset:asset name is empty',
      'f.csv:5:tier:tier "high" is not a positive whole number',
      'f.csv:6:asset:duplicate asset "X" in flow "A" (first on line 2)',
    ]);
  });

  it('reports a row with more cells than the header', () => {
    assert.deepEqual(
      problems(() => parseFlows('flow,asset\nA,b,extra\n', 'f.csv')),
      ['f.csv:2::3 cells but the header has 2'],
    );
  });
});
