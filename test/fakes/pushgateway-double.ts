/**
 * A Pushgateway's push API as its README documents it (github.com/prometheus/pushgateway#api): PUT
 * /metrics/job/<job>{/<label>@base64/<value>} replaces a group and answers 200; GET /api/v1/metrics lists the
 * groups (an empty list here: the real gateway's groups are tested in metrics.test.ts). It records what it was sent, and
 * can refuse one workspace's group with 413, as an authenticating proxy in front of a gateway does for a body over
 * its limit.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';

import { LoopbackServer } from './loopback-server';

export interface Push {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  body: string;
  /** The workspace of the grouping key, decoded. */
  workspace: string | undefined;
}

export class PushgatewayDouble extends LoopbackServer {
  readonly received: Push[] = [];
  /** Workspaces whose pushes are refused with 413. */
  readonly refuse = new Set<string>();

  get url(): string {
    return this.origin;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += (chunk as Buffer).toString();
    // GET /api/v1/metrics lists the groups held (README, "API"): this double holds none worth reading.
    if (req.method === 'GET' && req.url === '/api/v1/metrics')
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success","data":[]}');
    const encoded = /\/workspace@base64\/([^/]+)/.exec(req.url ?? '')?.[1];
    const workspace = encoded && Buffer.from(encoded === '=' ? '' : encoded, 'base64url').toString('utf8');
    this.received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: req.headers.authorization,
      type: req.headers['content-type'],
      body,
      workspace,
    });
    if (workspace !== undefined && this.refuse.has(workspace))
      return void res.writeHead(413, { 'Content-Type': 'text/plain' }).end('Request Entity Too Large');
    res.writeHead(200).end();
  }
}
