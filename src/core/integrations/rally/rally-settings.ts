/** Rally's settings: where the workspace is, where stories go, which tags are ours, how rally_import.csv looks. */
import { inputError } from '../../errors';
import { DEFAULT_TAGS, nonEmpty, type SettingSource } from '../../settings';
import { type AdapterSetting, type SecretDeclaration } from '../tracker-adapter';

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

export const DEFAULT_RALLY_SERVER = 'https://rally1.rallydev.com';
/** What Rally's CSV importer takes: it drops Parent, Tags and Project (Rally help, Import and Export Data), so sync adopts. */
export const DEFAULT_RALLY_CSV_COLUMNS = ['Name', 'Description', 'Schedule State'];
const DEFAULT_DONE_STATE = 'Accepted';
const DEFAULT_REOPEN_STATE = 'Defined';

export const RALLY_SETTINGS: readonly AdapterSetting[] = [
  {
    key: 'rally.server',
    env: 'RALLY_SERVER',
    required: false,
    envComment:
      'Rally: server (https; /slm/webservice/v2.0 is added), API key (secret), workspace and project (names or ObjectIDs), parent of the stories (feature F123 or story US45), tags (comma-separated).',
    schema: {
      type: 'string',
      default: DEFAULT_RALLY_SERVER,
      markdownDescription:
        'Rally server (https; the path `/slm/webservice/v2.0` is added). The API key is kept in secret storage: [SRE: Set Rally API Key](command:sreTracker.setRallyApiKey).',
      scope: 'resource',
    },
  },
  {
    key: 'rally.workspace',
    env: 'RALLY_WORKSPACE',
    required: true,
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription: 'Rally workspace name or ObjectID, e.g. `Engineering`. Required to create stories and sync.',
    },
  },
  {
    key: 'rally.project',
    env: 'RALLY_PROJECT',
    required: true,
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription: 'Rally project name or ObjectID, e.g. `SRE`. Required to create stories and sync.',
    },
  },
  {
    key: 'rally.parentId',
    env: 'RALLY_PARENT_ID',
    required: true,
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription:
        'Parent of the stories, e.g. a portfolio item `F123` or a user story `US45`. Required to create stories.',
    },
  },
  {
    key: 'rally.tags',
    env: 'RALLY_TAGS',
    schema: {
      type: 'array',
      items: {
        type: 'string',
      },
      default: DEFAULT_TAGS,
      description: 'Tags every SRE story carries; sync reads stories that have all of them.',
      scope: 'resource',
    },
  },
  {
    key: 'rally.tagMatch',
    env: 'RALLY_TAG_MATCH',
    envComment: 'Whether sync reads stories carrying all of RALLY_TAGS (all) or any one of them (any).',
    schema: {
      type: 'string',
      enum: ['all', 'any'],
      enumItemLabels: ['All of the tags', 'Any one tag'],
      default: 'all',
      description: 'Sync reads stories carrying all of the tags, or any one of them.',
      scope: 'resource',
    },
  },
  {
    key: 'rally.csvColumns',
    env: 'RALLY_CSV_COLUMNS',
    envComment:
      "Column titles of rally_import.csv, as in your workspace's Data Import Template (Title=value adds a fixed column). Rally's importer drops Parent, Tags and Project; sync sets parent and tags on the imported stories itself.",
    schema: {
      type: 'array',
      items: {
        type: 'string',
      },
      default: DEFAULT_RALLY_CSV_COLUMNS,
      markdownDescription:
        "Column titles of `rally_import.csv`, exactly as in your workspace's Data Import Template. Known: Name, Description, Schedule State, Project, Parent, Portfolio Item, Tags, Notes, Owner. `Title=value` adds a column with a fixed value (for required custom fields). Rally's importer drops Parent, Tags and Project: sync finds imported stories by the item key in their names and sets their parent and tags itself. Add `Notes` if your template has it.",
      scope: 'resource',
    },
  },
  {
    key: 'rally.doneState',
    env: 'RALLY_DONE_STATE',
    envComment:
      "The schedule state from which a story is done, with every state after it in the workspace's order (Completed waits for acceptance, so the default is Accepted).",
    schema: {
      type: 'string',
      default: DEFAULT_DONE_STATE,
      markdownDescription:
        "The schedule state from which a story counts as done, with every state after it in the workspace's order (read from Rally once per sync). `Completed` means waiting for the product owner to accept, so the default is `Accepted`; workspaces that add states after it (Released, Deployed) count those as done too.",
      scope: 'resource',
    },
  },
  {
    key: 'rally.reopenState',
    env: 'RALLY_REOPEN_STATE',
    envComment: 'The schedule state a done story goes back to when its item is re-assessed still short of its target.',
    schema: {
      type: 'string',
      default: DEFAULT_REOPEN_STATE,
      markdownDescription:
        'The schedule state a done story goes back to when sync finds its item re-assessed still short of its target (with `sreTracker.sync.stillShort` = `reopen`).',
      scope: 'resource',
    },
  },
  {
    key: 'rally.dueDateField',
    env: 'RALLY_DUE_DATE_FIELD',
    envComment:
      "A custom date field (e.g. c_TargetDate) that gets the campaign's deadline; empty: none (stories have no due date).",
    schema: {
      type: 'string',
      default: '',
      markdownDescription:
        "A date field of your stories, e.g. a custom `c_TargetDate`, that sync sets to the deadline of the item's campaign; empty: stories get none (Rally stories have no standard due date).",
      scope: 'resource',
    },
  },
];

export const RALLY_SECRET: SecretDeclaration = {
  key: 'rally.apiKey',
  env: 'RALLY_API_KEY',
  secret: true,
  command: 'setRallyApiKey',
  title: 'Set Rally API Key',
  name: 'Rally API key',
  prompt: 'Rally API key (Rally → Profile → API Keys). Stored in VS Code secret storage.',
};

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
    doneState: s.text('rally.doneState') || DEFAULT_DONE_STATE,
    reopenState: s.text('rally.reopenState') || DEFAULT_REOPEN_STATE,
    dueDateField: parseField(s.text('rally.dueDateField'), s.name('rally.dueDateField')),
  };
}
