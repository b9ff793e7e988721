/** Rally WSAPI v2.0: scope resolution, paged story queries, tags, and idempotent story creation. */
import { SreError } from '../errors';
import { HttpClient, HttpError, HttpTuning, tuning } from '../http';
import { and, condition, parentCondition, parentIsStory, storiesQuery, TagMatch } from './rally-query';

export const WSAPI_PATH = '/slm/webservice/v2.0';
export const MAX_PAGE_SIZE = 2000;
const PAGE_CONCURRENCY = 4;
const STORY_FIELDS = 'ObjectID,FormattedID,Name,ScheduleState,Tags,Parent,PortfolioItem,LastUpdateDate';

export interface RallyStory {
  objectId: number;
  formattedId: string;
  name: string;
  scheduleState: string;
}

export interface RallyClientOptions extends HttpTuning {
  server: string;
  apiKey: string;
  workspace: string;
  project: string;
  onWarning?: (warning: string) => void;
  version?: string;
}

interface QueryResult<T> {
  QueryResult: { Errors: string[]; Warnings: string[]; TotalResultCount: number; StartIndex: number; PageSize: number; Results: T[] };
}

interface RawStory {
  ObjectID: number;
  FormattedID: string;
  Name: string;
  ScheduleState: string;
}

interface Ref {
  _ref: string;
  ObjectID: number;
}

export interface NewStory {
  name: string;
  description: string;
  parentId: string;
  tags: string[];
}

export class RallyClient {
  private readonly http: HttpClient;
  private scope: Promise<{ workspace: string; project: string }> | undefined;
  private readonly refs = new Map<string, Promise<string>>();

  constructor(private readonly options: RallyClientOptions) {
    if (!options.apiKey) throw new SreError('Rally API key is missing: set RALLY_API_KEY (CLI) or run "SRE: Set Rally API Key"', 'input');
    this.http = new HttpClient({
      service: 'Rally',
      baseUrl: `${options.server.replace(/\/+$/, '')}${WSAPI_PATH}`,
      headers: {
        ZSESSIONID: options.apiKey,
        'X-RallyIntegrationName': 'SRE Maturity Tracker',
        'X-RallyIntegrationVendor': 'SRE Maturity Tracker',
        'X-RallyIntegrationVersion': options.version ?? '0.1.0',
        'Content-Type': 'application/json',
      },
      ...tuning(options),
    });
  }

  /** Workspace and project ObjectIDs, from names or ids, resolved once. */
  resolveScope(): Promise<{ workspace: string; project: string }> {
    this.scope ??= (async () => {
      if (!this.options.workspace) throw new SreError('Rally workspace is not set: set sreTracker.rally.workspace or RALLY_WORKSPACE', 'input');
      if (!this.options.project) throw new SreError('Rally project is not set: set sreTracker.rally.project or RALLY_PROJECT', 'input');
      const workspace = await this.idOf('workspace', this.options.workspace, {});
      const project = await this.idOf('project', this.options.project, { workspace: `/workspace/${workspace}` });
      return { workspace: `/workspace/${workspace}`, project: `/project/${project}` };
    })();
    this.scope.catch(() => (this.scope = undefined));
    return this.scope;
  }

  private async idOf(type: 'workspace' | 'project', nameOrId: string, params: Record<string, string>): Promise<string> {
    if (/^\d+$/.test(nameOrId)) return nameOrId;
    const found = await this.query<Ref>(`find ${type} "${nameOrId}"`, `/${type}`, { ...params, query: condition('Name', '=', nameOrId), fetch: 'ObjectID,Name', pagesize: 2 });
    const first = found.Results[0];
    if (!first) throw new SreError(`Rally: no ${type} named "${nameOrId}" is visible to this API key: check sreTracker.rally.${type}`, 'input');
    return String(first.ObjectID);
  }

  private async query<T>(operation: string, path: string, params: Record<string, string | number | boolean>): Promise<QueryResult<T>['QueryResult']> {
    const { data } = await this.http.request<QueryResult<T>>(operation, 'GET', path, { params });
    const result = data?.QueryResult;
    if (!result) throw new SreError(`Rally: ${operation} failed: the answer was not a WSAPI QueryResult; check the Rally server address`);
    if (result.Errors?.length) throw new SreError(`Rally: ${operation} failed: ${result.Errors.join('; ')}`);
    for (const w of result.Warnings ?? []) this.options.onWarning?.(w);
    return result;
  }

  /** Every story matching `query`, all pages read; after the first page, the rest are fetched a few at a time. */
  private async allStories(operation: string, query: string): Promise<RallyStory[]> {
    const { workspace, project } = await this.resolveScope();
    const params = { workspace, project, projectScopeDown: true, projectScopeUp: false, query, fetch: STORY_FIELDS, order: 'ObjectID', pagesize: MAX_PAGE_SIZE };
    const first = await this.query<RawStory>(operation, '/hierarchicalrequirement', { ...params, start: 1 });
    const starts: number[] = [];
    for (let start = 1 + MAX_PAGE_SIZE; start <= first.TotalResultCount; start += MAX_PAGE_SIZE) starts.push(start);
    const pages: RawStory[][] = [first.Results];
    for (let i = 0; i < starts.length; i += PAGE_CONCURRENCY) {
      const batch = await Promise.all(starts.slice(i, i + PAGE_CONCURRENCY).map((start) => this.query<RawStory>(`${operation} (from ${start})`, '/hierarchicalrequirement', { ...params, start })));
      pages.push(...batch.map((b) => b.Results));
    }
    return pages.flat().map((s) => ({ objectId: s.ObjectID, formattedId: s.FormattedID, name: s.Name, scheduleState: s.ScheduleState }));
  }

