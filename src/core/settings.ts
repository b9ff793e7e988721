/** Settings core needs, and how the CLI reads them from the environment (.env); the extension maps VS Code settings onto the same type. */
import { DEFAULT_THRESHOLDS, type StatusMode, type Thresholds } from '../shared/status';
import { type TrackerKind } from './domain/items';
import { inputError, type SettingKey } from './errors';

export type ConfluenceDeployment = 'cloud' | 'datacenter';

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
}

export interface JiraSettings {
  /** The Cloud site, e.g. https://acme.atlassian.net. */
  site: string;
  /** The account email the API token belongs to. */
  email: string;
  /** The project key issues are created in and searched (SRE). */
  project: string;
  issueType: string;
  /** Labels every SRE issue carries. */
  labels: string[];
  /** An epic (or other parent) key new issues go under; empty for none. */
  parent: string;
}

export interface ConfluenceSettings {
  baseUrl: string;
  username: string;
  pageId: string;
  deployment: ConfluenceDeployment;
  title: string;
}

/** Limits on every request to Rally, Jira and Confluence. */
export interface NetworkSettings {
  /** The whole of one attempt, answer included. */
  timeoutSeconds: number;
  /** Largest answer accepted. */
  maxResponseMegabytes: number;
}

export interface TrackerSettings {
  /** undefined: `targets` when targets.csv exists, else `thresholds`. */
  statusMode: StatusMode | undefined;
  thresholds: Thresholds;
  staleAfterDays: number;
  storyNameTemplate: string | undefined;
  /** Where gaps become work: Rally stories or Jira issues. */
  tracker: TrackerKind;
  rally: RallySettings;
  jira: JiraSettings;
  confluence: ConfluenceSettings;
  network: NetworkSettings;
  /** Tracker adapters' own settings by key (`dummy.board`), read by the CLI and the extension from what each adapter declares. */
  extra: Record<string, string>;
}

export const DEFAULT_NETWORK: NetworkSettings = { timeoutSeconds: 30, maxResponseMegabytes: 64 };

export const DEFAULT_RALLY_SERVER = 'https://rally1.rallydev.com';
/** What Rally's CSV importer takes: it drops Parent, Tags and Project (Rally help, Import and Export Data), so sync adopts. */
export const DEFAULT_RALLY_CSV_COLUMNS = ['Name', 'Description', 'Schedule State'];
export const DEFAULT_PAGE_TITLE = 'SRE To-Do List';
/** Every SRE story (Rally tag) and issue (Jira label) carries it, so sync reads ours and not every story under the parent. */
export const DEFAULT_TAGS = ['sre'];
export const DEFAULT_STALE_AFTER_DAYS = 180;

export function defaultSettings(): TrackerSettings {
  return {
    statusMode: undefined,
    thresholds: DEFAULT_THRESHOLDS,
    staleAfterDays: DEFAULT_STALE_AFTER_DAYS,
    storyNameTemplate: undefined,
    tracker: 'rally',
    jira: { site: '', email: '', project: '', issueType: 'Task', labels: DEFAULT_TAGS, parent: '' },
    rally: {
      server: DEFAULT_RALLY_SERVER,
      workspace: '',
      project: '',
      parentId: '',
      tags: DEFAULT_TAGS,
      tagMatch: 'all',
      csvColumns: DEFAULT_RALLY_CSV_COLUMNS,
      doneState: 'Accepted',
    },
    confluence: { baseUrl: '', username: '', pageId: '', deployment: 'cloud', title: DEFAULT_PAGE_TITLE },
    network: DEFAULT_NETWORK,
    extra: {},
  };
}

/** A positive whole number from a setting or variable, or the default when it is not given. */
export function parseLimit(value: string | number | undefined, fallback: number, source: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw inputError(`${source} must be a whole number of at least 1, not "${value}"`);
  return n;
}

export function parseStatusMode(value: string, source: string): StatusMode | undefined {
  // "auto" (or nothing): targets when targets.csv exists, else thresholds.
  if (value === '' || value === 'auto') return undefined;
  if (value === 'thresholds' || value === 'targets') return value;
  throw inputError(`${source} must be "auto", "thresholds" or "targets", not "${value}"`);
}

