/**
 * A tracker that exists only in memory, added the way a new tracker is: one folder with its adapter, and one line
 * that registers it. It shows the CLI, the extension and sync need no edit to use a tracker they do not know.
 */
import { inputError, SettingError } from '../../../src/core/errors';
import { type TrackerAdapter } from '../../../src/core/integrations/tracker-adapter';
import {
  type NewWork,
  type WorkItem,
  type WorkPost,
  type WorkTracker,
} from '../../../src/core/integrations/work-tracker';

/** The work items "on the board", shared by every tracker built from the adapter. */
export const board: WorkItem[] = [];

class DummyTracker implements WorkTracker {
  readonly kind = 'dummy';
  readonly titleLimit = 200;

  async findLinkable(keyMarker: string): Promise<WorkItem[]> {
    return board.filter((w) => w.title.includes(keyMarker));
  }

  async create(work: NewWork): Promise<{ item: WorkItem; created: boolean }> {
    const existing = board.find((w) => w.title.includes(work.key));
    if (existing) return { item: existing, created: false };
    const item = {
      id: String(board.length + 1),
      displayId: `D-${board.length + 1}`,
      title: work.title,
      state: 'Open',
      done: false,
      url: `https://dummy.example/${board.length + 1}`,
      placed: true,
      parent: null,
      doneAt: null,
      dueDate: null,
    };
    board.push(item);
    return { item, created: true };
  }

  async adopt(item: WorkItem): Promise<WorkItem> {
    return { ...item, placed: true };
  }

  /** Comments on the board's cards, by card id. */
  readonly posts = new Map<string, string[]>();

  async hasPost(item: WorkItem, marker: string): Promise<boolean> {
    return (this.posts.get(item.id) ?? []).some((p) => p.includes(marker));
  }

  async post(item: WorkItem, post: WorkPost): Promise<void> {
    this.posts.set(item.id, [...(this.posts.get(item.id) ?? []), post.html]);
  }

  async reopen(item: WorkItem, post: WorkPost): Promise<WorkItem> {
    await this.post(item, post);
    const card = board.find((w) => w.id === item.id) ?? item;
    Object.assign(card, { state: 'Open', done: false, doneAt: null });
    return card;
  }

  readonly dueDates = false;

  async setDueDate(): Promise<void> {}
}

export const dummyAdapter: TrackerAdapter = {
  kind: 'dummy',
  name: 'Dummy',
  choice: 'Dummy cards on a board in memory',
  workName: 'Dummy card',
  workNames: 'Dummy cards',
  titleLimit: 200,
  settings: [
    {
      key: 'dummy.url',
      env: 'DUMMY_URL',
      schema: { type: 'string', default: '', description: 'The board service.', scope: 'resource' },
      envComment: 'Dummy: the board service, its token (secret), the board and the columns cards go in.',
    },
    {
      key: 'dummy.board',
      env: 'DUMMY_BOARD',
      required: true,
      schema: { type: 'string', default: '', description: 'The board cards go on.', scope: 'resource' },
    },
    // A list setting, read as a list wherever the settings come from.
    {
      key: 'dummy.columns',
      env: 'DUMMY_COLUMNS',
      schema: {
        type: 'array',
        items: { type: 'string' },
        default: ['todo', 'done'],
        description: 'The columns of the board.',
        scope: 'resource',
      },
    },
  ],
  address: 'dummy.url',
  secret: {
    key: 'dummy.token',
    env: 'DUMMY_TOKEN',
    secret: true,
    required: true,
    command: 'setDummyToken',
    title: 'Set Dummy Token',
    name: 'Dummy token',
    prompt: 'Dummy token. Stored in VS Code secret storage.',
  },
  check(source) {
    if (source.list('dummy.columns')?.some((c) => c.includes(' ')))
      throw inputError(`${source.name('dummy.columns')} takes column names without spaces`);
  },
  create(settings, secret) {
    if (!settings.source.text('dummy.board')) throw new SettingError('Dummy board is not set', 'dummy.board');
    if (!secret) throw new SettingError('Dummy token is missing', 'dummy.token');
    return new DummyTracker();
  },
};