  /** Stories under the parent (a feature F123 or a story US45) that carry every given tag (or any, with `any`). */
  fetchStories(parentId: string, tags: readonly string[], match: TagMatch = 'all'): Promise<RallyStory[]> {
    return this.allStories(`read stories under ${parentId}`, storiesQuery(parentId, tags, match));
  }

  /** The story under the parent whose name carries the item key, if one exists. */
  async findStoryByKey(parentId: string, key: string): Promise<RallyStory | undefined> {
    const stories = await this.allStories(`look for a story of ${key}`, and(parentCondition(parentId), condition('Name', 'contains', key)));
    return stories.find((s) => nameHasKey(s.name, key));
  }

  /** The parent's _ref, looked up once. */
  private ref(kind: 'portfolioitem' | 'hierarchicalrequirement', formattedId: string): Promise<string> {
    const id = `${kind}:${formattedId}`;
    let ref = this.refs.get(id);
    if (!ref) {
      ref = (async () => {
        const { workspace } = await this.resolveScope();
        const found = await this.query<Ref>(`find ${formattedId}`, `/${kind}`, { workspace, query: condition('FormattedID', '=', formattedId), fetch: 'ObjectID', pagesize: 1 });
        const first = found.Results[0];
        if (!first) throw new SreError(`Rally: parent ${formattedId} was not found in the workspace: check sreTracker.rally.parentId`, 'input');
        return first._ref;
      })();
      this.refs.set(id, ref);
      ref.catch(() => this.refs.delete(id));
    }
    return ref;
  }

  /** Tag refs by name; missing tags are created. */
  async tagRefs(names: readonly string[]): Promise<{ _ref: string }[]> {
    const { workspace } = await this.resolveScope();
    return Promise.all(
      [...new Set(names)].map(async (name) => {
        const found = await this.query<Ref>(`find tag "${name}"`, '/tag', { workspace, query: condition('Name', '=', name), fetch: 'ObjectID,Name', pagesize: 1 });
        const existing = found.Results[0];
        if (existing) return { _ref: `/tag/${existing.ObjectID}` };
        const { data } = await this.http.request<{ CreateResult: { Errors: string[]; Object?: Ref } }>(`create tag "${name}"`, 'POST', '/tag/create', { params: { workspace }, body: { Tag: { Name: name } } });
        const created = data?.CreateResult;
        if (!created || created.Errors?.length || !created.Object) throw new SreError(`Rally: create tag "${name}" failed: ${created?.Errors?.join('; ') ?? 'no CreateResult'}`);
        return { _ref: `/tag/${created.Object.ObjectID}` };
      }),
    );
  }

  /**
   * Creates the story unless one with the key already exists under the parent. A create whose answer was lost
   * may have succeeded, so before each retry we look again instead of creating blindly.
   */
  async createStory(key: string, story: NewStory, attempts = 3): Promise<{ story: RallyStory; created: boolean }> {
    const existing = await this.findStoryByKey(story.parentId, key);
    if (existing) return { story: existing, created: false };
    const { workspace, project } = await this.resolveScope();
    const parent = parentIsStory(story.parentId)
      ? { Parent: await this.ref('hierarchicalrequirement', story.parentId.toUpperCase()) }
      : { PortfolioItem: await this.ref('portfolioitem', story.parentId.toUpperCase()) };
    const body = {
      HierarchicalRequirement: { Name: story.name, Description: story.description, Workspace: workspace, Project: project, ...parent, Tags: await this.tagRefs(story.tags), ScheduleState: 'Defined' },
    };
    for (let attempt = 1; ; attempt++) {
      let result: { Errors: string[]; Object?: RawStory } | undefined;
      try {
        ({ data: { CreateResult: result } } = await this.http.request<{ CreateResult: { Errors: string[]; Object?: RawStory } }>(`create a story for ${key}`, 'POST', '/hierarchicalrequirement/create', { params: { workspace }, body, retry: false }));
      } catch (e) {
        // No answer, 429 or 5xx: the story may exist anyway. Look before trying again.
        const status = e instanceof HttpError ? e.status : undefined;
        if ((status !== undefined && status !== 429 && status < 500) || attempt >= attempts) throw e;
        const landed = await this.findStoryByKey(story.parentId, key);
        if (landed) return { story: landed, created: true };
        continue;
      }
      if (!result || result.Errors?.length || !result.Object) throw new SreError(`Rally: create a story for ${key} failed: ${result?.Errors?.join('; ') || 'no CreateResult in the answer'}`);
      const o = result.Object;
      return { story: { objectId: o.ObjectID, formattedId: o.FormattedID, name: o.Name, scheduleState: o.ScheduleState ?? 'Defined' }, created: true };
    }
  }
}

const KEY_RUN = /[\p{L}\p{N}/-]+/gu;

/** The key-shaped runs in a story name: "[SRE checkout/web/on-call] …" gives checkout/web/on-call, never a part of a longer run. */
export function keysInName(name: string): string[] {
  return (name.match(KEY_RUN) ?? []).filter((run) => run.split('/').length === 3);
}

export function nameHasKey(name: string, key: string): boolean {
  return keysInName(name).includes(key);
}
