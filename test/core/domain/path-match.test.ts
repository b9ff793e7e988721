import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { codeownersAnchored, pathMatcher } from '../../../src/core/domain/path-match';

/** A CODEOWNERS pattern as GitHub reads it. */
const owns = (pattern: string, file: string) => pathMatcher(pattern, codeownersAnchored(pattern))(file);

describe('path patterns (issue 27)', () => {
  it('stop a folder at its slash: charts/prometheus does not cover charts/prometheus-node-exporter', () => {
    assert.equal(owns('/charts/prometheus/', 'charts/prometheus/values.yaml'), true);
    assert.equal(owns('/charts/prometheus/', 'charts/prometheus-node-exporter/values.yaml'), false);
    assert.equal(pathMatcher('services/web', true)('services/web/k8s/d.yaml'), true);
    assert.equal(pathMatcher('services/web', true)('services/web-admin/d.yaml'), false);
    assert.equal(pathMatcher('./services/web/', true)('services/web'), true);
  });

  it("read CODEOWNERS patterns as GitHub's documentation's examples do", () => {
    assert.equal(owns('*.js', 'src/deep/a.js'), true, '*.js anywhere');
    assert.equal(owns('*', 'anything/at/all'), true);
    assert.equal(owns('/build/logs/', 'build/logs/a/b.log'), true);
    assert.equal(owns('/build/logs/', 'x/build/logs/a.log'), false, 'a leading slash roots it');
    assert.equal(owns('docs/*', 'docs/getting-started.md'), true);
    assert.equal(owns('docs/*', 'docs/build-app/troubleshooting.md'), false, 'docs/* is not recursive');
    assert.equal(owns('apps/', 'deep/apps/x.ts'), true, 'a folder name alone matches at any depth');
    assert.equal(owns('/docs/', 'other/docs/x.md'), false);
    assert.equal(owns('**/logs', 'a/b/logs/x'), true);
    assert.equal(owns('/scripts/', 'scripts'), true, 'the folder itself');
  });
});
