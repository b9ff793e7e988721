/**
 * A local Confluence server on 127.0.0.1 that behaves like ../shared/confluence-api.md: Cloud (REST v2, basic
 * auth) or Data Center (content API, bearer PAT), versioned pages, a stale version refused (409 on Data Center,
 * 400 on Cloud), 401/403/404/413, 429 with Retry-After, each deployment's error body, and storage format
 * re-serialised on save the way Confluence does it.
 */
import * as http from 'node:http';

import { LoopbackServer } from './loopback-server';

export interface FakePage {
  id: string;
  title: string;
  version: number;
  body: string;
  /** Versions saved, oldest first: the body as sent, and as stored (re-serialised). */
  history: { version: number; message: string; sent: string; body: string }[];
}

export interface ConfluenceFakeOptions {
  deployment?: 'cloud' | 'datacenter';
  username?: string;
  token?: string;
  /** Largest body accepted on PUT, in characters. */
  maxBody?: number;
}

/** A page like the real ones: macros, a mention, a code block with CDATA, self-closing elements around the table. */
export const SAMPLE_PAGE = `<h1>Checkout reliability</h1>
<p>Owner: <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link> &nbsp;· see <a href="https://wiki.example/x?a=1&amp;b=2">runbook</a></p>
<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>Do not edit the table by hand.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">html</ac:parameter><ac:plain-text-body><![CDATA[<h2>SRE To-Do List</h2><table><tr><th>Key</th></tr></table> if (a < b && c > d) {}]]></ac:plain-text-body></ac:structured-macro>
<h2>SRE To-Do List</h2>
<p>Generated <time datetime="2026-01-01" /> · old summary</p>
<table data-layout="default"><colgroup><col /><col /></colgroup><tbody>
<tr><th><p>Key</p></th><th><p>Status</p></th></tr>
<tr><td><p>old/row/here</p></td><td><ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Red</ac:parameter><ac:parameter ac:name="title">RED</ac:parameter></ac:structured-macro></td></tr>
</tbody></table>
<h2>Notes</h2>
<table><tbody><tr><th><p>Other</p></th></tr><tr><td><p>Keep me <ac:emoticon ac:name="smile" /></p></td></tr></tbody></table>
<p>Last line with an image <ac:image><ri:attachment ri:filename="chart.png" /></ac:image></p>`;

/**
 * What Confluence does to the storage format it stores: it "may optimize/tweak the storage format provided (e.g.
 * removing or adding closing tags)" (Confluence REST docs), adds ac:macro-id to macros, the Cloud editor adds
 * ac:local-id to blocks, and encoded values come back decoded (sphinx-contrib/confluencebuilder PR #801).
 * Ids are numbered per save, so every save gives new ones, as a real save does.
 */
