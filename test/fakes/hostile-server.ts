/**
 * A server that misbehaves the ways real ones (and attackers) do, for every client at once: it drips its answer a
 * byte at a time, floods an endless body, promises more pages forever, echoes the request's headers in an error,
 * and points Rally's `_ref`s at another host. Whatever path is asked, the current `mode` decides the answer.
 */
import type * as http from 'node:http';

import { LoopbackServer } from './loopback-server';

export type HostileMode = 'drip' | 'flood' | 'page-forever' | 'echo-headers' | 'ref-elsewhere' | 'sign-in' | 'refuse';

export class HostileServer extends LoopbackServer {
  mode: HostileMode = 'drip';
  /** Where `ref-elsewhere` points Rally's Workspaces collection. */
  elsewhere = 'https://collector.example';
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  get url(): string {
    return this.origin;
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for await (const _chunk of req); // read the body, so the client's write completes
    const url = new URL(req.url ?? '/', this.origin);
    this.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    res.on('close', () => this.timers.forEach((t) => clearInterval(t)));
    switch (this.mode) {
      case 'drip':
        return this.drip(res);
      case 'flood':
        return this.flood(res);
      case 'page-forever':
        return this.pageForever(url, res);
      case 'echo-headers':
        // As a misconfigured gateway or debug endpoint does: the request's headers in the error body.
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            message: `bad request; you sent ${JSON.stringify(req.headers)}`,
            errorMessages: [String(req.headers.authorization ?? req.headers.zsessionid)],
          }),
        );
        return;
      case 'sign-in':
        // An SSO gateway in front of the API sends every request to its login page.
        res.writeHead(302, { Location: 'https://sso.example/login?next=%2Fapi' });
        res.end();
        return;
      case 'refuse':
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errorMessages: ['Client must be authenticated to access this resource.'] }));
        return;
      case 'ref-elsewhere':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ Subscription: { Workspaces: { _ref: `${this.elsewhere}/collect/Workspaces`, Count: 1 } } }),
        );
        return;
    }
  }

  /** Headers at once, then one byte every 100 ms, for ever: only a total deadline ends it. */
  private drip(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(' ');
    const timer = setInterval(() => res.write(' '), 100);
    this.timers.add(timer);
  }

  /** An endless JSON string, 1 MiB a chunk, as fast as the client reads it. */
  private flood(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"data":"');
    const chunk = 'x'.repeat(1024 * 1024);
    const more = () => {
      while (res.write(chunk));
    };
    res.on('drain', more);
    more();
  }

  /** Jira: the same nextPageToken every time; Rally: a TotalResultCount of 1e11; both with a result a page. */
  private pageForever(url: URL, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (url.pathname.endsWith('/search/jql')) {
      res.end(
        JSON.stringify({
          issues: [{ id: '1', key: 'SRE-1', fields: { summary: 'x' } }],
          nextPageToken: 'again',
          isLast: false,
        }),
      );
      return;
    }
    // Rally resolves its workspace through the subscription first: those answer normally.
    if (url.pathname.endsWith('/subscription')) {
      res.end(
        JSON.stringify({
          Subscription: { Workspaces: { _ref: `${this.origin}/slm/webservice/v2.0/Subscription/7/Workspaces` } },
        }),
      );
      return;
    }
    if (url.pathname.endsWith('/Workspaces')) {
      res.end(
        JSON.stringify({
          QueryResult: {
            Errors: [],
            Warnings: [],
            TotalResultCount: 1,
            StartIndex: 1,
            PageSize: 2000,
            Results: [{ ObjectID: 1, Name: 'W' }],
          },
        }),
      );
      return;
    }
    const start = Number(url.searchParams.get('start') ?? 1);
    res.end(
      JSON.stringify({
        QueryResult: {
          Errors: [],
          Warnings: [],
          TotalResultCount: 1e11,
          StartIndex: start,
          PageSize: 2000,
          Results: [
            { ObjectID: start, FormattedID: `US${start}`, Name: 'x', _ref: `/hierarchicalrequirement/${start}` },
          ],
        },
      }),
    );
  }

  override stop(): Promise<void> {
    this.timers.forEach((t) => clearInterval(t));
    return super.stop();
  }
}
