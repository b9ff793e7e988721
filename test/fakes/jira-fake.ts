/**
 * A local Jira Cloud on 127.0.0.1 that behaves like its REST API v3 documentation: basic auth with email + API
 * token, POST /rest/api/3/search/jql paged with nextPageToken (left out on the last page, JRACLOUD-92184), at most
 * 100 issues with fields a page, a JQL subset (=, ~ on summary, AND) that refuses unknown fields with a 400 as Jira
 * does, POST /issue (201 {id, key, self}; a summary of 255 characters or more is refused), GET and PUT /issue/{key}
 * (204, `update.labels` add operations), and status categories (new, indeterminate, done).
 *
 * And as it behaves under load, each with its source:
 * - Search is eventually consistent: an issue is missing from search for `searchLagMs` after it is created
 *   (developer.atlassian.com/cloud/jira/platform/search-and-reconcile/).
 * - `dropNextCreateAnswer`: the issue is created, the connection dropped before the answer (a lost answer).
 * - `throttleCreatesFor(s)`: creates answer 429 with Retry-After and X-RateLimit-Reset (the reset time, ISO 8601
 *   to the minute) until the window has passed; a create inside it gets 429 again
 *   (developer.atlassian.com/cloud/jira/platform/rate-limiting/).
 * - A label with a space is refused: 400 "The label '…' contains spaces which is invalid." (Jira's field rules).
 * - Issue types belong to the project: GET /issue/createmeta/{project}/issuetypes (paged with startAt) lists
 *   them, and a create names its type by id (REST v3 "Get create field metadata for a project and issue type").
 *
 * With `new JiraFake('datacenter')`, a Jira Data Center 9 under the context path /jira, as its REST v2 reference
 * (docs.atlassian.com/software/jira/docs/api/REST/9.12.0/) documents it:
 * - a personal access token as `Authorization: Bearer` (Jira 8.14+, "Using Personal Access Tokens"), or basic
 *   auth with a username and password;
 * - POST /rest/api/2/search with startAt/maxResults/total, maxResults cut to what the server allows
 *   (jira.search.views.default.max; small here so paging shows), and no /search/jql;
 * - GET /rest/api/2/issue/createmeta/{project}/issuetypes answering `values` with `isLast` (8.4+, the only form
 *   from 9.0, JRASERVER-74965);
 * - descriptions as wiki markup strings (an object is refused: "Operation value must be a string");
 * - an epic as Jira Software's Epic Link custom field (GET /rest/api/2/field lists it with schema.custom
 *   com.pyxis.greenhopper.jira:gh-epic-link; JQL `cf[10101]`); `parent` on a non-sub-task is refused.
 *
 * Both have the workflow's transitions and the issue's comments (REST v3 and v2 "Get transitions", "Transition
 * issue", "Get comments", "Add comment"): GET /issue/{key}/transitions lists the transitions from the issue's status,
 * each with `to` and its status category; POST /issue/{key}/transitions {transition: {id}} answers 204, or 400 for a
 * transition the status does not offer; a move into Done sets `resolutiondate`, one out of it clears it. Comments are
 * paged with startAt/maxResults/total; Cloud's bodies are documents (ADF), Data Center's wiki strings. `duedate`
 * (YYYY-MM-DD) is set with PUT /issue/{key} {fields: {duedate}}.
 */
import type * as http from 'node:http';

import { LoopbackServer } from './loopback-server';

export interface FakeIssue {
  id: string;
  key: string;
  summary: string;
  labels: string[];
  parent: string | null;
  status: string;
  category: 'new' | 'indeterminate' | 'done';
  description: unknown;
  resolutiondate: string | null;
  duedate: string | null;
  comments: unknown[];
}

/** The workflow: every status, its category, and the transitions out of it (Jira's simplified workflow). */
export const WORKFLOW: Record<
  string,
  { category: FakeIssue['category']; to: { id: string; name: string; status: string }[] }
