/** Rally's settings: where the workspace is, where stories go, which tags are ours, how rally_import.csv looks. */
import { inputError } from '../../errors';
import { DEFAULT_TAGS, nonEmpty, type SettingRow, type SettingSource } from '../../settings';

/** Whether a story must carry all the configured tags or any one of them. */
export type TagMatch = 'all' | 'any';

export interface RallySettings {
  server: string;
  workspace: string;
  project: string;
  parentId: string;
  tags: string[];
  /** Whether a story must carry all the tags (default) or any one of them. */
  tagMatch: TagMatch;
  /** Column titles of rally_import.csv, as in the workspace's Data Import Template; `Title=value` adds a fixed column. */
  csvColumns: string[];
  /** The schedule state from which a story is done, with every state after it in the workspace's order. */
  doneState: string;
  /** The schedule state a done story goes back to when the item is still short of its target (issue 39). */
  reopenState: string;
  /** A custom field (c_TargetDate) the campaign's deadline is written to; empty: stories get none. */
  dueDateField: string;
}

export const RALLY_SETTINGS = [
  { key: 'rally.server', env: 'RALLY_SERVER' },
  { key: 'rally.apiKey', env: 'RALLY_API_KEY', secret: true },
  { key: 'rally.workspace', env: 'RALLY_WORKSPACE' },
  { key: 'rally.project', env: 'RALLY_PROJECT' },
  { key: 'rally.parentId', env: 'RALLY_PARENT_ID' },
  { key: 'rally.tags', env: 'RALLY_TAGS' },
  { key: 'rally.tagMatch', env: 'RALLY_TAG_MATCH' },
  { key: 'rally.csvColumns', env: 'RALLY_CSV_COLUMNS' },
  { key: 'rally.doneState', env: 'RALLY_DONE_STATE' },
  { key: 'rally.reopenState', env: 'RALLY_REOPEN_STATE' },
  { key: 'rally.dueDateField', env: 'RALLY_DUE_DATE_FIELD' },
] as const satisfies readonly SettingRow[];

export const DEFAULT_RALLY_SERVER = 'https://rally1.rallydev.com';
/** What Rally's CSV importer takes: it drops Parent, Tags and Project (Rally help, Import and Export Data), so sync adopts. */
export const DEFAULT_RALLY_CSV_COLUMNS = ['Name', 'Description', 'Schedule State'];

function parseTagMatch(value: string, source: string): TagMatch {
  if (value === '' || value === 'all') return 'all';
  if (value === 'any') return 'any';
  throw inputError(`${source} must be "all" or "any", not "${value}"`);
}

/** A WSAPI attribute name (DueDate, c_TargetDate): it goes into a request body as a key. */
function parseField(value: string, source: string): string {
  if (value === '' || /^[A-Za-z][A-Za-z0-9_]*$/.test(value)) return value;
  throw inputError(`${source} must be a Rally field name such as c_TargetDate, not "${value}"`);
}

export function readRallySettings(s: SettingSource): RallySettings {
  return {
    server: s.text('rally.server') || DEFAULT_RALLY_SERVER,
    workspace: s.text('rally.workspace'),
    project: s.text('rally.project'),
    parentId: s.text('rally.parentId'),
    // Not given: the default tag; given empty: no tag at all.
    tags: s.list('rally.tags') ?? DEFAULT_TAGS,
    tagMatch: parseTagMatch(s.text('rally.tagMatch'), s.name('rally.tagMatch')),
    csvColumns: nonEmpty(s.list('rally.csvColumns')) ?? DEFAULT_RALLY_CSV_COLUMNS,
    doneState: s.text('rally.doneState') || 'Accepted',
    reopenState: s.text('rally.reopenState') || 'Defined',
    dueDateField: parseField(s.text('rally.dueDateField'), s.name('rally.dueDateField')),
  };
}
