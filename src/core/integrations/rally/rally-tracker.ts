/** Rally behind the work-tracker port: user stories under the configured parent, with the configured tags. */
import { SettingError } from '../../errors';
import { type NewWork, type WorkItem, type WorkTracker } from '../work-tracker';
import { type RallyClient, type RallyStory } from './rally-client';
import { storyMatches } from './rally-query';
import { type RallySettings } from './rally-settings';

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
    };
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
    });
    return { item: this.item(story, await this.doneStates()), created };
  }

  async adopt(item: WorkItem): Promise<WorkItem> {
    const story = this.seen.get(item.id);
    if (!story) throw new Error(`story ${item.displayId} was not read before adopting it`);
    return this.item(await this.client.adoptStory(story, this.settings), await this.doneStates());
  }
}
