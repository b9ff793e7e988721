/** Rally's stories through WSAPI v2.0: paged queries, posts, tags, adoption and idempotent creation. */
import { nameHasKey } from '../../domain/item-keys';
import { SettingError, SreError } from '../../errors';
import { answerMayBeLost, throttled } from '../http-errors';
import { condition, PARENT_HINT, parentIsStory, storiesQuery, storyMatches } from './rally-query';
import { type NewStory, type RallyStory, type RawStory, storyOf, type StoryScope } from './rally-story';
import { MAX_PAGE_SIZE, type RallyClientOptions, type Ref, Wsapi } from './rally-wsapi';

/** Rally's schedule states out of the box, in order (Rally help, "Schedule State"). */
const STANDARD_SCHEDULE_STATES = ['Defined', 'In-Progress', 'Completed', 'Accepted'];
const PAGE_CONCURRENCY = 4;
/** More stories than any SRE backlog holds: a count beyond it is a wrong server, not work to page through. */
const MAX_STORIES = 100_000;
const STORY_FIELDS =
  'ObjectID,FormattedID,Name,ScheduleState,Tags,Parent,PortfolioItem,Project,LastUpdateDate,AcceptedDate';

export class RallyClient {
  private readonly refs = new Map<string, Promise<string>>();

  private readonly api: Wsapi;

  constructor(private readonly options: RallyClientOptions) {
    this.api = new Wsapi(options);
  }

  /** Workspace and project ObjectIDs, from names or ids, resolved once. */
  resolveScope(): Promise<{ workspace: string; project: string }> {
    return this.api.resolveScope();
  }

  /** The story fields read: the usual ones and the configured due date field. */
  private get fields(): string {
    return this.options.dueDateField ? `${STORY_FIELDS},${this.options.dueDateField}` : STORY_FIELDS;
  }

  private storyOf(s: RawStory): RallyStory {
    return storyOf(s, this.options.dueDateField);
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
    const first = await this.api.query<RawStory>(operation, '/hierarchicalrequirement', { ...params, start: 1 });
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
            this.api.query<RawStory>(`${operation} (from ${start})`, '/hierarchicalrequirement', { ...params, start }),
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
    const found = await this.api.query<{ Name: string; OrderIndex: number; Enabled?: boolean }>(
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
      const page = await this.api.query<{ Text?: string }>(
        `read the discussion of story ${story}`,
        '/conversationpost',
        {
          workspace,
          query: condition('Artifact', '=', `/hierarchicalrequirement/${story}`),
          fetch: 'Text',
          pagesize: MAX_PAGE_SIZE,
          start,
        },
      );
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
    const { data } = await this.api.http.request<{ CreateResult?: { Errors?: string[] } }>(
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
    const { data } = await this.api.http.request<{ OperationResult?: { Errors?: string[]; Object?: RawStory } }>(
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
        const found = await this.api.query<Ref>(`find ${id}`, `/${kind}`, {
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
        const found = await this.api.query<Ref>(`find tag "${name}"`, '/tag', {
          workspace,
          query: condition('Name', '=', name),
          fetch: 'ObjectID,Name',
          pagesize: 1,
        });
        const existing = found.Results[0];
        if (existing) return { _ref: `/tag/${existing.ObjectID}` };
        const { data } = await this.api.http.request<{ CreateResult: { Errors: string[]; Object?: Ref } }>(
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
        this.api.http.request(operation, 'POST', `/hierarchicalrequirement/${story.objectId}/Tags/add`, {
          params: { workspace },
          body: { CollectionItems: added },
        }),
      );
    const updated = await result(
      this.api.http.request(operation, 'POST', `/hierarchicalrequirement/${story.objectId}`, {
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
        } = await this.api.http.request<{ CreateResult: { Errors: string[]; Object?: RawStory } }>(
          `create a story for ${key}`,
          'POST',
          '/hierarchicalrequirement/create',
          { params: { workspace, fetch: this.fields }, body, retry: false },
        ));
      } catch (e) {
        // Refused by the rate limit: nothing was made; ask again only once Retry-After has passed.
        if (throttled(e) && attempt < attempts) {
          await this.api.http.wait(e, attempt);
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
