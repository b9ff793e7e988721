/**
 * NO_PROXY as curl reads it (CURLOPT_NOPROXY: "matched as either a domain which contains the hostname, or the
 * hostname itself"; a leading dot is a domain match; CIDR since 7.86.0; `*`) and as Node 24 reads it under
 * NODE_USE_ENV_PROXY (nodejs.org/api/http.html, "NO_PROXY format": `*.example.com`, ranges, `host:port`). The name
 * cases are also run through the real curl against test/fakes/forward-proxy.ts: names under `.test` never resolve,
 * so a direct attempt sends nothing anywhere, and the proxy's log says which way curl went.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { isLoopback, proxyForUrl } from '../../../src/core/integrations/proxy-env';
import { ForwardProxy } from '../../fakes/forward-proxy';

const PROXY = 'http://proxy.corp.test:8080';
const via = (url: string, noProxy: string, extra: Record<string, string> = {}) =>
  proxyForUrl(url, { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, NO_PROXY: noProxy, ...extra });

/** [host, NO_PROXY, goes through the proxy]: curl's own examples, moved to the test domain. */
const NAME_CASES: [string, string, boolean][] = [
  ['jira.corp.test', 'corp.test', false],
  ['corp.test', 'corp.test', false],
  ['corp.test', '.corp.test', false],
  ['jira.corp.test', '.corp.test', false],
  ['notcorp.test', 'corp.test', true],
  ['corp.test.evil.test', 'corp.test', true],
  ['jira.corp.test', '*', false],
  ['jira.corp.test', 'other.test, corp.test', false],
  ['jira.corp.test', 'JIRA.CORP.TEST', false],
  ['jira.corp.test', '', true],
];

describe('NO_PROXY, as curl and Node 24 read it (issue 35)', () => {
  it('matches names as curl does: a domain covers its subdomains, a leading dot covers the domain itself', () => {
    for (const [host, noProxy, proxied] of NAME_CASES)
      assert.equal(via(`https://${host}/rest`, noProxy) !== undefined, proxied, `${host} with NO_PROXY="${noProxy}"`);
  });

  it("takes Node 24's wildcards, ranges and ports, and curl's CIDR blocks, for IPv4 and IPv6", () => {
    assert.equal(via('https://jira.corp.test', '*.corp.test'), undefined);
    assert.equal(via('https://10.1.2.3', '10.0.0.0/8'), undefined);
    assert.equal(via('https://11.1.2.3', '10.0.0.0/8'), PROXY);
    assert.equal(via('https://192.168.1.50', '192.168.1.1-192.168.1.100'), undefined);
    assert.equal(via('https://192.168.1.150', '192.168.1.1-192.168.1.100'), PROXY);
    assert.equal(via('https://[fd00::5]', 'fd00::/8'), undefined);
    assert.equal(via('https://jira.corp.test:8443', 'jira.corp.test:8443'), undefined);
    assert.equal(via('https://jira.corp.test', 'jira.corp.test:8443'), PROXY, 'another port still goes through');
    assert.equal(via('https://jira.corp.test', 'jira.corp.test:443'), undefined, 'the scheme’s default port');
    assert.equal(via('https://10.1.2.3', '10.0.0.0/99'), PROXY, 'a malformed block covers nothing');
  });

  it('never proxies a loopback target, whatever NO_PROXY says (Go’s ProxyFromEnvironment rule)', () => {
    for (const url of ['http://127.0.0.1:9091', 'https://localhost', 'http://[::1]:8080', 'https://127.8.9.10'])
      assert.equal(via(url, ''), undefined, url);
    assert.ok(isLoopback('api.localhost') && !isLoopback('localhost.corp.test'));
  });

  it('reads the lower-case variables first, ALL_PROXY last, and a proxy given without a scheme as http', () => {
    assert.equal(
      proxyForUrl('https://a.test', { https_proxy: 'http://low.test', HTTPS_PROXY: 'http://up.test' }),
      'http://low.test',
    );
    assert.equal(proxyForUrl('https://a.test', { ALL_PROXY: 'proxy.test:3128' }), 'http://proxy.test:3128');
    assert.equal(proxyForUrl('https://a.test', {}), undefined);
    assert.equal(
      proxyForUrl('https://a.test', { HTTPS_PROXY: PROXY, no_proxy: '', NO_PROXY: 'a.test' }),
      PROXY,
      'an empty no_proxy is set, and wins over NO_PROXY',
    );
  });

  describe(
    'the same cases through the real curl',
    { skip: spawnSync('curl', ['--version']).status !== 0 && 'no curl' },
    () => {
      const proxy = new ForwardProxy();
      before(() => proxy.start());
      after(() => proxy.stop());

      it('curl goes through the proxy exactly where proxyForUrl says it should', async () => {
        // The proxy answers every CONNECT with 502 itself, so curl stops there and nothing leaves the machine.
        proxy.failWith = 502;
        for (const [host, noProxy, proxied] of NAME_CASES) {
          proxy.log.length = 0;
          // Asynchronously: the proxy answering curl lives in this process. curl exits non-zero either way.
          await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-m', '5', `https://${host}/rest`], {
            env: { PATH: process.env.PATH ?? '', https_proxy: proxy.url, NO_PROXY: noProxy },
          }).catch(() => undefined);
          assert.equal(proxy.log.length > 0, proxied, `curl: ${host} with NO_PROXY="${noProxy}"`);
        }
      });
    },
  );
});
