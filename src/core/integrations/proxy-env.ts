/**
 * Which proxy a request takes, read from the environment the way curl reads it (CURLOPT_NOPROXY,
 * curl.se/libcurl/c/CURLOPT_NOPROXY.html) and Node 24 does under NODE_USE_ENV_PROXY (nodejs.org/api/http.html,
 * "NO_PROXY format"): the lower-case variable wins over the upper-case one; NO_PROXY entries are `*`, a domain that
 * also covers its subdomains (`corp.example`, `.corp.example`, `*.corp.example`), an address, a CIDR block
 * (`10.0.0.0/8`), an address range (`10.0.0.1-10.0.0.9`), each with an optional `:port`. A loopback target is never
 * proxied, whatever NO_PROXY says (Go's ProxyFromEnvironment rule): a proxy elsewhere cannot reach our loopback, and
 * a credential would cross the network in clear text to get there.
 */
import { BlockList, isIP } from 'node:net';

/** The proxy URL for `url`, or undefined to go direct. */
export function proxyForUrl(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const target = new URL(url);
  const scheme = target.protocol.replace(/:$/, '');
  const proxy = variable(env, `${scheme}_proxy`) ?? variable(env, 'all_proxy');
  if (!proxy) return undefined;
  const host = bare(target.hostname);
  if (isLoopback(host)) return undefined;
  const port = Number(target.port || (scheme === 'https' ? 443 : 80));
  const noProxy = variable(env, 'no_proxy') ?? '';
  if (noProxy.split(/[\s,]+/).some((entry) => entry && covers(entry.toLowerCase(), host, port))) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** Loopback names and addresses: localhost (and its subdomains, RFC 6761), 127.0.0.0/8, ::1. */
export function isLoopback(hostname: string): boolean {
  const host = bare(hostname).toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

function variable(env: NodeJS.ProcessEnv, lower: string): string | undefined {
  const value = env[lower] ?? env[lower.toUpperCase()];
  return value === undefined ? undefined : value.trim();
}

/** An IPv6 address without the brackets a URL puts around it. */
function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Whether one NO_PROXY entry covers `host` on `port`. */
function covers(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  const { name, entryPort } = splitPort(entry);
  if (entryPort !== undefined && entryPort !== port) return false;
  if (name.includes('/'))
    return inBlock(host, name, (list, [address, bits], family) => list.addSubnet(address, Number(bits), family));
  if (/^[\d.]+-[\d.]+$|^[\da-f:]+-[\da-f:]+$/.test(name))
    return inBlock(host, name.replace('-', '/'), (list, [from, to], family) => list.addRange(from, to, family));
  if (isIP(name)) return isIP(host) !== 0 && sameAddress(name, host);
  const domain = name.replace(/^\*?\./, '');
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

/** `host:port`, `[v6]:port`, or a bare name or address (an IPv6 address has colons of its own). */
function splitPort(entry: string): { name: string; entryPort?: number } {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
  if (!match) return { name: entry };
  const [, name = '', port] = match;
  return { name, entryPort: port === undefined ? undefined : Number(port) };
}

function inBlock(
  host: string,
  spec: string,
  add: (list: BlockList, parts: [string, string], family: 'ipv4' | 'ipv6') => void,
): boolean {
  const family = isIP(host);
  const [first = '', second = ''] = spec.split('/');
  if (family === 0 || isIP(first) !== family) return false;
  const list = new BlockList();
  const kind = family === 4 ? 'ipv4' : 'ipv6';
  try {
    add(list, [first, second], kind);
  } catch {
    return false; // A malformed block covers nothing, as curl ignores it.
  }
  return list.check(host, kind);
}

function sameAddress(a: string, b: string): boolean {
  const list = new BlockList();
  const family = isIP(a) === 4 ? 'ipv4' : 'ipv6';
  if (isIP(a) !== isIP(b)) return false;
  list.addAddress(a, family);
  return list.check(b, family);
}
