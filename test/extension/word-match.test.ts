import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchesAllWords } from '../../src/extension/word-match';

describe('Find Capability matching (issue 28.18)', () => {
  const row = ['Postmortems', 'Checkout / api', 'Red · level 0 · team-pay'];

  it('finds a row when each word is in some field, whatever the case or accents', () => {
    assert.equal(matchesAllWords('postmortems api', row), true, 'capability and asset: two fields');
    assert.equal(matchesAllWords('API  Red', row), true);
    assert.equal(matchesAllWords('resilience', ['Résilience']), true);
    assert.equal(matchesAllWords('', row), true, 'nothing typed: every row');
  });

  it('does not find a row missing any word', () => {
    assert.equal(matchesAllWords('postmortems web', row), false);
    assert.equal(matchesAllWords('green', row), false);
  });
});
