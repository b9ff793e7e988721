/**
 * The packages a request needs, loaded together on a command's first request, so the CLI and the extension start
 * without them. They are imported statically here and this module with import(): esbuild's split ESM chunks give a
 * CommonJS package imported with import() only a default export (evanw/esbuild#3245), which broke every request of
 * the bundled CLI once. Lint refuses import() of a package anywhere in src/.
 */
import type { Agent, ClientRequest } from 'node:http';

import { HttpsProxyAgent } from 'https-proxy-agent';

export { default as axios } from 'axios';
export * as https from 'node:https';

/** A proxy's answer to CONNECT. */
export interface ProxyAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}

/** The proxy's own answer to a request's CONNECT when it was not 200: the status the request then sees is the proxy's. */
const refusals = new WeakMap<object, ProxyAnswer>();

/** An agent that tunnels https through `proxy` with CONNECT, remembering what the proxy refused. */
export function proxyAgent(proxy: string, options: { rejectUnauthorized?: boolean } = {}): Agent {
  const agent = new HttpsProxyAgent(proxy, options);
  agent.on('proxyConnect', (answer: ProxyAnswer, req: ClientRequest) => {
    if (answer.statusCode !== 200) refusals.set(req, answer);
  });
  return agent;
}

/** What the proxy answered instead of tunnelling `request` (an axios response's `request`), if it refused. */
export function proxyRefusal(request: unknown): ProxyAnswer | undefined {
  return request !== null && typeof request === 'object' ? refusals.get(request) : undefined;
}
