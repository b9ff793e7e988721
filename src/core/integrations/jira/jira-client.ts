/**
 * Jira's REST API as each deployment serves it:
 * - Cloud: REST v3; basic auth with the account email and an API token; JQL search with POST /search/jql, paged
 *   with nextPageToken (left out on the last page, JRACLOUD-92184); descriptions in Atlassian Document Format;
 *   the parent as the `parent` field.
 * - Data Center / Server: REST v2 under the base URL's context path; a personal access token sent as Bearer
 *   (Jira 8.14+, "Using Personal Access Tokens"), or basic auth with a username; POST /search paged with startAt,
 *   maxResults and total (the server may return fewer than asked, jira.search.views.default.max); descriptions in
 *   wiki markup; an epic set through the Epic Link custom field (GET /field, schema.custom
 *   com.pyxis.greenhopper.jira:gh-epic-link), as Jira Software Data Center has no `parent` for epics.
 */
import { SettingError, SreError } from '../../errors';
import { type Deployment } from '../deployment';
import { HttpClient, type HttpTuning, tuning } from '../http';
import { HttpError } from '../http-errors';
import { jiraRefusal } from './jira-refusal';

export interface JiraClientOptions extends HttpTuning {
  site: string;
  email: string;
  token: string;
  /** Cloud when not given. */
  deployment?: Deployment;
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    labels?: string[];
    status?: { name: string; statusCategory?: { key: string } };
    parent?: { key: string } | null;
    /** YYYY-MM-DD, or null. */
    duedate?: string | null;
    /** When it was resolved (Done), or null. */
    resolutiondate?: string | null;
    /** Custom fields asked for by id (customfield_10101). */
    [field: string]: unknown;
  };
}

/** Where an issue's parent is written, searched and read: `parent` on Cloud, the Epic Link field on Data Center. */
export interface ParentField {
  /** The field id in create and edit bodies and in `fields=`. */
  id: string;
  /** The field as JQL names it. */
  jql: string;
  value(key: string): unknown;
  read(issue: JiraIssue): string | null;
}

const CLOUD_PARENT: ParentField = {
  id: 'parent',
  jql: 'parent',
  value: (key) => ({ key }),
  read: (issue) => issue.fields.parent?.key ?? null,
};

export const ISSUE_FIELDS = ['summary', 'labels', 'status', 'parent', 'duedate', 'resolutiondate'];

/** A workflow transition of an issue (GET /issue/{key}/transitions): where it leads. */
export interface JiraTransition {
  id: string;
  name: string;
  to?: { name?: string; statusCategory?: { key?: string } };
}
/** Cloud's enhanced search returns at most 100 issues with fields a page; Data Center returns what it allows. */
const PAGE_SIZE = 100;
/** 100,000 issues: more than any SRE backlog; a search still going past it is a server that never ends. */
const MAX_PAGES = 1_000;
const EPIC_LINK = 'com.pyxis.greenhopper.jira:gh-epic-link';

