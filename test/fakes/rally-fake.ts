/**
 * A local Rally WSAPI v2.0 server on 127.0.0.1 that behaves like ../shared/rally-api.md: ZSESSIONID auth,
 * QueryResult envelopes, 1-based paging capped at 2000, query filtering (=, !=, contains on dotted fields, binary
 * AND/OR), errors as HTTP 200 with Errors, CreateResult, tags, 429 with Retry-After, 5xx and slow answers.
 */
import * as http from 'node:http';
import { LoopbackServer } from './loopback-server';

export interface FakeStory {
  ObjectID: number;
  FormattedID: string;
  Name: string;
  Description: string;
  ScheduleState: string;
  Tags: string[];
  /** FormattedID of the parent feature (F…), or null. */
  PortfolioItem: string | null;
  /** FormattedID of the parent story (US…), or null. */
  Parent: string | null;
  Project: number;
}

export interface RallyFakeOptions {
  apiKey?: string;
  workspace?: { name: string; id: number };
  project?: { name: string; id: number };
  features?: string[];
  latencyMs?: number;
}

const BASE = '/slm/webservice/v2.0';

type Condition = { field: string; op: string; value: string } | { and: Condition[] } | { or: Condition[] };

/** Parses the query subset WSAPI documents: (A op "v"), ((X) AND (Y)), ((X) OR (Y)). Throws on anything else. */
export function parseQuery(q: string): Condition {
  let i = 0;
  const peek = () => q[i];
  const skip = () => {
    while (q[i] === ' ') i++;
  };
  const expect = (s: string) => {
    skip();
    if (!q.startsWith(s, i)) throw new Error(`expected "${s}" at ${i}`);
    i += s.length;
  };
  const parseGroup = (): Condition => {
    expect('(');
    skip();
    let left: Condition;
    if (peek() === '(') {
      left = parseGroup();
      skip();
      const op = q.startsWith('AND', i) ? 'and' : q.startsWith('OR', i) ? 'or' : undefined;
      if (op) {
        i += op === 'and' ? 3 : 2;
        const right = parseGroup();
        left = op === 'and' ? { and: [left, right] } : { or: [left, right] };
      }
    } else {
      const m = /^([A-Za-z][\w.]*)\s+(=|!=|contains|!contains)\s+"((?:[^"\\]|\\.)*)"/.exec(q.slice(i));
      if (!m) throw new Error(`cannot read a condition at ${i}`);
      i += m[0].length;
      left = { field: m[1] ?? '', op: m[2] ?? '', value: (m[3] ?? '').replace(/\\(.)/g, '$1') };
    }
    expect(')');
    return left;
  };
  const result = parseGroup();
  skip();
  if (i !== q.length) throw new Error(`unexpected text at ${i}`);
  return result;
}

/** Stories keep relations as FormattedIDs (Parent, PortfolioItem) and tag names (Tags): `Tags.Name` reads Tags. */
function fieldValues(obj: Record<string, unknown>, field: string): string[] {
  const value = obj[field.split('.')[0] ?? ''];
  if (Array.isArray(value)) return value.map(String);
  return value === null || value === undefined ? [] : [String(value)];
}

function matches(obj: Record<string, unknown>, c: Condition): boolean {
  if ('and' in c) return c.and.every((x) => matches(obj, x));
  if ('or' in c) return c.or.some((x) => matches(obj, x));
  const values = fieldValues(obj, c.field);
  switch (c.op) {
    case '=':
      return values.some((v) => v === c.value);
    case '!=':
      return values.every((v) => v !== c.value);
    case 'contains':
      return values.some((v) => v.toLowerCase().includes(c.value.toLowerCase()));
    default:
      return values.every((v) => !v.toLowerCase().includes(c.value.toLowerCase()));
  }
}

export class RallyFake extends LoopbackServer {
  readonly stories: FakeStory[] = [];
  readonly tags: { ObjectID: number; Name: string }[] = [];
  readonly requests: { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders }[] = [];
  /**
   * Failures to serve before normal answers: a status (429 carries Retry-After: 1), 'hang' (no answer),
   * 'query-error' (HTTP 200 with Errors) or 'drop-after-create' (the story is made, the answer lost).
   */
  readonly failures: (number | 'drop-after-create' | 'hang' | 'query-error')[] = [];
  latencyMs: number;
  private nextId = 1000;
  private nextUs = 1;
  readonly apiKey: string;
  readonly workspace: { name: string; id: number };
  readonly project: { name: string; id: number };
  readonly features: { FormattedID: string; ObjectID: number }[];

