import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { retryDelayMs } from '../../../src/core/integrations/retry-timing';

// Atlassian's rate-limiting guide (developer.atlassian.com/cloud/jira/platform/rate-limiting/): Retry-After is the
// least wait, X-RateLimit-Reset the time the limit resets (yyyy-MM-ddTHH:mmZ), and clients add jitter.
describe('waiting before asking again (issue 26)', () => {
  const low = () => 0;
  const high = () => 0.999;

  it('waits at least Retry-After, with a random extra of up to a fifth on top, never less', () => {
    assert.equal(retryDelayMs({ retryAfter: '2' }, 0, low), 2000);
    const most = retryDelayMs({ retryAfter: '2' }, 0, high);
    assert.ok(most > 2000 && most <= 2400, `${most}`);
    const dated = retryDelayMs({ retryAfter: new Date(Date.now() + 5000).toUTCString() }, 0, low);
    assert.ok(dated > 3000 && dated <= 5000, `an HTTP date: ${dated}`);
  });

  it('takes X-RateLimit-Reset when there is no Retry-After, and prefers Retry-After when both come', () => {
    const reset = new Date(Date.now() + 120_000).toISOString().slice(0, 16) + 'Z'; // Atlassian's minute precision
    const fromReset = retryDelayMs({ reset }, 0, low);
    assert.ok(fromReset >= 50_000 && fromReset <= 60_000, `${fromReset}: until the reset, capped at a minute`);
    assert.equal(retryDelayMs({ retryAfter: '1', reset }, 0, low), 1000);
  });

  it('backs off exponentially without headers, spreads clients apart, and never waits over a minute', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((a) => retryDelayMs({}, a, low)),
      [500, 1000, 2000, 4000],
    );
    assert.notEqual(retryDelayMs({}, 2, low), retryDelayMs({}, 2, high), 'two clients do not come back together');
    assert.equal(retryDelayMs({ retryAfter: '3600' }, 0, high), 60_000);
    assert.equal(retryDelayMs({ retryAfter: 'soon' }, 1, low), 1000, 'an unreadable header: the backoff');
  });
});