/** A JQL string literal: JQL escapes `"` and `\` with a backslash. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export class JiraClient {
  private readonly http: HttpClient;
  private epicLink: Promise<ParentField> | undefined;

  constructor(private readonly options: JiraClientOptions) {
    const cloud = options.deployment !== 'datacenter';
    if (!options.site)
      throw new SettingError(
        'Jira site is not set',
        'jira.site',
        cloud ? 'https://SITE.atlassian.net' : 'https://jira.corp.example/jira',
      );
    if (cloud && !options.email) throw new SettingError('Jira account email is not set', 'jira.email');
    // Data Center: a username means basic auth (username and password); none, a personal access token.
    const basic = cloud || options.email !== '';
    if (!options.token)
      throw new SettingError(
        `Jira ${cloud ? 'API token' : basic ? 'password' : 'personal access token'} is missing`,
        'jira.apiToken',
      );
    const pair = `${options.email}:${options.token}`;
    this.http = new HttpClient({
      service: 'Jira',
      baseUrl: `${this.site}/rest/api/${cloud ? 3 : 2}`,
      headers: {
        Authorization: basic ? `Basic ${Buffer.from(pair).toString('base64')}` : `Bearer ${options.token}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      secrets: [options.token, pair],
      credentialKey: 'jira.apiToken',
      refusal: (status, headers) => jiraRefusal(status, headers, { site: this.site, cloud, basic }),
      credential: cloud
        ? 'Jira API token and account email'
        : basic
          ? 'Jira username and password'
          : 'Jira personal access token',
      ...tuning(options),
    });
  }

  get site(): string {
    return this.options.site.replace(/\/+$/, '');
  }

  private get cloud(): boolean {
    return this.options.deployment !== 'datacenter';
  }

  /** Every issue the JQL finds, with ISSUE_FIELDS and `extraFields`, page by page as the deployment pages. */
  async search(operation: string, jql: string, extraFields: readonly string[] = []): Promise<JiraIssue[]> {
    const fields = [...ISSUE_FIELDS, ...extraFields];
    return this.cloud ? this.searchByToken(operation, jql, fields) : this.searchByOffset(operation, jql, fields);
  }

  private stuck(operation: string, why: string): SreError {
    return new SreError(
      `Jira: ${operation} failed: the search did not end (${why}); check the Jira site address and try again later`,
    );
  }

  private issuesOf(operation: string, data: { issues?: JiraIssue[] } | undefined): JiraIssue[] {
    if (!Array.isArray(data?.issues))
      throw new SreError(`Jira: ${operation} failed: the answer had no issues list; check the Jira site address`);
    return data.issues;
  }

  /** Cloud: POST /search/jql answers `nextPageToken` until the last page, where it is left out and `isLast` is true. */
  private async searchByToken(operation: string, jql: string, fields: string[]): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    const seen = new Set<string>();
    let nextPageToken: string | undefined;
    for (let page = 1; ; page++) {
      const { data } = await this.http.request<{ issues?: JiraIssue[]; nextPageToken?: string; isLast?: boolean }>(
        operation,
        'POST',
        '/search/jql',
        { body: { jql, fields, maxResults: PAGE_SIZE, ...(nextPageToken ? { nextPageToken } : {}) } },
      );
      const found = this.issuesOf(operation, data);
      issues.push(...found);
      const token = data.nextPageToken ?? undefined;
      if (!token || data.isLast === true) return issues;
      // A server that keeps promising more must not keep us paging forever.
      if (seen.has(token)) throw this.stuck(operation, 'the same page token came back');
      if (found.length === 0) throw this.stuck(operation, 'a page had no issues');
      if (page >= MAX_PAGES) throw this.stuck(operation, `over ${MAX_PAGES} pages`);
      seen.add(token);
      nextPageToken = token;
    }
  }

  /** Data Center: POST /search from `startAt` until `total`; the next page starts after what actually came. */
  private async searchByOffset(operation: string, jql: string, fields: string[]): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    for (let page = 1; ; page++) {
      const { data } = await this.http.request<{ issues?: JiraIssue[]; total?: number }>(operation, 'POST', '/search', {
        body: { jql, fields, startAt: issues.length, maxResults: PAGE_SIZE },
      });
      const found = this.issuesOf(operation, data);
      issues.push(...found);
      if (found.length === 0 || issues.length >= (data.total ?? 0)) return issues;
      if (page >= MAX_PAGES) throw this.stuck(operation, `over ${MAX_PAGES} pages`);
    }
  }

  async issue(key: string, extraFields: readonly string[] = []): Promise<JiraIssue> {
    const { data } = await this.http.request<JiraIssue>(`read ${key}`, 'GET', `/issue/${encodeURIComponent(key)}`, {
      params: { fields: [...ISSUE_FIELDS, ...extraFields].join(',') },
    });
    return data;
  }

  /**
   * The description as the deployment takes it: a document (Cloud) or wiki markup (Data Center). The converters and
   * their HTML parser load on the first description, so commands that never write to Jira start without them.
   */
  async description(html: string): Promise<unknown> {
    return this.cloud ? (await import('./adf')).htmlToAdf(html) : (await import('./wiki')).htmlToWiki(html);
  }

  /** Where the parent (an epic) goes; on Data Center the Epic Link field's id is looked up once. */
  parentField(): Promise<ParentField> {
    if (this.cloud) return Promise.resolve(CLOUD_PARENT);
    this.epicLink ??= this.http
      .request<{ id: string; schema?: { custom?: string; customId?: number } }[]>('read the fields', 'GET', '/field')
      .then(({ data }) => {
        const field = Array.isArray(data) ? data.find((f) => f.schema?.custom === EPIC_LINK) : undefined;
        if (!field)
          throw new SettingError(
            'this Jira has no Epic Link field (Jira Software), so issues cannot be put under a parent',
            'jira.parent',
            'leave it empty',
          );
        return {
          id: field.id,
          jql: field.schema?.customId ? `cf[${field.schema.customId}]` : `"Epic Link"`,
          value: (key: string) => key,
          read: (issue: JiraIssue) => {
            const value = issue.fields[field.id];
            return typeof value === 'string' ? value : null;
          },
        };
      });
    this.epicLink.catch(() => (this.epicLink = undefined));
    return this.epicLink;
  }

  /** POST /issue; not retried (a create is not idempotent): the caller looks before trying again. */
  async create(operation: string, fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
    try {
      const { data } = await this.http.request<{ id: string; key: string }>(operation, 'POST', '/issue', {
        body: { fields },
        retry: false,
      });
      return data;
    } catch (e) {
      throw e instanceof HttpError && e.status === 400
        ? new SreError(`${e.message}: check the Jira project, issue type and parent settings`, 'input', { cause: e })
        : e;
    }
  }

  /**
   * The project's own issue types (GET /issue/createmeta/{project}/issuetypes, paged with startAt): a type named
   * without its id is resolved across the whole site, which fails where team-managed projects each have their own.
   * Cloud lists them as `issueTypes`; Data Center (8.4+, the only form from 9.0) as `values` with `isLast`.
   */
  async issueTypes(project: string): Promise<{ id: string; name: string }[]> {
    type Page = { issueTypes?: { id: string; name: string }[]; values?: { id: string; name: string }[] };
    const types: { id: string; name: string }[] = [];
    for (let startAt = 0; ;) {
      const { data } = await this.http.request<Page & { total?: number; isLast?: boolean }>(
        `read the issue types of ${project}`,
        'GET',
        `/issue/createmeta/${encodeURIComponent(project)}/issuetypes`,
        { params: { startAt, maxResults: 50 } },
      );
      const listed = data?.issueTypes ?? data?.values;
      const page = Array.isArray(listed) ? listed : [];
      types.push(...page);
      startAt += page.length;
      if (page.length === 0 || data?.isLast === true || startAt >= (data?.total ?? 0)) return types;
    }
  }

  /** Waits as the server asked (a 429's Retry-After), else the backoff for `attempt`. */
  wait(e: unknown, attempt: number): Promise<void> {
    return this.http.wait(e, attempt);
  }

  async update(operation: string, key: string, body: Record<string, unknown>): Promise<void> {
    await this.http.request(operation, 'PUT', `/issue/${encodeURIComponent(key)}`, { body });
  }

  /**
   * Every comment's body as text to search (GET /issue/{key}/comment, paged with startAt): Cloud's bodies are
   * documents, Data Center's wiki markup.
   */
  async comments(key: string): Promise<string[]> {
    const bodies: string[] = [];
    for (let startAt = 0; ;) {
      const { data } = await this.http.request<{ comments?: { body?: unknown }[]; total?: number }>(
        `read the comments of ${key}`,
        'GET',
        `/issue/${encodeURIComponent(key)}/comment`,
        { params: { startAt, maxResults: 100 } },
      );
      const page = Array.isArray(data?.comments) ? data.comments : [];
      bodies.push(...page.map((c) => (typeof c.body === 'string' ? c.body : JSON.stringify(c.body ?? ''))));
      startAt += page.length;
      if (page.length === 0 || startAt >= (data?.total ?? 0)) return bodies;
    }
  }

  /** POST /issue/{key}/comment; not retried (a comment is not idempotent): the caller looks for it first. */
  async addComment(key: string, html: string): Promise<void> {
    await this.http.request(`comment on ${key}`, 'POST', `/issue/${encodeURIComponent(key)}/comment`, {
      body: { body: await this.description(html) },
      retry: false,
    });
  }

  /** The transitions the issue's workflow offers from its status now. */
  async transitions(key: string): Promise<JiraTransition[]> {
    const { data } = await this.http.request<{ transitions?: JiraTransition[] }>(
      `read the transitions of ${key}`,
      'GET',
      `/issue/${encodeURIComponent(key)}/transitions`,
    );
    return Array.isArray(data?.transitions) ? data.transitions : [];
  }

  /** POST /issue/{key}/transitions with the transition's id. */
  async transition(key: string, id: string): Promise<void> {
    await this.http.request(`move ${key}`, 'POST', `/issue/${encodeURIComponent(key)}/transitions`, {
      body: { transition: { id } },
    });
  }
}