> = {
  'To Do': {
    category: 'new',
    to: [
      { id: '21', name: 'Start', status: 'In Progress' },
      { id: '31', name: 'Done', status: 'Done' },
    ],
  },
  'In Progress': {
    category: 'indeterminate',
    to: [
      { id: '11', name: 'Stop', status: 'To Do' },
      { id: '31', name: 'Done', status: 'Done' },
    ],
  },
  Done: {
    category: 'done',
    to: [
      { id: '41', name: 'Reopen', status: 'To Do' },
      { id: '51', name: 'Back to work', status: 'In Progress' },
    ],
  },
};

type Clause = { field: string; op: '=' | '~'; value: string };

/** `a = "x" AND summary ~ "\"phrase\""`: JQL's string literals escape `"` and `\` with a backslash. */
export function parseJql(jql: string): Clause[] {
  const clauses: Clause[] = [];
  const rx = /\s*([A-Za-z]+(?:\[\d+\])?)\s*(=|~)\s*"((?:[^"\\]|\\.)*)"\s*(AND\b|$)/y;
  let at = 0;
  while (at < jql.length) {
    rx.lastIndex = at;
    const m = rx.exec(jql);
    if (!m) throw new Error(`Error in the JQL Query: the character at position ${at} is not expected.`);
    clauses.push({ field: m[1]!.toLowerCase(), op: m[2] as '=' | '~', value: m[3]!.replace(/\\(.)/g, '$1') });
    at = rx.lastIndex;
  }
  return clauses;
}

const FIELDS = new Set(['project', 'summary', 'labels', 'parent', 'key', 'status']);
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');

/** Jira Software's Epic Link field on the Data Center fake. */
export const EPIC_LINK_FIELD = { id: 'customfield_10101', customId: 10101 };

export class JiraFake extends LoopbackServer {
  constructor(readonly deployment: 'cloud' | 'datacenter' = 'cloud') {
    super();
  }

  readonly issues: FakeIssue[] = [];
  /** Data Center's credentials: a personal access token, or a username and password. */
  readonly pat = 'jira-dc-pat-7f3a91';
  readonly username = 'ana';
  readonly password = 'dc-password-91c2';
  /** The largest page Data Center's search gives, whatever is asked. */
  searchPageCap = 3;
  readonly requests: { method: string; path: string; body: string }[] = [];
  readonly email = 'sre-lead@example.com';
  readonly token = 'jira-test-token-2b7d';
  readonly project = 'SRE';
  searchLagMs = 0;
  /** The project's issue types, as a team-managed project has its own. */
  issueTypes = [
    { id: '10001', name: 'Task' },
    { id: '10002', name: 'Bug' },
    { id: '10003', name: 'Story' },
  ];
  dropNextCreateAnswer = false;
  /** When creates are allowed again (ms since the epoch); 429s before it. */
  private throttledUntil = 0;
  private readonly createdAt = new Map<string, number>();
  /** The creates answered 429, with when they came. */
  readonly throttledAt: number[] = [];

  throttleCreatesFor(seconds: number): void {
    this.throttledUntil = Date.now() + seconds * 1000;
  }
  private nextId = 10000;
  private nextNumber = 1;

  /** The base URL a user configures: Data Center's includes its context path. */
  get url(): string {
    return this.deployment === 'cloud' ? this.origin : `${this.origin}/jira`;
  }

  private get api(): string {
    return this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  }

  private authorized(header: string | undefined): boolean {
    const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
    if (this.deployment === 'cloud') return header === basic(this.email, this.token);
    return header === `Bearer ${this.pat}` || header === basic(this.username, this.password);
  }

  /** Writes (creates, updates) served: what "sync wrote nothing to Jira" is checked on. */
  get writes(): number {
    return this.requests.filter((r) => r.method === 'PUT' || (r.method === 'POST' && r.path.endsWith('/issue'))).length;
  }

  addIssue(fields: Partial<FakeIssue> & { summary: string }): FakeIssue {
    const issue: FakeIssue = {
      id: String(this.nextId++),
      key: `${this.project}-${this.nextNumber++}`,
      labels: [],
      parent: null,
      status: 'To Do',
      category: 'new',
      description: null,
      resolutiondate: null,
      duedate: null,
      comments: [],
      ...fields,
    };
    this.issues.push(issue);
    this.createdAt.set(issue.id, Date.now());
    return issue;
  }

