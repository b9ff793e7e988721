/**
 * A local Rally WSAPI v2.0 server on 127.0.0.1 that behaves like ../shared/rally-api.md (from Rally's WSAPI docs,
 * Broadcom's KBs and the official SDKs pyral and rally-node): ZSESSIONID auth, QueryResult envelopes, 1-based
 * paging capped at 2000, queries on real attribute paths (binary AND/OR, unknown attributes refused), errors as
 * HTTP 200 with Errors, CreateResult and OperationResult, tags, workspaces seen through the subscription, the CSV
 * importer's losses, 429 with Retry-After, 5xx and slow answers.
 */
import type * as http from 'node:http';

import { parse } from 'csv-parse/sync';

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
  Notes: string;
  /**
   * Set by Rally when the schedule state reaches Accepted (or a later state) and cleared when it goes back (WSAPI
   * object model, HierarchicalRequirement.AcceptedDate: read-only, "the date the work product was accepted").
   */
  AcceptedDate: string | null;
  /** Custom fields (`c_TargetDate`), as a workspace administrator adds them: read and written like any attribute. */
  custom: Record<string, string>;
}

/** A discussion post (WSAPI ConversationPost: Artifact, Text, PostNumber). */
export interface FakePost {
  ObjectID: number;
  Artifact: number;
  Text: string;
  PostNumber: number;
}

export interface RallyFakeOptions {
  apiKey?: string;
  /** The API key owner's default workspace: the only one a by-name `/workspace` query sees. */
  workspace?: { name: string; id: number };
  /** Other workspaces of the subscription, visible to the key. */
  otherWorkspaces?: { name: string; id: number }[];
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
      // WSAPI documents no escape inside a quoted value: the first " ends it.
      const m = /^([A-Za-z][\w.]*)\s+(=|!=|contains|!contains)\s+"([^"]*)"/.exec(q.slice(i));
      if (!m) throw new Error(`cannot read a condition at ${i}`);
      i += m[0].length;
      left = { field: m[1] ?? '', op: m[2] ?? '', value: m[3] ?? '' };
    }
    expect(')');
    return left;
  };
  const result = parseGroup();
  skip();
  if (i !== q.length) throw new Error(`unexpected text at ${i}`);
  return result;
}

/** An attribute path such as `Tags.Name` read off a row: its values, or undefined when the type has no such attribute. */
type Attributes = Record<string, (row: Record<string, unknown>) => unknown>;

/**
 * Story attributes as WSAPI exposes them to queries. Relations are objects reached by a dotted path
 * (`PortfolioItem.FormattedID`, `Parent.FormattedID`, `Tags.Name`, `Project.ObjectID`); a path the type lacks is an
 * error, as WSAPI answers "Could not parse: Could not find attribute …".
 */
const STORY_ATTRIBUTES: Attributes = {
  ObjectID: (s) => s.ObjectID,
  FormattedID: (s) => s.FormattedID,
  Name: (s) => s.Name,
  ScheduleState: (s) => s.ScheduleState,
  'Tags.Name': (s) => s.Tags,
  'PortfolioItem.FormattedID': (s) => s.PortfolioItem,
  'Parent.FormattedID': (s) => s.Parent,
  'Project.ObjectID': (s) => s.Project,
};
/** A post's Artifact compares as the relative ref a query gives (`/hierarchicalrequirement/123`). */
const POST_ATTRIBUTES: Attributes = {
  ObjectID: (p) => p.ObjectID,
  Artifact: (p) => `/hierarchicalrequirement/${String(p.Artifact)}`,
  PostNumber: (p) => p.PostNumber,
};
const NAMED_ATTRIBUTES: Attributes = {
  ObjectID: (r) => r.ObjectID,
  Name: (r) => r.Name,
  FormattedID: (r) => r.FormattedID,
};

function check(c: Condition, attributes: Attributes, type: string): void {
  if ('and' in c) return c.and.forEach((x) => check(x, attributes, type));
  if ('or' in c) return c.or.forEach((x) => check(x, attributes, type));
  if (!attributes[c.field])
    throw new Error(
      `Could not find attribute "${c.field.split('.')[0]}" on type ${type} in the query segment "${c.field}"`,
    );
}

