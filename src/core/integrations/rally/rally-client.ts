/** Rally WSAPI v2.0: scope resolution, paged story queries, tags, and idempotent story creation. */
import { nameHasKey } from '../../domain/item-keys';
import { SettingError, SreError } from '../../errors';
import { answerMayBeLost, HttpClient, type HttpTuning, throttled, tuning } from '../http';
import { condition, PARENT_HINT, parentIsStory, storiesQuery, storyMatches } from './rally-query';
import { type TagMatch } from './rally-settings';

export const WSAPI_PATH = '/slm/webservice/v2.0';
export const MAX_PAGE_SIZE = 2000;
/** Rally's schedule states out of the box, in order (Rally help, "Schedule State"). */
const STANDARD_SCHEDULE_STATES = ['Defined', 'In-Progress', 'Completed', 'Accepted'];
const PAGE_CONCURRENCY = 4;
/** More stories than any SRE backlog holds: a count beyond it is a wrong server, not work to page through. */
const MAX_STORIES = 100_000;
const STORY_FIELDS =
  'ObjectID,FormattedID,Name,ScheduleState,Tags,Parent,PortfolioItem,Project,LastUpdateDate,AcceptedDate';

export interface RallyStory {
  objectId: number;
  formattedId: string;
  name: string;
  scheduleState: string;
  /** The story's project ObjectID (for UI links), when Rally gave it. */
  projectId: number | null;
  /** FormattedID of its feature (PortfolioItem) or parent story (Parent); null when it has neither. */
  parentId: string | null;
  tags: { name: string; ref: string }[];
  /** When it was accepted (Rally sets AcceptedDate when the state reaches Accepted, and clears it when it goes back). */
  acceptedDate: string | null;
  /** The configured due date field's value, YYYY-MM-DD; null when unset or not configured. */
  dueDate: string | null;
}

export interface RallyClientOptions extends HttpTuning {
  server: string;
  apiKey: string;
  workspace: string;
  project: string;
  onWarning?: (warning: string) => void;
  version?: string;
  /** A date field stories carry their due date in (rally.dueDateField), read with every story. */
  dueDateField?: string;
}

interface QueryResult<T> {
  QueryResult: {
    Errors: string[];
    Warnings: string[];
    TotalResultCount: number;
    StartIndex: number;
    PageSize: number;
    Results: T[];
  };
}

interface RawRef {
  _ref?: string;
  FormattedID?: string;
}

interface RawStory {
  ObjectID: number;
  FormattedID: string;
  Name: string;
  ScheduleState?: string;
  Project?: RawRef | null;
  PortfolioItem?: RawRef | null;
  Parent?: RawRef | null;
  Tags?: { _tagsNameArray?: { Name: string; _ref: string }[] } | null;
  AcceptedDate?: string | null;
  [field: string]: unknown;
}

/** The ObjectID at the end of a _ref such as ".../project/42". */
function refId(ref: string | undefined): number | null {
  const id = Number(ref?.split('/').pop());
  return Number.isInteger(id) && id > 0 ? id : null;
}

function storyOf(s: RawStory, dueDateField = ''): RallyStory {
  const due = dueDateField ? s[dueDateField] : undefined;
  return {
    objectId: s.ObjectID,
    formattedId: s.FormattedID,
    name: s.Name,
    scheduleState: s.ScheduleState ?? 'Defined',
    projectId: refId(s.Project?._ref),
    parentId: s.PortfolioItem?.FormattedID ?? s.Parent?.FormattedID ?? null,
    tags: (s.Tags?._tagsNameArray ?? []).map((t) => ({ name: t.Name, ref: t._ref })),
    acceptedDate: typeof s.AcceptedDate === 'string' ? s.AcceptedDate : null,
    dueDate: typeof due === 'string' && due ? due.slice(0, 10) : null,
  };
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
  /** The ObjectID of the accepted story this one follows up: that one (and any accepted one) is not "the story". */
  followUpOf?: string;
}

/** Where linkable stories are looked for, and what an adopted story gets: the configured parent and tags. */
export interface StoryScope {
  parentId: string;
  tags: readonly string[];
  tagMatch: TagMatch;
  /** Text every story name has right before the item key (from the name template), e.g. "[SRE ". */
  keyMarker: string;
}

export class RallyClient {
  private readonly http: HttpClient;
  private scope: Promise<{ workspace: string; project: string }> | undefined;
  private readonly refs = new Map<string, Promise<string>>();