export function reserialise(body: string, deployment: 'cloud' | 'datacenter', save: number): string {
  let n = 0;
  const id = () => `${save.toString(16).padStart(8, '0')}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
  const cdata: string[] = [];
  let out = body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => `\uE000${cdata.push(m) - 1}\uE000`);
  out = out.replace(/<time ([^>]*?)\s*\/>/g, '<time $1></time>');
  out = out.replace(/<ac:structured-macro (?![^>]*ac:macro-id)/g, () => `<ac:structured-macro ac:macro-id="${id()}" `);
  if (deployment === 'cloud') {
    out = out.replace(
      /<(p|table|h[1-6])( [^>]*)?>/g,
      (_m, tag: string, attrs = '') =>
        `<${tag} ac:local-id="${id()}"${attrs}${tag === 'table' ? ' data-table-width="760"' : ''}>`,
    );
  }
  out = out.replace(
    /(^|>)([^<]*)/g,
    (_m, gt: string, text: string) => gt + text.replace(/&quot;/g, '"').replace(/&#39;/g, "'"),
  );
  return out.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => cdata[Number(i)] ?? '');
}

export class ConfluenceFake extends LoopbackServer {
  readonly pages = new Map<string, FakePage>();
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
  /** Failures to serve first: a status, or 'edit' (someone else saves just before our next PUT). */
  readonly failures: (number | 'edit')[] = [];
  /** Data Center with anonymous access on: a refused token reads as anonymous instead of 401. */
  anonymousAccess = false;
  readonly deployment: 'cloud' | 'datacenter';
  readonly username: string;
  readonly token: string;
  readonly maxBody: number;

  constructor(options: ConfluenceFakeOptions = {}) {
    super();
    this.deployment = options.deployment ?? 'cloud';
    this.username = options.username ?? 'sre-lead@example.com';
    this.token = options.token ?? 'confluence-test-token-9c1e';
    this.maxBody = options.maxBody ?? 5_000_000;
  }

  get url(): string {
    return this.deployment === 'cloud' ? `${this.origin}/wiki` : this.origin;
  }

  addPage(id: string, title: string, body: string): FakePage {
    const page = { id, title, version: 7, body, history: [] };
    this.pages.set(id, page);
    return page;
  }

  private error(res: http.ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
    const body =
      this.deployment === 'cloud'
        ? { errors: [{ status, code: http.STATUS_CODES[status]?.toUpperCase().replace(/ /g, '_'), title }] }
        : { statusCode: status, message: title };
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  /**
   * Cloud: basic auth with the account email and API token. Data Center: a personal access token as Bearer, or
   * basic auth with the username and a password or token (Confluence DC "Using personal access tokens").
   */
  private authorised(req: http.IncomingMessage): boolean {
    const basic = `Basic ${Buffer.from(`${this.username}:${this.token}`).toString('base64')}`;
    return this.deployment === 'cloud'
      ? req.headers.authorization === basic
      : req.headers.authorization === `Bearer ${this.token}` || req.headers.authorization === basic;
  }

  private pageJson(p: FakePage): unknown {
    return this.deployment === 'cloud'
      ? {
          id: p.id,
          title: p.title,
          status: 'current',
          spaceId: '98306',
          version: { number: p.version, message: '', createdAt: '2026-11-25T00:00:00Z' },
          body: { storage: { value: p.body, representation: 'storage' } },
        }
      : {
          id: p.id,
          type: 'page',
          title: p.title,
          version: { number: p.version },
          body: { storage: { value: p.body, representation: 'storage' } },
        };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    this.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    const anonymous = !this.authorised(req);
    // A Data Center site open to anonymous readers serves a refused token as anonymous: no 401, pages just vanish.
    if (this.deployment === 'datacenter' && url.pathname === '/rest/api/user/current') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          anonymous ? { type: 'anonymous', displayName: 'Anonymous' } : { type: 'known', username: this.username },
        ),
      );
      return;
    }
    if (anonymous && this.anonymousAccess) return this.error(res, 404, 'No content found with id');
    if (anonymous) return this.error(res, 401, 'Unauthorized; scope does not match');
    const prefix = this.deployment === 'cloud' ? '/wiki/api/v2/pages/' : '/rest/api/content/';
    if (!url.pathname.startsWith(prefix)) return this.error(res, 404, `No such endpoint ${url.pathname}`);
    const failure = this.failures[0];
    if (typeof failure === 'number') {
      this.failures.shift();
      return this.error(res, failure, `Injected ${failure}`, failure === 429 ? { 'Retry-After': '1' } : {});
    }
    const page = this.pages.get(decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!page) return this.error(res, 404, 'Page not found or not visible');
    res.setHeader('Content-Type', 'application/json');
    if (req.method === 'GET') {
      const wanted =
        this.deployment === 'cloud'
          ? url.searchParams.get('body-format') === 'storage'
          : (url.searchParams.get('expand') ?? '').includes('body.storage');
      const json = this.pageJson(page) as { body?: unknown };
      if (!wanted) delete json.body;
      res.end(JSON.stringify(json));
      return;
    }
    if (req.method !== 'PUT') return this.error(res, 405, 'Method not allowed');
    if (failure === 'edit') {
      this.failures.shift();
      this.save(
        page,
        page.body.replace('<h1>Checkout reliability</h1>', '<h1>Checkout reliability (edited)</h1>'),
        'someone else',
      );
    }
    const text = Buffer.concat(chunks).toString();
    if (text.length > this.maxBody) return this.error(res, 413, 'Request entity too large');
    const body = JSON.parse(text) as {
      title?: string;
      version?: { number?: number; message?: string };
      body?: { value?: string; storage?: { value?: string } };
    };
    if (!body.title) return this.error(res, 400, 'Title is required');
    const value = this.deployment === 'cloud' ? body.body?.value : body.body?.storage?.value;
    if (typeof value !== 'string') return this.error(res, 400, 'Body is required');
    if (body.version?.number !== page.version + 1) {
      // Data Center answers 409; Cloud's v2 OpenAPI lists only 200/400/401/404 for PUT /pages/{id}.
      return this.error(
        res,
        this.deployment === 'cloud' ? 400 : 409,
        `Version must be incremented on update. Current version is: ${page.version}`,
      );
    }
    this.save(page, value, body.version.message ?? '');
    res.end(JSON.stringify(this.pageJson(page)));
  }

  private save(page: FakePage, body: string, message: string): void {
    page.version++;
    page.body = reserialise(body, this.deployment, page.version);
    page.history.push({ version: page.version, message, sent: body, body: page.body });
  }
}
