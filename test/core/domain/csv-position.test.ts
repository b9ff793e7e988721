import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { problemSpan } from '../../../src/core/domain/csv-position';

describe('where a CSV problem sits', () => {
  const text = 'flow,asset,owner,tier\r\nCheckout,"web, public",team,x\nLogin,auth\n';
  it('marks the cell under the named column, quotes respected', () => {
    const span = problemSpan(text, 2, 'tier');
    assert.deepEqual(span, { line: 1, start: 28, end: 29 });
    assert.equal('Checkout,"web, public",team,x'.slice(span.start, span.end), 'x');
    assert.deepEqual(problemSpan(text, 2, 'asset'), { line: 1, start: 9, end: 22 });
  });

  it('marks the whole line when the column is unknown, missing from the line, or not given', () => {
    assert.deepEqual(problemSpan(text, 3, 'tier'), { line: 2, start: 0, end: 10 });
    assert.deepEqual(problemSpan(text, 3), { line: 2, start: 0, end: 10 });
    assert.deepEqual(problemSpan(text, 1, 'nope'), { line: 0, start: 0, end: 21 });
  });
});
