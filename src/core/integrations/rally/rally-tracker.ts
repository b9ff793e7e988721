/** Rally behind the work-tracker port: user stories under the configured parent, with the configured tags. */
import { SettingError } from '../../errors';
import { type NewWork, postOnce, type WorkItem, type WorkPost, type WorkTracker } from '../work-tracker';
import { type RallyClient } from './rally-client';
import { storyMatches } from './rally-query';
import { type RallySettings } from './rally-settings';
import { type RallyStory } from './rally-story';

/** Rally's longest story name (WSAPI: Name is a 256-character string). */
export const RALLY_NAME_LIMIT = 256;

export class RallyTracker implements WorkTracker {
  readonly kind = 'rally';
  readonly titleLimit = RALLY_NAME_LIMIT;
  /** Stories seen, by ObjectID: adoption keeps the tags a story already has. */
  private readonly seen = new Map<string, RallyStory>();
  /**
   * The states that count as done: the configured one and every state after it in the workspace's order.
   * Completed is "waiting for the product owner to accept", so by default only Accepted and later are done.
   */
  private done: Promise<Set<string>> | undefined;

  constructor(
    private readonly client: RallyClient,
    private readonly settings: RallySettings,
  ) {}

  /** Rally's UI link, `<server>/#/<projectObjectID>/detail/userstory/<ObjectID>` (Broadcom KB 57624). */
  private url(story: RallyStory): string {
    const project = story.projectId ? `/${story.projectId}` : '';
    return `${this.settings.server.replace(/\/+$/, '')}/#${project}/detail/userstory/${story.objectId}`;
  }

  private doneStates(): Promise<Set<string>> {
    this.done ??= this.client.scheduleStates().then((states) => {
      const from = states.indexOf(this.settings.doneState);
      if (from < 0)
        throw new SettingError(
          `Rally: the done state "${this.settings.doneState}" is not a schedule state of the workspace (${states.join(', ')})`,
          'rally.doneState',
        );
      return new Set(states.slice(from));
    });
    this.done.catch(() => (this.done = undefined));
    return this.done;
  }

  private item(story: RallyStory, done: Set<string>): WorkItem {
    this.seen.set(String(story.objectId), story);
    return {
      id: String(story.objectId),
      displayId: story.formattedId,
      title: story.name,
      state: story.scheduleState,
      done: done.has(story.scheduleState),
      url: this.url(story),
      placed: storyMatches(story, this.settings.parentId, this.settings.tags, this.settings.tagMatch),
      parent: story.parentId,
      doneAt: done.has(story.scheduleState) ? story.acceptedDate : null,
      dueDate: story.dueDate,
    };
  }

  /** The story of a work item read this sync. */
  private story(item: WorkItem): RallyStory {
    const story = this.seen.get(item.id);
    if (!story) throw new Error(`story ${item.displayId} was not read before changing it`);
    return story;
  }

  async findLinkable(keyMarker: string): Promise<WorkItem[]> {
    const { parentId, tags, tagMatch } = this.settings;
    const [stories, done] = await Promise.all([
      this.client.fetchLinkable({ parentId, tags, tagMatch, keyMarker }),
      this.doneStates(),
    ]);
    return stories.map((s) => this.item(s, done));
  }

  async create(work: NewWork): Promise<{ item: WorkItem; created: boolean }> {
    const { story, created } = await this.client.createStory(work.key, {
      name: work.title,
      description: work.descriptionHtml,
      parentId: this.settings.parentId,
      tags: [...this.settings.tags, ...work.extraLabels],
      ...(work.followUpOf ? { followUpOf: work.followUpOf } : {}),
    });
    return { item: this.item(story, await this.doneStates()), created };
  }

  async adopt(item: WorkItem): Promise<WorkItem> {
    return this.item(await this.client.adoptStory(this.story(item), this.settings), await this.doneStates());
  }

  async hasPost(item: WorkItem, marker: string): Promise<boolean> {
    return (await this.client.posts(Number(item.id))).some((text) => text.includes(marker));
  }

  async post(item: WorkItem, post: WorkPost): Promise<void> {
    await this.client.addPost(Number(item.id), post.html);
  }

  /** Back to the reopen state, which must be a schedule state of the workspace before the done ones. */
  async reopen(item: WorkItem, post: WorkPost): Promise<WorkItem> {
    const done = await this.doneStates();
    const states = await this.client.scheduleStates();
    const state = this.settings.reopenState;
    if (!states.includes(state) || done.has(state))
      throw new SettingError(
        `Rally: the reopen state "${state}" is not a schedule state before ${this.settings.doneState} in the workspace (${states.join(', ')})`,
        'rally.reopenState',
      );
    await postOnce(this, item, post);
    const story = await this.client.updateStory(this.story(item), { ScheduleState: state }, `reopen`);
    return this.item(story, done);
  }

  get dueDates(): boolean {
    return this.settings.dueDateField !== '';
  }

  async setDueDate(item: WorkItem, day: string | null): Promise<void> {
    if (!this.dueDates) return;
    await this.client.updateStory(
      this.story(item),
      { [this.settings.dueDateField]: day ? `${day}T00:00:00.000Z` : '' },
      `set the due date (${this.settings.dueDateField})`,
    );
  }
}
