// In VS Code the look at a refused certificate's issuer goes the way the request went: through the host's proxy
// support (http.proxy), which applies to requests that bring no agent of their own (issue 35).
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import { describe, it, mock } from 'node:test';

import { issuerOf } from '../../../src/core/integrations/network';

describe('the certificate-issuer probe', () => {
  it('brings no agent of its own in VS Code, so http.proxy carries it; the CLI uses its own', async () => {
    const agents: unknown[] = [];
    // The module object itself: what network.ts's import reads through.
    const real = createRequire(__filename)('node:https') as typeof https;
    const request = mock.method(real, 'request', (options: https.RequestOptions) => {
      agents.push(options.agent);
      throw new Error('not sent in this test');
    });
    try {
      await issuerOf('https://rally.corp.test', 'host').catch(() => undefined);
      await issuerOf('https://rally.corp.test', 'env').catch(() => undefined);
    } finally {
      request.mock.restore();
    }
    assert.equal(agents[0], undefined, "VS Code's proxy agent applies");
    assert.ok(agents[1] instanceof https.Agent, 'the CLI goes direct (no proxy variable set here)');
  });
});
