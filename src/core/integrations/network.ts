/**
 * How a request reaches its server: through the proxy the environment names (proxy-env.ts: HTTPS_PROXY, NO_PROXY,
 * as curl reads them) with CONNECT, or directly; and, when TLS fails,
 * what certificate the server showed, so the error can say which CA to trust. In VS Code the host's own proxy agent
 * applies to requests that bring no agent, so there the caller asks for none.
 */
import * as fs from 'node:fs';
import type { Agent } from 'node:http';
import { type TLSSocket } from 'node:tls';

import { keepSecret } from '../errors';
import { proxyForUrl } from './proxy-env';

/** `env`: the CLI reads the proxy variables; `host`: VS Code's proxy support (http.proxy, system certificates) applies. */
export type NetworkMode = 'env' | 'host';

/** How a request reaches its server. */
export interface Route {
  /** The agent to send it with; none for a direct request (Node's own) or in VS Code (the host's). */
  agent?: Agent;
  /** The proxy it goes through, as the user may see it (no credentials): "http://proxy.corp.example:8080". */
  proxy?: string;
}

const agents = new Map<string, Agent>();

/** The route for `url` under `mode`: through the proxy the environment names for it, else direct. */
export async function routeFor(url: string, mode: NetworkMode): Promise<Route> {
  if (mode === 'host') return {};
  const proxy = proxyForUrl(url);
  if (!proxy) return {};
  const shown = keepProxyCredentials(proxy);
  let agent = agents.get(proxy);
  if (!agent) {
    agent = (await import('./network-packages')).proxyAgent(proxy);
    agents.set(proxy, agent);
  }
  return { agent, proxy: shown };
}

/**
 * The proxy's credentials are secrets like any other: its password, and the `user:password` that goes base64 in
 * Proxy-Authorization (a proxy's 407 page may quote it back). Returns the proxy's address without them.
 */
function keepProxyCredentials(proxy: string): string {
  const parsed = new URL(proxy);
  if (parsed.password) {
    const password = decodeURIComponent(parsed.password);
    keepSecret(password);
    keepSecret(`${decodeURIComponent(parsed.username)}:${password}`);
  }
  return parsed.origin;
}

/**
 * What to do about an untrusted certificate. When NODE_EXTRA_CA_CERTS is already set, Node ignored a file it could
 * not use without a word, so the file itself is looked at: missing, holding no certificate, or holding others.
 */
export function trustAdvice(mode: NetworkMode, issuer: string | undefined, env = process.env): string {
  const general =
    "set NODE_EXTRA_CA_CERTS to your company's CA file (or, on Node 22.15 and later, NODE_USE_SYSTEM_CA=1 to trust the operating system's store), or in VS Code check http.systemCertificates";
  const file = env.NODE_EXTRA_CA_CERTS;
  if (mode === 'host' || !file) return general;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return `NODE_EXTRA_CA_CERTS names ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): give the path of your company's CA file`;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    return `NODE_EXTRA_CA_CERTS names ${file}, which holds no certificate (PEM, "-----BEGIN CERTIFICATE-----"): give your company's CA file`;
  return `NODE_EXTRA_CA_CERTS names ${file}, but none of its certificates issued this one${issuer ? ` (ask for the CA "${issuer}")` : ''}`;
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
 * bare HEAD, by the route the request took: a corporate proxy that re-signs TLS shows its company CA here. Undefined when it cannot be read in 5 s.
 */
export async function issuerOf(url: string, mode: NetworkMode): Promise<string | undefined> {
  const target = new URL(url);
  const proxy = mode === 'env' ? proxyForUrl(url) : undefined;
  // node:https comes with the request packages: commands that send nothing never load it or TLS.
  const { https, proxyAgent } = await import('./network-packages');
  // In VS Code no agent of our own, so the host's (http.proxy) carries the probe as it carries the request.
  const agent = proxy
    ? proxyAgent(proxy, { rejectUnauthorized: false })
    : mode === 'env'
      ? new https.Agent({ rejectUnauthorized: false })
      : undefined;
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
