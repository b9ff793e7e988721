import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../../src/core/domain/flows';
import { EVIDENCE_KINDS } from '../../../../src/core/usecases/evidence/kinds';
import { scanEvidence } from '../../../../src/core/usecases/evidence/scan';
import { tempDir } from '../../../helpers/workspace';

const CORPUS = path.join(__dirname, '../../../fixtures/evidence-corpus');
const EXPECTED = path.join(__dirname, '../../../fixtures/evidence-corpus.expected.txt');
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.95;

describe('evidence over a corpus modelled on real repositories (issue 27)', () => {
  it(`keeps each kind's precision at ${MIN_PRECISION * 100}% and recall at ${MIN_RECALL * 100}% or better, against findings judged by hand`, () => {
    const dir = tempDir('sre-corpus-');
    fs.cpSync(CORPUS, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '.git')); // a repository of its own, as the upstream ones are
    const scan = scanEvidence(dir, parseFlows(fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'), 'flows.csv'));
    assert.deepEqual(scan.problems, []);
    const found = new Set(
      scan.assets.flatMap((a) =>
        a.findings.map(
          (f) => `${a.assetKey} ${f.kind} ${f.file}:${f.line}${f.conditional ? ` ?${f.conditional}` : ''}`,
        ),
      ),
    );
    const expected = new Set(
      fs
        .readFileSync(EXPECTED, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    );
    const kindOf = (finding: string) => finding.split(' ')[1] ?? '';
    const report: string[] = [];
    for (const kind of Object.keys(EVIDENCE_KINDS)) {
      const got = [...found].filter((f) => kindOf(f) === kind);
      const want = [...expected].filter((f) => kindOf(f) === kind);
      assert.ok(want.length > 0, `the corpus has no ${kind} to find`);
      const hits = got.filter((f) => expected.has(f)).length;
      const precision = got.length ? hits / got.length : 1;
      const recall = hits / want.length;
      if (precision < MIN_PRECISION || recall < MIN_RECALL)
        report.push(
          `${kind}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}` +
            `\n  unexpected: ${got.filter((f) => !expected.has(f)).join('; ') || 'none'}` +
            `\n  missed: ${want.filter((f) => !found.has(f)).join('; ') || 'none'}`,
        );
    }
    assert.deepEqual(report, []);
  });
});
