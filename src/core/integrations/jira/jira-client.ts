/** Jira Cloud REST API v3: JQL search paged with nextPageToken, issue create, read and update; basic auth with email + API token. */
import { SettingError, SreError } from '../../errors';
import { HttpClient, HttpError, type HttpTuning, tuning } from '../http';
import { type AdfDoc } from './adf';

export interface JiraClientOptions extends HttpTuning {
  site: string;
  email: string;
  token: string;
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    labels?: string[];
    status?: { name: string; statusCategory?: { key: string } };
    parent?: { key: string } | null;
  };
}

export const ISSUE_FIELDS = ['summary', 'labels', 'status', 'parent'];
/** The enhanced search returns at most 100 issues with fields a page (more only for ids). */
const PAGE_SIZE = 100;
/** 100,000 issues: more than any SRE backlog; a search still going past it is a server that never ends. */
const MAX_PAGES = 1_000;

/** A JQL string literal: JQL escapes `"` and `\` with a backslash. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export class JiraClient {
  private readonly http: HttpClient;

  constructor(private readonly options: JiraClientOptions) {
    if (!options.site) throw new SettingError('Jira site is not set', 'jira.site', 'https://SITE.atlassian.net');
    if (!options.email) throw new SettingError('Jira account email is not set', 'jira.email');
    if (!options.token) throw new SettingError('Jira API token is missing', 'jira.apiToken');
    this.http = new HttpClient({
      service: 'Jira',
      baseUrl: `${this.site}/rest/api/3`,
      headers: {
        Authorization: `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      secrets: [options.token, `${options.email}:${options.token}`],
      credential: 'Jira API token and account email',
      ...tuning(options),
    });
  }

  get site(): string {
    return this.options.site.replace(/\/+$/, '');
  }

  /**
   * Every issue the JQL finds, page by page: POST /search/jql answers `nextPageToken` until the last page, where
   * it is left out (JRACLOUD-92184) and `isLast` is true.
   */
  async search(operation: string, jql: string): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    const seen = new Set<string>();
    let nextPageToken: string | undefined;
    for (let page = 1; ; page++) {
      const { data } = await this.http.request<{ issues?: JiraIssue[]; nextPageToken?: string; isLast?: boolean }>(
        operation,
        'POST',
        '/search/jql',
        {
          body: { jql, fields: ISSUE_FIELDS, maxResults: PAGE_SIZE, ...(nextPageToken ? { nextPageToken } : {}) },
        },
      );
      if (!Array.isArray(data?.issues))
        throw new SreError(`Jira: ${operation} failed: the answer had no issues list; check the Jira site address`);
      issues.push(...data.issues);
      const token = data.nextPageToken ?? undefined;
      if (!token || data.isLast === true) return issues;
      // A server that keeps promising more must not keep us paging forever.
      const stuck = seen.has(token)
        ? 'the same page token came back'
        : data.issues.length === 0
          ? 'a page had no issues'
          : page >= MAX_PAGES
            ? `over ${MAX_PAGES} pages`
            : '';
      if (stuck)
        throw new SreError(
          `Jira: ${operation} failed: the search did not end (${stuck}); check the Jira site address and try again later`,
        );
      seen.add(token);
      nextPageToken = token;
    }
  }

  async issue(key: string): Promise<JiraIssue> {
    const { data } = await this.http.request<JiraIssue>(`read ${key}`, 'GET', `/issue/${encodeURIComponent(key)}`, {
      params: { fields: ISSUE_FIELDS.join(',') },
    });
    return data;
  }

  /** POST /issue; not retried (a create is not idempotent): the caller looks before trying again. */
  async create(
    operation: string,
    fields: Record<string, unknown> & { description: AdfDoc },
  ): Promise<{ id: string; key: string }> {
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
   */
  async issueTypes(project: string): Promise<{ id: string; name: string }[]> {
    const types: { id: string; name: string }[] = [];
    for (let startAt = 0; ;) {
      const { data } = await this.http.request<{ issueTypes?: { id: string; name: string }[]; total?: number }>(
        `read the issue types of ${project}`,
        'GET',
        `/issue/createmeta/${encodeURIComponent(project)}/issuetypes`,
        { params: { startAt, maxResults: 50 } },
      );
      const page = Array.isArray(data?.issueTypes) ? data.issueTypes : [];
      types.push(...page);
      startAt += page.length;
      if (page.length === 0 || startAt >= (data?.total ?? 0)) return types;
    }
  }

  /** Waits as the server asked (a 429's Retry-After), else the backoff for `attempt`. */
  wait(e: unknown, attempt: number): Promise<void> {
    return this.http.wait(e, attempt);
  }

  async update(operation: string, key: string, body: Record<string, unknown>): Promise<void> {
    await this.http.request(operation, 'PUT', `/issue/${encodeURIComponent(key)}`, { body });
  }
}