export function parseTagMatch(value: string, source: string): TagMatch {
  if (value === '' || value === 'all') return 'all';
  if (value === 'any') return 'any';
  throw inputError(`${source} must be "all" or "any", not "${value}"`);
}

/** A tracker kind as given; whether an adapter knows it is the registry's to say (integrations/registry.ts). */
export function parseTracker(value: string, source: string): TrackerKind {
  if (value === '') return 'rally';
  if (!/^[a-z][a-z0-9-]*$/.test(value))
    throw inputError(`${source} must be a tracker such as "rally" or "jira", not "${value}"`);
  return value;
}

export function parseDeployment(value: string, source: string): ConfluenceDeployment {
  if (value === '' || value === 'cloud') return 'cloud';
  if (value === 'datacenter') return 'datacenter';
  throw inputError(`${source} must be "cloud" or "datacenter", not "${value}"`);
}

export function checkThresholds(t: Thresholds, source: string): Thresholds {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 4;
  if (!ok(t.amberFrom) || !ok(t.greenFrom) || t.amberFrom > t.greenFrom) {
    throw inputError(`${source}: amberFrom and greenFrom must be levels 0..4 with amberFrom ≤ greenFrom`);
  }
  return t;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Every setting, secret and CLI variable, declared once: its key under `sreTracker.` (VS Code), its environment
 * variable (the CLI, `.env.example`), and whether it is a secret (SecretStorage and a command, never a setting).
 * package.json's configuration, the extension's SETTING ids, `.env.example` and the tracker adapters are checked
 * against it (test/core/settings.test.ts) or read from it (ENV_NAME).
 */
export const SETTINGS = [
  { key: 'dataDirectory', env: 'SRE_TRACKER_DIR' },
  { key: 'tracker', env: 'SRE_TRACKER' },
  { key: 'groupByPillar' },
  { key: 'storyNameTemplate', env: 'SRE_STORY_NAME_TEMPLATE' },
  { key: 'network.timeoutSeconds', env: 'SRE_HTTP_TIMEOUT_SECONDS' },
  { key: 'network.maxResponseMegabytes', env: 'SRE_HTTP_MAX_RESPONSE_MB' },
  { key: 'statusMode', env: 'SRE_STATUS_MODE' },
  { key: 'statusThresholds', env: 'SRE_STATUS_THRESHOLDS' },
  { key: 'staleAfterDays', env: 'SRE_STALE_AFTER_DAYS' },
  { key: 'rally.server', env: 'RALLY_SERVER' },
  { key: 'rally.apiKey', env: 'RALLY_API_KEY', secret: true },
  { key: 'rally.workspace', env: 'RALLY_WORKSPACE' },
  { key: 'rally.project', env: 'RALLY_PROJECT' },
  { key: 'rally.parentId', env: 'RALLY_PARENT_ID' },
  { key: 'rally.tags', env: 'RALLY_TAGS' },
  { key: 'rally.tagMatch', env: 'RALLY_TAG_MATCH' },
  { key: 'rally.csvColumns', env: 'RALLY_CSV_COLUMNS' },
  { key: 'rally.doneState', env: 'RALLY_DONE_STATE' },
  { key: 'jira.site', env: 'JIRA_SITE' },
  { key: 'jira.email', env: 'JIRA_EMAIL' },
  { key: 'jira.apiToken', env: 'JIRA_API_TOKEN', secret: true },
  { key: 'jira.project', env: 'JIRA_PROJECT' },
  { key: 'jira.issueType', env: 'JIRA_ISSUE_TYPE' },
  { key: 'jira.labels', env: 'JIRA_LABELS' },
  { key: 'jira.parent', env: 'JIRA_PARENT' },
  { key: 'confluence.baseUrl', env: 'CONFLUENCE_URL' },
  { key: 'confluence.username', env: 'CONFLUENCE_USERNAME' },
  { key: 'confluence.token', env: 'CONFLUENCE_API_TOKEN', secret: true },
  { key: 'confluence.pageId', env: 'CONFLUENCE_PAGE_ID' },
  { key: 'confluence.deployment', env: 'CONFLUENCE_DEPLOYMENT' },
  { key: 'confluence.pageTitle', env: 'CONFLUENCE_PAGE_TITLE' },
  // The CLI's own: who made a change, and hosts a .env address may send a credential to.
  { key: '', env: 'SRE_USER' },
  { key: '', env: 'SRE_ALLOWED_HOSTS' },
] as const satisfies readonly { key: string; env?: string; secret?: boolean }[];

/** The host (and port) a credential would go to, lower-cased, as SRE_ALLOWED_HOSTS and VS Code's consent name it; '' for no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** The environment variable (or .env line) behind each setting, from SETTINGS. */
export const ENV_NAME: Partial<Record<SettingKey, string>> = Object.fromEntries(
  SETTINGS.filter((s) => s.key !== '' && 'env' in s).map((s) => [s.key, (s as { env: string }).env]),
);

/** Reads the variables listed in .env.example; each error names the variable. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): TrackerSettings {
  const get = (name: string) => (env[name] ?? '').trim();
  const base = defaultSettings();
  let thresholds = base.thresholds;
  const t = get('SRE_STATUS_THRESHOLDS');
  if (t) {
    const m = /^(\d)\s*,\s*(\d)$/.exec(t);
    if (!m) throw inputError(`SRE_STATUS_THRESHOLDS must be "AMBER_FROM,GREEN_FROM" levels such as "2,3", not "${t}"`);
    thresholds = checkThresholds({ amberFrom: Number(m[1]), greenFrom: Number(m[2]) }, 'SRE_STATUS_THRESHOLDS');
  }
  const stale = get('SRE_STALE_AFTER_DAYS');
  if (stale && !/^\d+$/.test(stale))
    throw inputError(`SRE_STALE_AFTER_DAYS must be a whole number of days, not "${stale}"`);
  return {
    statusMode: parseStatusMode(get('SRE_STATUS_MODE'), 'SRE_STATUS_MODE'),
    thresholds,
    staleAfterDays: stale ? Number(stale) : base.staleAfterDays,
    storyNameTemplate: get('SRE_STORY_NAME_TEMPLATE') || undefined,
    tracker: parseTracker(get('SRE_TRACKER'), 'SRE_TRACKER'),
    jira: {
      site: get('JIRA_SITE'),
      email: get('JIRA_EMAIL'),
      project: get('JIRA_PROJECT'),
      issueType: get('JIRA_ISSUE_TYPE') || base.jira.issueType,
      labels: env.JIRA_LABELS === undefined ? base.jira.labels : splitList(get('JIRA_LABELS')),
      parent: get('JIRA_PARENT'),
    },
    rally: {
      server: get('RALLY_SERVER') || base.rally.server,
      workspace: get('RALLY_WORKSPACE'),
      project: get('RALLY_PROJECT'),
      parentId: get('RALLY_PARENT_ID'),
      // Unset: the default tag; set but empty: no tag at all.
      tags: env.RALLY_TAGS === undefined ? base.rally.tags : splitList(get('RALLY_TAGS')),
      tagMatch: parseTagMatch(get('RALLY_TAG_MATCH'), 'RALLY_TAG_MATCH'),
      csvColumns: get('RALLY_CSV_COLUMNS') ? splitList(get('RALLY_CSV_COLUMNS')) : base.rally.csvColumns,
      doneState: get('RALLY_DONE_STATE') || base.rally.doneState,
    },
    confluence: {
      baseUrl: get('CONFLUENCE_URL'),
      username: get('CONFLUENCE_USERNAME'),
      pageId: get('CONFLUENCE_PAGE_ID'),
      deployment: parseDeployment(get('CONFLUENCE_DEPLOYMENT'), 'CONFLUENCE_DEPLOYMENT'),
      title: get('CONFLUENCE_PAGE_TITLE') || base.confluence.title,
    },
    network: {
      timeoutSeconds: parseLimit(
        get('SRE_HTTP_TIMEOUT_SECONDS'),
        DEFAULT_NETWORK.timeoutSeconds,
        'SRE_HTTP_TIMEOUT_SECONDS',
      ),
      maxResponseMegabytes: parseLimit(
        get('SRE_HTTP_MAX_RESPONSE_MB'),
        DEFAULT_NETWORK.maxResponseMegabytes,
        'SRE_HTTP_MAX_RESPONSE_MB',
      ),
    },
    // Tracker adapters' own settings: the CLI reads them from what each adapter declares (cli/context.ts).
    extra: {},
  };
}