  /** A transition in Jira's workflow: what a person does on the board. */
  transition(key: string, status: string, category: FakeIssue['category']): void {
    const issue = this.issues.find((i) => i.key === key);
    if (!issue) throw new Error(`no issue ${key}`);
    Object.assign(issue, { status, category });
    issue.resolutiondate = category === 'done' ? (issue.resolutiondate ?? new Date().toISOString()) : null;
  }

  /** The answer to the next comment is lost after the comment was added. */
  dropNextCommentAnswer = false;

  private json(issue: FakeIssue): unknown {
    const cloud = this.deployment === 'cloud';
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.url}${this.api}/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        labels: issue.labels,
        status: { name: issue.status, statusCategory: { key: issue.category } },
        resolutiondate: issue.resolutiondate,
        duedate: issue.duedate,
        ...(cloud ? { parent: issue.parent ? { key: issue.parent } : null } : { [EPIC_LINK_FIELD.id]: issue.parent }),
      },
    };
  }

  private matches(issue: FakeIssue, c: Clause): boolean {
    switch (c.field) {
      case 'project':
        return issue.key.startsWith(`${c.value}-`);
      case 'labels':
        return issue.labels.includes(c.value);
      case 'parent':
      case `cf[${EPIC_LINK_FIELD.customId}]`:
        return issue.parent === c.value;
      case 'key':
        return issue.key === c.value;
      case 'status':
        return issue.status === c.value;
      default: {
        // Text search: the phrase's words, in order, among the summary's words (punctuation and case ignored).
        const phrase = words(c.value.replace(/^"|"$/g, ''));
        return c.op === '~' ? ` ${words(issue.summary)} `.includes(` ${phrase} `) : issue.summary === c.value;
      }
    }
  }

  private send(res: http.ServerResponse, status: number, body?: unknown): void {
    res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const full = new URL(req.url ?? '/', 'http://x');
    const url = new URL(full.href);
    if (this.deployment === 'datacenter') {
      if (!full.pathname.startsWith('/jira/'))
        return this.send(res, 404, { errorMessages: ['Not found: this Jira lives under /jira'], errors: {} });
      url.pathname = full.pathname.slice('/jira'.length);
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    this.requests.push({ method: req.method ?? '', path: full.pathname, body: text });
    if (!this.authorized(req.headers.authorization)) {
      return this.send(res, 401, {
        errorMessages: ['Client must be authenticated to access this resource.'],
        errors: {},
      });
    }
    const cloud = this.deployment === 'cloud';
    if (!url.pathname.startsWith(`${this.api}/`))
      return this.send(res, 404, { errorMessages: [`No such endpoint ${req.method} ${url.pathname}`], errors: {} });
    const path = url.pathname.slice(this.api.length);
    const issuePath = /^\/issue\/([^/]+)(?:\/(?:transitions|comment))?$/.exec(path);
    if (req.method === 'GET' && path === '/field' && !cloud)
      return this.send(res, 200, [
        { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
        {
          id: EPIC_LINK_FIELD.id,
          name: 'Epic Link',
          custom: true,
          schema: {
            type: 'any',
            custom: 'com.pyxis.greenhopper.jira:gh-epic-link',
            customId: EPIC_LINK_FIELD.customId,
          },
        },
      ]);
    if (req.method === 'POST' && path === (cloud ? '/search/jql' : '/search')) {
      const body = JSON.parse(text) as { jql: string; maxResults?: number; nextPageToken?: string; startAt?: number };
      let clauses: Clause[];
      try {
        clauses = parseJql(body.jql);
      } catch (e) {
        return this.send(res, 400, { errorMessages: [(e as Error).message], errors: {} });
      }
      const unknown = clauses.find(
        (c) => !FIELDS.has(c.field) && (cloud || c.field !== `cf[${EPIC_LINK_FIELD.customId}]`),
      );
      if (unknown)
        return this.send(res, 400, {
          errorMessages: [`Field '${unknown.field}' does not exist or you do not have permission to view it.`],
          errors: {},
        });
      const indexed = (i: FakeIssue) => Date.now() - (this.createdAt.get(i.id) ?? 0) >= this.searchLagMs;
      const found = this.issues.filter((i) => indexed(i) && clauses.every((c) => this.matches(i, c)));
      if (!cloud) {
        const startAt = body.startAt ?? 0;
        const maxResults = Math.min(this.searchPageCap, body.maxResults ?? 50);
        return this.send(res, 200, {
          expand: 'schema,names',
          startAt,
          maxResults,
          total: found.length,
          issues: found.slice(startAt, startAt + maxResults).map((i) => this.json(i)),
        });
      }
      const start = body.nextPageToken ? Number(Buffer.from(body.nextPageToken, 'base64').toString()) : 0;
      const size = Math.min(100, body.maxResults ?? 50);
      const page = found.slice(start, start + size);
      const last = start + size >= found.length;
      return this.send(res, 200, {
        issues: page.map((i) => this.json(i)),
        isLast: last,
        ...(last ? {} : { nextPageToken: Buffer.from(String(start + size)).toString('base64') }),
      });
    }
    const createmeta = /^\/issue\/createmeta\/([^/]+)\/issuetypes$/.exec(path);
    if (req.method === 'GET' && createmeta) {
      if (decodeURIComponent(createmeta[1]!) !== this.project)
        return this.send(res, 404, { errorMessages: ['No project could be found.'], errors: {} });
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const max = Math.min(2, Number(url.searchParams.get('maxResults') ?? 50)); // small pages, so paging is exercised
      const page = this.issueTypes.slice(startAt, startAt + max);
      return this.send(
        res,
        200,
        cloud
          ? { issueTypes: page, startAt, maxResults: max, total: this.issueTypes.length }
          : {
              values: page,
              startAt,
              maxResults: max,
              total: this.issueTypes.length,
              isLast: startAt + max >= this.issueTypes.length,
            },
      );
    }
    if (req.method === 'POST' && path === '/issue') {
      const { fields } = JSON.parse(text) as {
        fields: {
          project?: { key: string };
          summary?: string;
          issuetype?: { id?: string; name?: string };
          labels?: string[];
          parent?: { key: string };
          description?: unknown;
          [custom: string]: unknown;
        };
      };
      if (Date.now() < this.throttledUntil) {
        this.throttledAt.push(Date.now());
        res.writeHead(429, {
          'Content-Type': 'application/json',
          'Retry-After': String(Math.ceil((this.throttledUntil - Date.now()) / 1000)),
          'X-RateLimit-Reset': `${new Date(this.throttledUntil + 60_000).toISOString().slice(0, 16)}Z`,
        });
        res.end(JSON.stringify({ errorMessages: ['Rate limit exceeded.'] }));
        return;
      }
      const errors: Record<string, string> = {};
      if (fields.project?.key !== this.project) errors.project = 'valid project is required';
      const spaced = (fields.labels ?? []).find((l) => /\s/.test(l));
      if (spaced) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
      if (!fields.summary) errors.summary = 'You must specify a summary of the issue.';
      else if (fields.summary.length >= 255) errors.summary = 'Summary must be less than 255 characters.';
      if (!this.issueTypes.some((t) => t.id === fields.issuetype?.id)) errors.issuetype = 'Specify a valid issue type';
      if (cloud && fields.parent && !this.issues.some((i) => i.key === fields.parent?.key))
        errors.parent = `Could not find issue by id or key.`;
      if (!cloud && fields.parent)
        errors.parent = "Field 'parent' cannot be set. It is not on the appropriate screen, or unknown.";
      const epic = cloud ? undefined : fields[EPIC_LINK_FIELD.id];
      if (epic !== undefined && !(typeof epic === 'string' && this.issues.some((i) => i.key === epic)))
        errors[EPIC_LINK_FIELD.id] = `The issue key '${String(epic)}' for field 'Epic Link' is invalid.`;
      if (fields.description !== undefined && cloud !== (typeof fields.description === 'object'))
        errors.description = cloud
          ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'
          : 'Operation value must be a string';
      if (Object.keys(errors).length) return this.send(res, 400, { errorMessages: [], errors });
      const issue = this.addIssue({
        summary: fields.summary ?? '',
        labels: fields.labels ?? [],
        parent: (cloud ? fields.parent?.key : (epic as string | undefined)) ?? null,
        description: fields.description,
      });
      if (this.dropNextCreateAnswer) {
        this.dropNextCreateAnswer = false;
        res.socket?.destroy();
        return;
      }
      return this.send(res, 201, { id: issue.id, key: issue.key, self: `${this.url}${this.api}/issue/${issue.id}` });
    }
    const issue = issuePath
      ? this.issues.find((i) => i.key === decodeURIComponent(issuePath[1]!) || i.id === issuePath[1])
      : undefined;
    if (issuePath && !issue)
      return this.send(res, 404, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    const sub = issue && /^\/issue\/[^/]+\/(transitions|comment)$/.exec(path)?.[1];
    if (issue && sub === 'transitions' && req.method === 'GET')
      return this.send(res, 200, {
        transitions: (WORKFLOW[issue.status]?.to ?? []).map((t) => ({
          id: t.id,
          name: t.name,
          to: { name: t.status, statusCategory: { key: WORKFLOW[t.status]?.category } },
        })),
      });
    if (issue && sub === 'transitions' && req.method === 'POST') {
      const id = (JSON.parse(text) as { transition?: { id?: string } }).transition?.id;
      const to = WORKFLOW[issue.status]?.to.find((t) => t.id === id);
      if (!to)
        return this.send(res, 400, {
          errorMessages: [`Transition id '${String(id)}' is not valid for this issue.`],
          errors: {},
        });
      this.transition(issue.key, to.status, WORKFLOW[to.status]?.category ?? 'new');
      return this.send(res, 204);
    }
    if (issue && sub === 'comment' && req.method === 'GET') {
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const maxResults = Math.min(Number(url.searchParams.get('maxResults') ?? 50), 2);
      const page = issue.comments.slice(startAt, startAt + maxResults);
      return this.send(res, 200, {
        startAt,
        maxResults,
        total: issue.comments.length,
        comments: page.map((body, i) => ({ id: String(startAt + i + 1), body })),
      });
    }
    if (issue && sub === 'comment' && req.method === 'POST') {
      const body = (JSON.parse(text) as { body?: unknown }).body;
      if (cloud ? typeof body !== 'object' || body === null : typeof body !== 'string')
        return this.send(res, 400, {
          errorMessages: [],
          errors: { comment: cloud ? 'Comment body is not valid!' : 'Operation value must be a string' },
        });
      issue.comments.push(body);
      if (this.dropNextCommentAnswer) {
        this.dropNextCommentAnswer = false;
        res.socket?.destroy();
        return;
      }
      return this.send(res, 201, { id: String(issue.comments.length), body });
    }
    if (req.method === 'GET' && issue) return this.send(res, 200, this.json(issue));
    if (req.method === 'PUT' && issue) {
      const body = JSON.parse(text) as {
        fields?: { parent?: { key: string }; [custom: string]: unknown };
        update?: { labels?: { add?: string; remove?: string }[] };
      };
      if (!cloud && body.fields?.parent)
        return this.send(res, 400, {
          errorMessages: [],
          errors: { parent: "Field 'parent' cannot be set. It is not on the appropriate screen, or unknown." },
        });
      if (body.fields?.parent) issue.parent = body.fields.parent.key;
      if (body.fields && 'duedate' in body.fields) {
        const due = body.fields.duedate;
        if (due !== null && (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due)))
          return this.send(res, 400, {
            errorMessages: [],
            errors: { duedate: 'Error parsing date string: ' + String(due) },
          });
        issue.duedate = due;
      }
      const epic = body.fields?.[EPIC_LINK_FIELD.id];
      if (!cloud && typeof epic === 'string') issue.parent = epic;
      for (const op of body.update?.labels ?? []) {
        if (op.add && !issue.labels.includes(op.add)) issue.labels.push(op.add);
        if (op.remove) issue.labels = issue.labels.filter((l) => l !== op.remove);
      }
      return this.send(res, 204);
    }
    return this.send(res, 404, { errorMessages: [`No such endpoint ${req.method} ${url.pathname}`], errors: {} });
  }
}