  constructor(private readonly options: RallyClientOptions) {
    if (!options.apiKey) throw new SettingError('Rally API key is missing', 'rally.apiKey');
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
      secrets: [options.apiKey],
      credential: 'Rally API key',
      credentialKey: 'rally.apiKey',
      ...tuning(options),
    });
  }

  /** The story fields read: the usual ones and the configured due date field. */
  private get fields(): string {
    return this.options.dueDateField ? `${STORY_FIELDS},${this.options.dueDateField}` : STORY_FIELDS;
  }

  private storyOf(s: RawStory): RallyStory {
    return storyOf(s, this.options.dueDateField);
  }

  /** Workspace and project ObjectIDs, from names or ids, resolved once. */
  resolveScope(): Promise<{ workspace: string; project: string }> {
    this.scope ??= (async () => {
      if (!this.options.workspace) throw new SettingError('Rally workspace is not set', 'rally.workspace');
      if (!this.options.project) throw new SettingError('Rally project is not set', 'rally.project');
      const workspace = await this.workspaceId(this.options.workspace);
      const project = await this.projectId(this.options.project, `/workspace/${workspace}`);
      return { workspace: `/workspace/${workspace}`, project: `/project/${project}` };
    })();
    this.scope.catch(() => (this.scope = undefined));
    return this.scope;
  }

  /**
   * `GET /workspace?query=(Name = "X")` sees only the API key owner's default workspace (Broadcom KB 57602,
   * 118587), so names are looked up in the subscription's Workspaces collection, as pyral does.
   */
  private async workspaceId(nameOrId: string): Promise<string> {
    type Subscription = { Workspaces?: { _ref?: string } };
    const { data } = await this.http.request<{
      Subscription?: Subscription;
      QueryResult?: QueryResult<Subscription>['QueryResult'];
    }>('read the subscription', 'GET', '/subscription', {
      params: { fetch: 'Workspaces' },
    });
    // Both shapes are seen in the wild (pyral reads either): the object itself, or a one-row QueryResult.
    if (data?.QueryResult?.Errors?.length)
      throw new SreError(`Rally: read the subscription failed: ${data.QueryResult.Errors.join('; ')}`);
    const ref = (data?.Subscription ?? data?.QueryResult?.Results?.[0])?.Workspaces?._ref;
    if (!ref)
      throw new SreError(
        'Rally: read the subscription failed: the answer had no Workspaces collection; check the Rally server address',
      );
    const collection = this.pathOf(ref, 'read the subscription');
    const all = await this.query<Ref & { Name: string }>('list the workspaces', collection, {
      fetch: 'ObjectID,Name',
      pagesize: MAX_PAGE_SIZE,
      start: 1,
    });
    const found = all.Results.find((w) => String(w.ObjectID) === nameOrId || w.Name === nameOrId);
    if (found) return String(found.ObjectID);
    const known = all.Results.map((w) => `"${w.Name}" (${w.ObjectID})`).join(', ') || 'none';
    throw new SettingError(
      `Rally: no workspace "${nameOrId}" is visible to this API key (it sees: ${known})`,
      'rally.workspace',
    );
  }

  /**
   * The WSAPI path of a `_ref` Rally handed us. A ref on another scheme, host or port (or outside WSAPI) is refused:
   * following it would send the API key there.
   */
  private pathOf(ref: string, operation: string): string {
    const server = new URL(`${this.options.server.replace(/\/+$/, '')}${WSAPI_PATH}/`);
    let url: URL;
    try {
      url = new URL(ref, server);
    } catch {
      throw new SreError(`Rally: ${operation} failed: the answer pointed at "${ref}", which is not a URL`);
    }
    if (url.origin !== server.origin || !url.pathname.startsWith(server.pathname)) {
      throw new SreError(
        `Rally: ${operation} failed: the answer pointed at ${url.origin}${url.pathname}, outside the configured server ${server.origin}${WSAPI_PATH}; the API key is only sent to the configured server`,
      );
    }
    return url.pathname.slice(server.pathname.length - 1);
  }

  private async projectId(nameOrId: string, workspace: string): Promise<string> {
    if (/^\d+$/.test(nameOrId)) return nameOrId;
    const found = await this.query<Ref>(`find project "${nameOrId}"`, '/project', {
      workspace,
      query: condition('Name', '=', nameOrId),
      fetch: 'ObjectID,Name',
      pagesize: 2,
    });
    const first = found.Results[0];
    if (!first)
      throw new SettingError(
        `Rally: no project named "${nameOrId}" in the workspace is visible to this API key`,
        'rally.project',
      );
    return String(first.ObjectID);
  }

  private async query<T>(
    operation: string,
    path: string,
    params: Record<string, string | number | boolean>,
  ): Promise<QueryResult<T>['QueryResult']> {
    const { data } = await this.http.request<QueryResult<T>>(operation, 'GET', path, { params });
    const result = data?.QueryResult;
    if (!result)
      throw new SreError(
        `Rally: ${operation} failed: the answer was not a WSAPI QueryResult; check the Rally server address`,
      );
    if (result.Errors?.length) throw new SreError(`Rally: ${operation} failed: ${result.Errors.join('; ')}`);
    for (const w of result.Warnings ?? []) this.options.onWarning?.(w);
    return result;
  }

  /** Every story matching `query` in the project and below, all pages read; after the first page, the rest a few at a time. */
  private async allStories(operation: string, query: string): Promise<RallyStory[]> {
    const { workspace, project } = await this.resolveScope();
    const params = {
      workspace,
      project,
      projectScopeDown: true,
      projectScopeUp: false,
      query,
      fetch: this.fields,
      order: 'ObjectID',
      pagesize: MAX_PAGE_SIZE,
    };
    const first = await this.query<RawStory>(operation, '/hierarchicalrequirement', { ...params, start: 1 });
    const total = first.TotalResultCount;
    if (!Number.isSafeInteger(total) || total > MAX_STORIES) {
      throw new SreError(
        `Rally: ${operation} failed: the server says ${total} stories match, more than the ${MAX_STORIES} a sync reads; check the server address, or narrow the parent and tags`,
      );
    }
    const starts: number[] = [];
    for (let start = 1 + MAX_PAGE_SIZE; start <= total; start += MAX_PAGE_SIZE) starts.push(start);
    const pages: RawStory[][] = [first.Results];
    for (let i = 0; i < starts.length; i += PAGE_CONCURRENCY) {
      const batch = await Promise.all(
        starts
          .slice(i, i + PAGE_CONCURRENCY)
          .map((start) =>
            this.query<RawStory>(`${operation} (from ${start})`, '/hierarchicalrequirement', { ...params, start }),
          ),
      );
      pages.push(...batch.map((b) => b.Results));
      // A page that adds nothing means the count promised more than there is: the rest would be empty too.
      if (batch.some((b) => !Array.isArray(b.Results) || b.Results.length === 0)) break;
    }
    return pages.flat().map((s) => this.storyOf(s));
  }

  /**
   * Stories sync can link: those under the parent with the tags, and those anywhere in the project whose name
   * carries the key marker. Rally's CSV import drops parent and tags (Rally help, Import and Export Data), so
   * stories imported from rally_import.csv are found only by the second query.
   */
  async fetchLinkable(scope: StoryScope): Promise<RallyStory[]> {
    const [under, named] = await Promise.all([
      this.allStories(`read stories under ${scope.parentId}`, storiesQuery(scope.parentId, scope.tags, scope.tagMatch)),
      this.allStories(`read stories named "${scope.keyMarker}…"`, condition('Name', 'contains', scope.keyMarker)),
    ]);
    const byId = new Map([...under, ...named].map((s) => [s.objectId, s]));
    return [...byId.values()].sort((a, b) => a.objectId - b.objectId);
  }

  /**
   * The workspace's schedule states in their order (WSAPI ScheduleState: Name, OrderIndex; workspaces may add states
   * after Accepted, such as Released). A workspace that lists none has Rally's standard four.
   */
  async scheduleStates(): Promise<string[]> {
    const { workspace } = await this.resolveScope();
    const found = await this.query<{ Name: string; OrderIndex: number; Enabled?: boolean }>(
      'read the schedule states',
      '/schedulestate',
      {
        workspace,
        fetch: 'Name,OrderIndex,Enabled',
        order: 'OrderIndex',
        pagesize: 200,
      },
    );
    const states = found.Results.filter((s) => s.Enabled !== false)
      .sort((a, b) => a.OrderIndex - b.OrderIndex)
      .map((s) => s.Name);
    return states.length ? states : STANDARD_SCHEDULE_STATES;
  }

  /** The oldest story in the project whose name carries the item key (and that `also` accepts), if one exists. */
  async findStoryByKey(
    key: string,
    also: (story: RallyStory) => boolean = () => true,
  ): Promise<RallyStory | undefined> {
    const stories = await this.allStories(`look for a story of ${key}`, condition('Name', 'contains', key));
    return stories.find((s) => nameHasKey(s.name, key) && also(s));
  }

  /** The texts of a story's discussion (WSAPI ConversationPost, queried by its Artifact), every page read. */
  async posts(story: number): Promise<string[]> {
    const { workspace } = await this.resolveScope();
    const texts: string[] = [];
    for (let start = 1; ; start += MAX_PAGE_SIZE) {
      const page = await this.query<{ Text?: string }>(`read the discussion of story ${story}`, '/conversationpost', {
        workspace,
        query: condition('Artifact', '=', `/hierarchicalrequirement/${story}`),
        fetch: 'Text',
        pagesize: MAX_PAGE_SIZE,
        start,
      });
      texts.push(...page.Results.map((p) => p.Text ?? ''));
      if (page.Results.length === 0 || start + MAX_PAGE_SIZE > page.TotalResultCount) return texts;
    }
  }

  /**
   * Adds a discussion post to a story (WSAPI `POST /conversationpost/create`, Artifact and Text). Not retried after
   * a lost answer: the caller looks for the post's marker before posting again.
   */
  async addPost(story: number, html: string): Promise<void> {
    const { workspace } = await this.resolveScope();
    const operation = `add a discussion post to story ${story}`;
    const { data } = await this.http.request<{ CreateResult?: { Errors?: string[] } }>(
      operation,
      'POST',
      '/conversationpost/create',
      {
        params: { workspace },
        body: { ConversationPost: { Artifact: `/hierarchicalrequirement/${story}`, Text: html } },
        retry: false,
      },
    );
    if (!data?.CreateResult || data.CreateResult.Errors?.length)
      throw new SreError(
        `Rally: ${operation} failed: ${data?.CreateResult?.Errors?.join('; ') || 'no CreateResult in the answer'}`,
      );
  }

  /** Updates fields of a story (WSAPI `POST /hierarchicalrequirement/<ObjectID>`), returning it as it is now. */
  async updateStory(story: RallyStory, fields: Record<string, string>, what: string): Promise<RallyStory> {
    const { workspace } = await this.resolveScope();
    const operation = `${what} of ${story.formattedId}`;
    const { data } = await this.http.request<{ OperationResult?: { Errors?: string[]; Object?: RawStory } }>(
      operation,
      'POST',
      `/hierarchicalrequirement/${story.objectId}`,
      { params: { workspace, fetch: this.fields }, body: { HierarchicalRequirement: fields } },
    );
    const r = data?.OperationResult;
    if (!r || r.Errors?.length)
      throw new SreError(`Rally: ${operation} failed: ${r?.Errors?.join('; ') || 'no OperationResult in the answer'}`);
    return r.Object ? this.storyOf(r.Object) : story;
  }

  /** The parent's _ref, looked up once. */
  private ref(formattedId: string): Promise<string> {
    const id = formattedId.trim().toUpperCase();
    let ref = this.refs.get(id);
    if (!ref) {
      ref = (async () => {
        const { workspace } = await this.resolveScope();
        const kind = parentIsStory(id) ? 'hierarchicalrequirement' : 'portfolioitem';
        const found = await this.query<Ref>(`find ${id}`, `/${kind}`, {
          workspace,
          query: condition('FormattedID', '=', id),
          fetch: 'ObjectID',
          pagesize: 1,
        });
        const first = found.Results[0];
        if (!first)
          throw new SettingError(`Rally: parent ${id} was not found in the workspace`, 'rally.parentId', PARENT_HINT);
        return first._ref;
      })();
      this.refs.set(id, ref);
      ref.catch(() => this.refs.delete(id));
    }
    return ref;
  }

  /** The story's parent field: `Parent` for a story (US45), `PortfolioItem` for a feature (F12). */
  private async parentField(parentId: string): Promise<Record<string, string>> {
    return { [parentIsStory(parentId) ? 'Parent' : 'PortfolioItem']: await this.ref(parentId) };
  }

  /** Tag refs by name; missing tags are created. */
  async tagRefs(names: readonly string[]): Promise<{ _ref: string }[]> {
    const { workspace } = await this.resolveScope();
    return Promise.all(
      [...new Set(names)].map(async (name) => {
        const found = await this.query<Ref>(`find tag "${name}"`, '/tag', {
          workspace,
          query: condition('Name', '=', name),
          fetch: 'ObjectID,Name',
          pagesize: 1,
        });
        const existing = found.Results[0];
        if (existing) return { _ref: `/tag/${existing.ObjectID}` };
        const { data } = await this.http.request<{ CreateResult: { Errors: string[]; Object?: Ref } }>(
          `create tag "${name}"`,
          'POST',
          '/tag/create',
          {
            params: { workspace },
            body: { Tag: { Name: name } },
          },
        );
        const created = data?.CreateResult;
        if (!created || created.Errors?.length || !created.Object)
          throw new SreError(`Rally: create tag "${name}" failed: ${created?.Errors?.join('; ') ?? 'no CreateResult'}`);
        return { _ref: `/tag/${created.Object.ObjectID}` };
      }),
    );
  }

  /**
   * Puts a story found by its key (e.g. imported from CSV, which drops parent and tags) under the parent and adds
   * the tags it lacks through the Tags collection's add endpoint (WSAPI `…/Tags/add`, as rally-node's `add`), so a
   * tag someone adds to the story at the same moment is kept: an update with a Tags list would replace it.
   */
  async adoptStory(story: RallyStory, scope: Pick<StoryScope, 'parentId' | 'tags'>): Promise<RallyStory> {
    const { workspace } = await this.resolveScope();
    const have = new Set(story.tags.map((t) => t.name));
    const added = await this.tagRefs(scope.tags.filter((t) => !have.has(t)));
    const operation = `adopt ${story.formattedId}`;
    const result = async (
      request: Promise<{ data: { OperationResult?: { Errors?: string[]; Object?: RawStory } } }>,
    ) => {
      const r = (await request).data?.OperationResult;
      if (!r || r.Errors?.length)
        throw new SreError(
          `Rally: ${operation} failed: ${r?.Errors?.join('; ') || 'no OperationResult in the answer'}`,
        );
      return r;
    };
    if (added.length)
      await result(
        this.http.request(operation, 'POST', `/hierarchicalrequirement/${story.objectId}/Tags/add`, {
          params: { workspace },
          body: { CollectionItems: added },
        }),
      );
    const updated = await result(
      this.http.request(operation, 'POST', `/hierarchicalrequirement/${story.objectId}`, {
        params: { workspace, fetch: this.fields },
        body: { HierarchicalRequirement: await this.parentField(scope.parentId) },
      }),
    );
    return updated.Object ? this.storyOf(updated.Object) : story;
  }

  /**
   * Creates the story unless one with the key already exists in the project (then it is adopted when it is not
   * under the parent with the tags). A create whose answer was lost may have succeeded, so before each retry we
   * look again instead of creating blindly.
   */
  async createStory(key: string, story: NewStory, attempts = 3): Promise<{ story: RallyStory; created: boolean }> {
    // A follow-up is another story with the same key: only one not yet accepted counts as made already.
    const also = story.followUpOf
      ? (s: RallyStory) => String(s.objectId) !== story.followUpOf && s.acceptedDate === null
      : undefined;
    const existing = await this.findStoryByKey(key, also);
    if (existing) {
      const adopted = storyMatches(existing, story.parentId, story.tags, 'all')
        ? existing
        : await this.adoptStory(existing, story);
      return { story: adopted, created: false };
    }
    const { workspace, project } = await this.resolveScope();
    const body = {
      HierarchicalRequirement: {
        Name: story.name,
        Description: story.description,
        Workspace: workspace,
        Project: project,
        ...(await this.parentField(story.parentId)),
        Tags: await this.tagRefs(story.tags),
        ScheduleState: 'Defined',
      },
    };
    for (let attempt = 1; ; attempt++) {
      let result: { Errors: string[]; Object?: RawStory } | undefined;
      try {
        ({
          data: { CreateResult: result },
        } = await this.http.request<{ CreateResult: { Errors: string[]; Object?: RawStory } }>(
          `create a story for ${key}`,
          'POST',
          '/hierarchicalrequirement/create',
          { params: { workspace, fetch: this.fields }, body, retry: false },
        ));
      } catch (e) {
        // Refused by the rate limit: nothing was made; ask again only once Retry-After has passed.
        if (throttled(e) && attempt < attempts) {
          await this.http.wait(e, attempt);
          continue;
        }
        if (!answerMayBeLost(e)) throw e;
        // The story may exist anyway: look for it, and never create a second one on a guess.
        const landed = await this.findStoryByKey(key, also);
        if (landed) return { story: landed, created: true };
        throw new SreError(
          `Rally: the answer to creating a story for ${key} was lost and no story carries the key: it may not have been created; run again to create it (one with the key is found first, never made twice)`,
          'runtime',
          { cause: e },
        );
      }
      if (!result || result.Errors?.length || !result.Object)
        throw new SreError(
          `Rally: create a story for ${key} failed: ${result?.Errors?.join('; ') || 'no CreateResult in the answer'}`,
        );
      return { story: this.storyOf(result.Object), created: true };
    }
  }
}