  constructor(options: RallyFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'rally-test-key-5f3a';
    this.workspace = options.workspace ?? { name: 'Engineering', id: 41 };
    this.project = options.project ?? { name: 'SRE', id: 42 };
    this.features = (options.features ?? ['F12']).map((f) => ({ FormattedID: f, ObjectID: this.nextId++ }));
    this.latencyMs = options.latencyMs ?? 0;
  }

  get url(): string {
    return this.origin;
  }

  /** Adds a story directly, as if made in Rally's UI (or imported from our CSV). */
  addStory(story: Partial<FakeStory> & { Name: string }): FakeStory {
    const s: FakeStory = {
      ObjectID: this.nextId++,
      FormattedID: `US${this.nextUs++}`,
      Description: '',
      ScheduleState: 'Defined',
      Tags: [],
      PortfolioItem: 'F12',
      Parent: null,
      Project: this.project.id,
      ...story,
    };
    this.stories.push(s);
    return s;
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private storyJson(s: FakeStory, fetch: string[]): Record<string, unknown> {
    const full: Record<string, unknown> = {
      _ref: `${this.url}${BASE}/hierarchicalrequirement/${s.ObjectID}`,
      _refObjectName: s.Name,
      _type: 'HierarchicalRequirement',
      ObjectID: s.ObjectID,
      FormattedID: s.FormattedID,
      Name: s.Name,
      Description: s.Description,
      ScheduleState: s.ScheduleState,
      LastUpdateDate: '2026-11-25T00:00:00.000Z',
      Tags: { _ref: `${this.url}${BASE}/hierarchicalrequirement/${s.ObjectID}/Tags`, Count: s.Tags.length, _tagsNameArray: s.Tags.map((n) => ({ Name: n, _ref: `/tag/${this.tags.find((t) => t.Name === n)?.ObjectID ?? 0}` })) },
      PortfolioItem: s.PortfolioItem ? { _ref: `${this.url}${BASE}/portfolioitem/feature/${this.features.find((f) => f.FormattedID === s.PortfolioItem)?.ObjectID ?? 0}`, FormattedID: s.PortfolioItem } : null,
      Parent: s.Parent ? { _ref: `/hierarchicalrequirement/0`, FormattedID: s.Parent } : null,
    };
    return Object.fromEntries(Object.entries(full).filter(([k]) => k.startsWith('_') || fetch.includes(k)));
  }

  private query<T extends Record<string, unknown>>(res: http.ServerResponse, params: URLSearchParams, rows: T[], toJson: (row: T, fetch: string[]) => Record<string, unknown>): void {
    const start = Number(params.get('start') ?? '1');
    const pageSize = Math.min(2000, Number(params.get('pagesize') ?? '20'));
    let filtered = rows;
    const q = params.get('query');
    if (q) {
      let condition: Condition;
      try {
        condition = parseQuery(q);
      } catch (e) {
        this.send(res, 200, { QueryResult: { _rallyAPIMajor: '2', _rallyAPIMinor: '0', Errors: [`Could not parse: ${(e as Error).message}`], Warnings: [], TotalResultCount: 0, StartIndex: 0, PageSize: 0, Results: [] } });
        return;
      }
      filtered = rows.filter((r) => matches(r, condition));
    }
    if (params.get('order') === 'ObjectID') filtered = [...filtered].sort((a, b) => Number(a.ObjectID) - Number(b.ObjectID));
    const fetch = (params.get('fetch') ?? '').split(',');
    this.send(res, 200, {
      QueryResult: {
        _rallyAPIMajor: '2',
        _rallyAPIMinor: '0',
        Errors: [],
        Warnings: ['Please update your client to use the latest version of the API.'],
        TotalResultCount: filtered.length,
        StartIndex: start,
        PageSize: pageSize,
        Results: filtered.slice(start - 1, start - 1 + pageSize).map((r) => toJson(r, fetch)),
      },
    });
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers });
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (req.headers.zsessionid !== this.apiKey) {
      this.send(res, 401, { error: 'Unauthorized' });
      return;
    }
    const failure = this.failures[0];
    if (failure === 'query-error') {
      this.failures.shift();
      this.send(res, 200, { QueryResult: { Errors: ['Could not parse: Error parsing expression -- expected ")" but saw "OR" instead.'], Warnings: [], TotalResultCount: 0, StartIndex: 0, PageSize: 0, Results: [] } });
      return;
    }
    if (typeof failure === 'number' || failure === 'hang') {
      this.failures.shift();
      if (failure === 'hang') return; // never answers: the client's timeout must fire
      this.send(res, failure, { OperationResult: { Errors: [`Server error ${failure}`] } }, failure === 429 ? { 'Retry-After': '1' } : {});
      return;
    }
    const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
    const params = url.searchParams;
    if (req.method === 'GET' && path === '/workspace') return this.query(res, params, [{ ObjectID: this.workspace.id, Name: this.workspace.name }], (r) => ({ ...r, _ref: `${this.url}${BASE}/workspace/${r.ObjectID}` }));
    if (req.method === 'GET' && path === '/project') return this.query(res, params, [{ ObjectID: this.project.id, Name: this.project.name }], (r) => ({ ...r, _ref: `${this.url}${BASE}/project/${r.ObjectID}` }));
    if (req.method === 'GET' && path === '/portfolioitem') return this.query(res, params, this.features, (r) => ({ ...r, _ref: `${this.url}${BASE}/portfolioitem/feature/${r.ObjectID}` }));
    if (req.method === 'GET' && path === '/tag') return this.query(res, params, this.tags, (r) => ({ ...r, _ref: `${this.url}${BASE}/tag/${r.ObjectID}` }));
    if (req.method === 'GET' && path === '/hierarchicalrequirement') {
      return this.query(res, params, this.stories as (FakeStory & Record<string, unknown>)[], (r, fetch) => this.storyJson(r, fetch));
    }
    if (req.method === 'POST' && path === '/tag/create') {
      const body = JSON.parse(text) as { Tag: { Name: string } };
      const tag = { ObjectID: this.nextId++, Name: body.Tag.Name };
      this.tags.push(tag);
      return this.send(res, 200, { CreateResult: { Errors: [], Warnings: [], Object: { ...tag, _ref: `${this.url}${BASE}/tag/${tag.ObjectID}` } } });
    }
    if (req.method === 'POST' && path === '/hierarchicalrequirement/create') {
      const body = JSON.parse(text) as { HierarchicalRequirement: Record<string, unknown> };
      const hr = body.HierarchicalRequirement;
      const errors: string[] = [];
      if (typeof hr.Name !== 'string' || !hr.Name) errors.push('Validation error: HierarchicalRequirement.Name should not be null');
      else if (hr.Name.length > 256) errors.push('Validation error: HierarchicalRequirement.Name length exceeds 256');
      const feature = typeof hr.PortfolioItem === 'string' ? this.features.find((f) => hr.PortfolioItem === `${this.url}${BASE}/portfolioitem/feature/${f.ObjectID}` || String(hr.PortfolioItem).endsWith(`/${f.ObjectID}`)) : undefined;
      if (hr.PortfolioItem !== undefined && !feature) errors.push(`Could not read: PortfolioItem ${String(hr.PortfolioItem)}`);
      if (errors.length) return this.send(res, 200, { CreateResult: { Errors: errors, Warnings: [] } });
      const tagIds = ((hr.Tags as { _ref: string }[] | undefined) ?? []).map((t) => Number(t._ref.split('/').pop()));
      const story = this.addStory({
        Name: String(hr.Name),
        Description: String(hr.Description ?? ''),
        ScheduleState: String(hr.ScheduleState ?? 'Defined'),
        Tags: this.tags.filter((t) => tagIds.includes(t.ObjectID)).map((t) => t.Name),
        PortfolioItem: feature?.FormattedID ?? null,
      });
      if (this.failures[0] === 'drop-after-create') {
        this.failures.shift();
        req.socket.destroy(); // the story exists, but its answer is lost
        return;
      }
      return this.send(res, 200, { CreateResult: { Errors: [], Warnings: [], Object: this.storyJson(story, ['ObjectID', 'FormattedID', 'Name', 'ScheduleState']) } });
    }
    this.send(res, 200, { QueryResult: { Errors: [`Not supported by the fake: ${req.method} ${path}`], Warnings: [], TotalResultCount: 0, Results: [] } });
  }
}
