/**
 * How a request reaches its server: through the proxy the environment names (HTTPS_PROXY, HTTP_PROXY, NO_PROXY,
 * upper or lower case, as curl and every CLI read them) with CONNECT for https, or directly; and, when TLS fails,
 * what certificate the server showed, so the error can say which CA to trust. In VS Code the host's own proxy agent
 * applies to requests that bring no agent, so there the caller asks for none.
 */
import type { Agent } from 'node:http';
import * as https from 'node:https';
import { type TLSSocket } from 'node:tls';

/** `env`: the CLI reads the proxy variables; `host`: VS Code's proxy support (http.proxy, system certificates) applies. */
export type NetworkMode = 'env' | 'host';

const agents = new Map<string, Agent>();

/** The agent for `url` under `mode`: a proxy agent when the environment routes it through one, else none (Node's or the host's). */
export async function agentFor(url: string, mode: NetworkMode): Promise<Agent | undefined> {
  if (mode === 'host') return undefined;
  const { getProxyForUrl } = await import('proxy-from-env');
  const proxy = getProxyForUrl(url);
  if (!proxy) return undefined;
  const https = url.startsWith('https:');
  const key = `${https ? 's' : ''}${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = https
      ? new (await import('https-proxy-agent')).HttpsProxyAgent(proxy)
      : new (await import('http-proxy-agent')).HttpProxyAgent(proxy);
    agents.set(key, agent);
  }
  return agent;
}

/** Node's codes for a server certificate the client does not trust (unknown CA, self-signed, wrong name, expired). */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isUntrustedCertificate(code: string | undefined): boolean {
  return code !== undefined && UNTRUSTED.has(code);
}

/**
 * Who issued the certificate `url`'s server shows (through the same proxy), read without sending anything but a
 * bare HEAD: a corporate proxy that re-signs TLS shows its company CA here. Undefined when it cannot be read in 5 s.
 */
export async function issuerOf(url: string, mode: NetworkMode): Promise<string | undefined> {
  const target = new URL(url);
  const { getProxyForUrl } = await import('proxy-from-env');
  const proxy = mode === 'env' ? getProxyForUrl(url) : '';
  const agent = proxy
    ? new (await import('https-proxy-agent')).HttpsProxyAgent(proxy, { rejectUnauthorized: false })
    : new https.Agent({ rejectUnauthorized: false });
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: target.hostname,
        port: target.port || 443,
        path: '/',
        method: 'HEAD',
        agent,
        timeout: 5000,
        rejectUnauthorized: false,
      },
      (res) => {
        const issuer = (res.socket as TLSSocket).getPeerCertificate?.().issuer;
        res.destroy();
        const name = issuer?.CN ?? issuer?.O;
        resolve(Array.isArray(name) ? name.join(', ') : name);
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
