/**
 * Text cut in the middle of a character (a lone UTF-16 surrogate: models emit them when they cut an emoji in half)
 * never reaches sre_data.db as bytes that are not UTF-8 (issue 36.9): the assistant's arguments refuse it, naming
 * the argument, and the store writes U+FFFD for whatever else brings one (the webview's notes).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { writeFileAtomic } from '../../../src/core/storage/atomic-file';
import { saveAssessment } from '../../../src/core/usecases/assessment';
import { checkArguments } from '../../../src/core/usecases/assistant/tool-arguments';
import { ASSISTANT_TOOLS } from '../../../src/core/usecases/assistant/tools';
import { setUpWorkspace, tempDir } from '../../helpers/workspace';

const CUT = 'pager rota \uD83D';

describe('text cut in half (issue 36.9)', () => {
  it('the assistant is told which argument holds half a character', () => {
    const record = ASSISTANT_TOOLS.find((t) => t.name === 'record_assessment');
    assert.ok(record);
    assert.throws(
      () =>
        checkArguments(record.inputSchema, {
          flow: 'Checkout',
          asset: 'web',
          capability: 'On-call',
          level: 1,
          notes: CUT,
        }),
      /notes.*U\+D83D \(half of a character, cut off\)/,
    );
  });

  it('the store writes valid UTF-8 whatever text reaches it', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items().find((i) => i.key === 'checkout/web/on-call');
    assert.ok(item);
    saveAssessment(ws.store, {
      itemKey: item.key,
      capability: item.capability,
      answers: {},
      notes: CUT,
      evidenceUrl: '',
      by: 'ana\uDC00',
      at: new Date(),
    });
    ws.store.close();
    // The sqlite3 tool prints the stored bytes as they are; a strict decoder refuses anything not UTF-8.
    const bytes = execFileSync('sqlite3', [ws.file('db'), "SELECT notes, assessed_by FROM items WHERE notes <> ''"]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    assert.equal(text.trim(), 'pager rota \uFFFD|ana\uFFFD');
  });
});

describe('a file written in pieces (issue 44)', () => {
  it('holds every piece in order, across many writes, with multi-byte text whole', () => {
    const file = path.join(tempDir(), 'pieces.csv');
    const pieces = Array.from({ length: 20_000 }, (_, i) => `row ${i},Zoë ✓ ${'x'.repeat(i % 13)}\r\n`);
    writeFileAtomic(
      file,
      (function* () {
        yield* pieces;
      })(),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), pieces.join(''));
    assert.ok(fs.statSync(file).size > 4 * 64 * 1024, 'more than one write');
  });
});