function valuesOf(row: Record<string, unknown>, get: (row: Record<string, unknown>) => unknown): string[] {
  const value = get(row);
  if (Array.isArray(value)) return value.map(String);
  return value === null || value === undefined ? [] : [String(value)];
}

/** `contains` is case-insensitive in WSAPI; `=` on strings is exact here (Rally folds case for some fields only). */
function matches(row: Record<string, unknown>, c: Condition, attributes: Attributes): boolean {
  if ('and' in c) return c.and.every((x) => matches(row, x, attributes));
  if ('or' in c) return c.or.some((x) => matches(row, x, attributes));
  const values = valuesOf(row, attributes[c.field]!);
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

/** Column titles Rally's importer reads into a story; anything else in our CSV (Parent, Tags, Project…) is dropped. */
const IMPORTED_COLUMNS: Record<string, 'Name' | 'Description' | 'ScheduleState' | 'Notes'> = {
  Name: 'Name',
  Description: 'Description',
  'Schedule State': 'ScheduleState',
  Notes: 'Notes',
};

export class RallyFake extends LoopbackServer {
  readonly stories: FakeStory[] = [];
  readonly tags: { ObjectID: number; Name: string }[] = [];
  readonly requests: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
    body: string;
  }[] = [];
  /**
   * Failures to serve before normal answers: a status (429 carries Retry-After: 1), 'hang' (no answer),
   * 'query-error' (HTTP 200 with Errors) or 'drop-after-create' (the story is made, the answer lost).
   */
  readonly failures: (number | 'drop-after-create' | 'drop-after-post' | 'hang' | 'query-error')[] = [];
  readonly posts: FakePost[] = [];
  latencyMs: number;
  private nextId = 1000;
  private nextUs = 1;
  readonly apiKey: string;
  /** The workspace's schedule states, in order: Rally's standard four unless a test adds its own. */
  scheduleStates = ['Defined', 'In-Progress', 'Completed', 'Accepted'];
  /** Answer GET /subscription as a one-row QueryResult, as some servers do. */
  subscriptionAsQuery = false;
  /** Errors GET /subscription answers with (HTTP 200, as WSAPI reports them). */
  subscriptionErrors: string[] = [];
  readonly workspace: { name: string; id: number };
  readonly otherWorkspaces: { name: string; id: number }[];
  readonly project: { name: string; id: number };
  readonly features: { FormattedID: string; ObjectID: number }[];
  private readonly subscriptionId = 7;

  constructor(options: RallyFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'rally-test-key-5f3a';
    this.workspace = options.workspace ?? { name: 'Engineering', id: 41 };
    this.otherWorkspaces = options.otherWorkspaces ?? [];
    this.project = options.project ?? { name: 'SRE', id: 42 };
    this.features = (options.features ?? ['F12']).map((f) => ({ FormattedID: f, ObjectID: this.nextId++ }));
    this.latencyMs = options.latencyMs ?? 0;
  }

  get url(): string {
    return this.origin;
  }

  /** Writes (creates, updates, tag creates) the fake has served: what "sync wrote nothing to Rally" is checked on. */
  get writes(): number {
    return this.requests.filter((r) => r.method !== 'GET').length;
  }

  /** Adds a story directly, as if made in Rally's UI. */
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
      Notes: '',
      AcceptedDate: null,
      custom: {},
      ...story,
    };
    this.stories.push(s);
    return s;
  }

  /** Moves a story to `state` as Rally does, setting or clearing AcceptedDate (at `at`) with it. */
  moveStory(story: FakeStory, state: string, at = new Date()): void {
    const accepted = this.scheduleStates.indexOf('Accepted');
    const index = this.scheduleStates.indexOf(state);
    if (index >= accepted && this.scheduleStates.indexOf(story.ScheduleState) < accepted)
      story.AcceptedDate = at.toISOString();
    if (index < accepted) story.AcceptedDate = null;
    story.ScheduleState = state;
  }

  /**
   * Rally's "Import User Stories" from a CSV file, as its help describes it: every row becomes a new story; only
   * fields the importer takes are read (Name, Description, Schedule State, Notes); "You cannot import associations
   * between work items" and tags cannot be imported (Rally help, Import and Export Data), and "The Project field
   * cannot be imported; all artifacts that are imported will be added to the current project".
   */
  importCsv(csv: string): FakeStory[] {
    const rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
    return rows.map((row) => {
      const fields: Partial<FakeStory> & { Name: string } = {
        Name: '',
        PortfolioItem: null,
        Parent: null,
        Tags: [],
        Project: this.project.id,
      };
      for (const [title, value] of Object.entries(row)) {
        const field = IMPORTED_COLUMNS[title];
        if (field) fields[field] = value;
      }
      if (!fields.Name) throw new Error('Rally import: Name is required on every row');
      if (fields.Name.length > 256) throw new Error('Rally import: Name is longer than 256 characters');
      return this.addStory(fields);
    });
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private ref(type: string, id: number): string {
    return `${this.url}${BASE}/${type}/${id}`;
  }

  private storyJson(s: FakeStory, fetch: string[]): Record<string, unknown> {
    const full: Record<string, unknown> = {
      _ref: this.ref('hierarchicalrequirement', s.ObjectID),
      _refObjectName: s.Name,
      _type: 'HierarchicalRequirement',
      ObjectID: s.ObjectID,
      FormattedID: s.FormattedID,
      Name: s.Name,
      Description: s.Description,
      Notes: s.Notes,
      ScheduleState: s.ScheduleState,
      AcceptedDate: s.AcceptedDate,
      ...s.custom,
      LastUpdateDate: '2026-11-25T00:00:00.000Z',
      Project: {
        _ref: this.ref('project', s.Project),
        _refObjectName: s.Project === this.project.id ? this.project.name : 'Other',
        _type: 'Project',
      },
      Tags: {
        _ref: `${this.ref('hierarchicalrequirement', s.ObjectID)}/Tags`,
        Count: s.Tags.length,
        _tagsNameArray: s.Tags.map((n) => ({
          Name: n,
          _ref: this.ref('tag', this.tags.find((t) => t.Name === n)?.ObjectID ?? 0),
        })),
      },
      PortfolioItem: s.PortfolioItem
        ? {
            _ref: this.ref(
              'portfolioitem/feature',
              this.features.find((f) => f.FormattedID === s.PortfolioItem)?.ObjectID ?? 0,
            ),
            FormattedID: s.PortfolioItem,
          }
        : null,
      Parent: s.Parent
        ? {
            _ref: this.ref(
              'hierarchicalrequirement',
              this.stories.find((p) => p.FormattedID === s.Parent)?.ObjectID ?? 0,
            ),
            FormattedID: s.Parent,
          }
        : null,
    };
    return Object.fromEntries(Object.entries(full).filter(([k]) => k.startsWith('_') || fetch.includes(k)));
  }

  private queryError(res: http.ServerResponse, message: string): void {
    this.send(res, 200, {
      QueryResult: {
        _rallyAPIMajor: '2',
        _rallyAPIMinor: '0',
        Errors: [`Could not parse: ${message}`],
        Warnings: [],
        TotalResultCount: 0,
        StartIndex: 0,
        PageSize: 0,
        Results: [],
      },
    });
  }

  private query<T extends Record<string, unknown>>(
    res: http.ServerResponse,
    params: URLSearchParams,
    rows: T[],
    attributes: Attributes,
    type: string,
    toJson: (row: T, fetch: string[]) => Record<string, unknown>,
  ): void {
    const start = Number(params.get('start') ?? '1');
    const pageSize = Math.min(2000, Number(params.get('pagesize') ?? '20'));
    let filtered = rows;
    const q = params.get('query');
    if (q) {
      let condition: Condition;
      try {
        condition = parseQuery(q);
        check(condition, attributes, type);
      } catch (e) {
        return this.queryError(res, (e as Error).message);
      }
      filtered = rows.filter((r) => matches(r, condition, attributes));
    }
    if (params.get('order') === 'ObjectID')
      filtered = [...filtered].sort((a, b) => Number(a.ObjectID) - Number(b.ObjectID));
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

  /** The Tags collection a create or update sends: refs to existing tags only, as WSAPI reads them. */
  private tagNames(refs: unknown): string[] {
    const ids = ((refs as { _ref: string }[] | undefined) ?? []).map((t) => Number(t._ref.split('/').pop()));
    return this.tags.filter((t) => ids.includes(t.ObjectID)).map((t) => t.Name);
  }

  /** A parent given as a ref: PortfolioItem to a feature, Parent to a story; undefined when the ref reads nothing. */
  private parentOf(hr: Record<string, unknown>): { PortfolioItem: string | null; Parent: string | null } | undefined {
    const id = (v: unknown) => Number(String(v).split('/').pop());
    if (typeof hr.PortfolioItem === 'string') {
      const feature = this.features.find((f) => f.ObjectID === id(hr.PortfolioItem));
      return feature ? { PortfolioItem: feature.FormattedID, Parent: null } : undefined;
    }
    if (typeof hr.Parent === 'string') {
      const parent = this.stories.find((p) => p.ObjectID === id(hr.Parent));
      return parent ? { PortfolioItem: null, Parent: parent.FormattedID } : undefined;
    }
    return { PortfolioItem: null, Parent: null };
  }

  private workspaceRows(list: { name: string; id: number }[]): { ObjectID: number; Name: string }[] {
    return list.map((w) => ({ ObjectID: w.id, Name: w.name }));
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text,
    });
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (req.headers.zsessionid !== this.apiKey) {
      this.send(res, 401, { error: 'Unauthorized' });
      return;
    }
    const failure = this.failures[0];
    if (failure === 'query-error') {
      this.failures.shift();
      this.send(res, 200, {
        QueryResult: {
          Errors: ['Could not parse: Error parsing expression -- expected ")" but saw "OR" instead.'],
          Warnings: [],
          TotalResultCount: 0,
          StartIndex: 0,
          PageSize: 0,
          Results: [],
        },
      });
      return;
    }
    if (typeof failure === 'number' || failure === 'hang') {
      this.failures.shift();
      if (failure === 'hang') return; // never answers: the client's timeout must fire
      this.send(
        res,
        failure,
        { OperationResult: { Errors: [`Server error ${failure}`] } },
        failure === 429 ? { 'Retry-After': '1' } : {},
      );
      return;
    }
    const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
    const params = url.searchParams;
    const named =
      <T extends { ObjectID: number }>(type: string) =>
      (r: T) => ({ ...r, _ref: this.ref(type, r.ObjectID) });
    if (req.method === 'GET' && path === '/subscription') {
      // pyral and the WSAPI docs: the subscription's Workspaces collection lists every workspace the key can see.
      // Some servers answer with a one-row QueryResult instead of the object; pyral accepts both.
      const subscription = {
        _ref: this.ref('subscription', this.subscriptionId),
        ObjectID: this.subscriptionId,
        Name: 'Example Corp',
        Workspaces: {
          _ref: `${this.url}${BASE}/Subscription/${this.subscriptionId}/Workspaces`,
          _type: 'Workspace',
          Count: 1 + this.otherWorkspaces.length,
        },
      };
      if (this.subscriptionErrors.length)
        return this.send(res, 200, {
          QueryResult: { Errors: this.subscriptionErrors, Warnings: [], TotalResultCount: 0, Results: [] },
        });
      return this.send(
        res,
        200,
        this.subscriptionAsQuery
          ? {
              QueryResult: {
                Errors: [],
                Warnings: [],
                TotalResultCount: 1,
                StartIndex: 1,
                PageSize: 20,
                Results: [subscription],
              },
            }
          : { Subscription: subscription },
      );
    }
    if (req.method === 'GET' && path === `/Subscription/${this.subscriptionId}/Workspaces`) {
      return this.query(
        res,
        params,
        this.workspaceRows([this.workspace, ...this.otherWorkspaces]),
        NAMED_ATTRIBUTES,
        'Workspace',
        named('workspace'),
      );
    }
    if (req.method === 'GET' && path === '/workspace') {
      // Without a workspace parameter only the key owner's default workspace is searched (Broadcom KB 57602, 118587).
      const visible = params.get('workspace')
        ? [this.workspace, ...this.otherWorkspaces].filter((w) => params.get('workspace') === `/workspace/${w.id}`)
        : [this.workspace];
      return this.query(res, params, this.workspaceRows(visible), NAMED_ATTRIBUTES, 'Workspace', named('workspace'));
    }
    if (req.method === 'GET' && path === '/project')
      return this.query(
        res,
        params,
        [{ ObjectID: this.project.id, Name: this.project.name }],
        NAMED_ATTRIBUTES,
        'Project',
        named('project'),
      );
    if (req.method === 'GET' && path === '/schedulestate') {
      // WSAPI's ScheduleState type: the workspace's states with their OrderIndex (a workspace may add states after
      // Accepted, such as Released); order=OrderIndex as the client asks.
      const rows = this.scheduleStates.map((Name, i) => ({
        ObjectID: 9000 + i,
        Name,
        OrderIndex: i * 10,
        Enabled: true,
      }));
      return this.query(res, params, rows, NAMED_ATTRIBUTES, 'ScheduleState', named('schedulestate'));
    }
    if (req.method === 'GET' && path === '/portfolioitem')
      return this.query(res, params, this.features, NAMED_ATTRIBUTES, 'PortfolioItem', named('portfolioitem/feature'));
    if (req.method === 'GET' && path === '/tag')
      return this.query(res, params, this.tags, NAMED_ATTRIBUTES, 'Tag', named('tag'));
    if (req.method === 'GET' && path === '/hierarchicalrequirement') {
      // Queries are scoped to the project given (projectScopeDown has no children to add here).
      const project = Number(params.get('project')?.split('/').pop());
      const inScope =
        Number.isInteger(project) && project > 0 ? this.stories.filter((st) => st.Project === project) : this.stories;
      return this.query(
        res,
        params,
        inScope as (FakeStory & Record<string, unknown>)[],
        STORY_ATTRIBUTES,
        'HierarchicalRequirement',
        (r, fetch) => this.storyJson(r, fetch),
      );
    }
    if (req.method === 'POST' && path === '/tag/create') {
      const body = JSON.parse(text) as { Tag: { Name: string } };
      const tag = { ObjectID: this.nextId++, Name: body.Tag.Name };
      this.tags.push(tag);
      return this.send(res, 200, {
        CreateResult: { Errors: [], Warnings: [], Object: { ...tag, _ref: this.ref('tag', tag.ObjectID) } },
      });
    }
    if (req.method === 'POST' && path === '/hierarchicalrequirement/create') {
      const body = JSON.parse(text) as { HierarchicalRequirement: Record<string, unknown> };
      const hr = body.HierarchicalRequirement;
      const errors: string[] = [];
      if (typeof hr.Name !== 'string' || !hr.Name)
        errors.push('Validation error: HierarchicalRequirement.Name should not be null');
      else if (hr.Name.length > 256) errors.push('Validation error: HierarchicalRequirement.Name length exceeds 256');
      const parent = this.parentOf(hr);
      if (!parent) errors.push(`Could not read: parent ${String(hr.PortfolioItem ?? hr.Parent)}`);
      if (errors.length || !parent) return this.send(res, 200, { CreateResult: { Errors: errors, Warnings: [] } });
      const story = this.addStory({
        Name: String(hr.Name),
        Description: String(hr.Description ?? ''),
        ScheduleState: String(hr.ScheduleState ?? 'Defined'),
        Tags: this.tagNames(hr.Tags),
        ...parent,
      });
      if (this.failures[0] === 'drop-after-create') {
        this.failures.shift();
        req.socket.destroy(); // the story exists, but its answer is lost
        return;
      }
      return this.send(res, 200, {
        CreateResult: {
          Errors: [],
          Warnings: [],
          Object: this.storyJson(story, (params.get('fetch') ?? 'ObjectID,FormattedID,Name,ScheduleState').split(',')),
        },
      });
    }
    const addTags = /^\/hierarchicalrequirement\/(\d+)\/Tags\/add$/.exec(path);
    if (req.method === 'POST' && addTags) {
      // Collection add (WSAPI "Collections": POST …/Tags/add {"CollectionItems": [{_ref}]}) → OperationResult
      // with the collection's items; tags already there stay, whoever added them.
      const story = this.stories.find((st) => st.ObjectID === Number(addTags[1]));
      if (!story)
        return this.send(res, 200, {
          OperationResult: { Errors: [`Cannot find object: ${addTags[1]}`], Warnings: [] },
        });
      const items = (JSON.parse(text) as { CollectionItems?: unknown }).CollectionItems;
      story.Tags = [...new Set([...story.Tags, ...this.tagNames(items)])];
      return this.send(res, 200, {
        OperationResult: { Errors: [], Warnings: [], Results: story.Tags.map((Name) => ({ Name })) },
      });
    }
    const update = /^\/hierarchicalrequirement\/(\d+)$/.exec(path);
    if (req.method === 'POST' && update) {
      // Update: POST /hierarchicalrequirement/<ObjectID> {"HierarchicalRequirement": {changed fields}} → OperationResult;
      // a collection sent (Tags) replaces the story's collection.
      const story = this.stories.find((st) => st.ObjectID === Number(update[1]));
      if (!story)
        return this.send(res, 200, {
          OperationResult: { Errors: [`Cannot find object to update: ${update[1]}`], Warnings: [] },
        });
      const hr = (JSON.parse(text) as { HierarchicalRequirement: Record<string, unknown> }).HierarchicalRequirement;
      if ('PortfolioItem' in hr || 'Parent' in hr) {
        const parent = this.parentOf(hr);
        if (!parent)
          return this.send(res, 200, {
            OperationResult: {
              Errors: [`Could not read: parent ${String(hr.PortfolioItem ?? hr.Parent)}`],
              Warnings: [],
            },
          });
        Object.assign(story, parent);
      }
      if ('Tags' in hr) story.Tags = this.tagNames(hr.Tags);
      if (typeof hr.ScheduleState === 'string') {
        if (!this.scheduleStates.includes(hr.ScheduleState))
          return this.send(res, 200, {
            OperationResult: {
              Errors: [`Validation error: HierarchicalRequirement.ScheduleState "${hr.ScheduleState}" is not allowed`],
              Warnings: [],
            },
          });
        this.moveStory(story, hr.ScheduleState);
      }
      for (const [field, value] of Object.entries(hr))
        if (field.startsWith('c_')) story.custom[field] = String(value ?? '');
      return this.send(res, 200, {
        OperationResult: {
          Errors: [],
          Warnings: [],
          Object: this.storyJson(story, (params.get('fetch') ?? 'ObjectID,FormattedID,Name').split(',')),
        },
      });
    }
    if (req.method === 'POST' && path === '/conversationpost/create') {
      // Create: POST /conversationpost/create {"ConversationPost": {Artifact: ref, Text: HTML}} → CreateResult.
      const cp = (JSON.parse(text) as { ConversationPost: { Artifact?: string; Text?: string } }).ConversationPost;
      const story = this.stories.find(
        (st) =>
          st.ObjectID ===
          Number(
            String(cp.Artifact ?? '')
              .split('/')
              .pop(),
          ),
      );
      if (!story)
        return this.send(res, 200, {
          CreateResult: { Errors: [`Could not read: Artifact ${String(cp.Artifact)}`], Warnings: [] },
        });
      const post: FakePost = {
        ObjectID: this.nextId++,
        Artifact: story.ObjectID,
        Text: String(cp.Text ?? ''),
        PostNumber: this.posts.filter((p) => p.Artifact === story.ObjectID).length + 1,
      };
      this.posts.push(post);
      if (this.failures[0] === 'drop-after-post') {
        this.failures.shift();
        req.socket.destroy(); // the post exists, but its answer is lost
        return;
      }
      return this.send(res, 200, {
        CreateResult: {
          Errors: [],
          Warnings: [],
          Object: { ...post, _ref: this.ref('conversationpost', post.ObjectID) },
        },
      });
    }
    if (req.method === 'GET' && path === '/conversationpost')
      return this.query(
        res,
        params,
        this.posts as (FakePost & Record<string, unknown>)[],
        POST_ATTRIBUTES,
        'ConversationPost',
        (p, fetch) =>
          Object.fromEntries(
            Object.entries({ ...p, Artifact: { _ref: this.ref('hierarchicalrequirement', p.Artifact) } }).filter(
              ([k]) => fetch.includes(k),
            ),
          ),
      );
    this.send(res, 200, {
      QueryResult: {
        Errors: [`Not supported by the fake: ${req.method} ${path}`],
        Warnings: [],
        TotalResultCount: 0,
        Results: [],
      },
    });
  }
}
