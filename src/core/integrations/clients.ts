/** Builds the work tracker (Rally or Jira) and the Confluence page from settings and secrets, the same way for the CLI and the extension. */
import { SettingError, type SettingKey } from '../errors';
import { type TrackerSettings } from '../settings';
import { ConfluenceClient } from './confluence/confluence-client';
import { JiraClient } from './jira/jira-client';
import { JiraTracker } from './jira/jira-tracker';
import { type PageTarget } from './page-target';
import { RallyClient } from './rally/rally-client';
import { PARENT_HINT } from './rally/rally-query';
import { RallyTracker } from './rally/rally-tracker';
import { type WorkTracker } from './work-tracker';

export interface ClientHooks {
  signal?: AbortSignal;
  onRequest?: () => void;
  onWarning?: (warning: string) => void;
}

/** The request limits the settings give, for a client's options. */
function limits(settings: TrackerSettings): { timeoutMs: number; maxBodyBytes: number } {
  return {
    timeoutMs: settings.network.timeoutSeconds * 1000,
    maxBodyBytes: settings.network.maxResponseMegabytes * 1024 * 1024,
  };
}

export function rallyClient(
  settings: TrackerSettings,
  apiKey: string | undefined,
  hooks: ClientHooks = {},
): RallyClient {
  return new RallyClient({ ...settings.rally, apiKey: apiKey ?? '', ...limits(settings), ...hooks });
}

/** The configured tracker; `secret` is its API key or token. */
export function workTracker(
  settings: TrackerSettings,
  secret: string | undefined,
  hooks: ClientHooks = {},
): WorkTracker {
  if (settings.tracker === 'jira') {
    const { site, email } = settings.jira;
    return new JiraTracker(
      new JiraClient({
        site,
        email,
        token: secret ?? '',
        ...limits(settings),
        signal: hooks.signal,
        onRequest: hooks.onRequest,
      }),
      settings.jira,
    );
  }
  if (!settings.rally.parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
  return new RallyTracker(rallyClient(settings, secret, hooks), settings.rally);
}

export function confluencePage(
  settings: TrackerSettings,
  token: string | undefined,
  hooks: ClientHooks = {},
): PageTarget {
  const c = settings.confluence;
  if (!c.pageId) throw new SettingError('Confluence page is not set', 'confluence.pageId');
  return new ConfluenceClient({
    baseUrl: c.baseUrl,
    deployment: c.deployment,
    username: c.username,
    token: token ?? '',
    ...limits(settings),
    signal: hooks.signal,
    onRequest: hooks.onRequest,
  }).page(c.pageId);
}

/** A service's settings (its secret aside): the ones it lacks, and whether any of them is given at all. */
export interface SetupGaps {
  missing: SettingKey[];
  started: boolean;
}

function gaps(pairs: readonly (readonly [SettingKey, string])[]): SetupGaps {
  return { missing: pairs.filter(([, v]) => !v).map(([k]) => k), started: pairs.some(([, v]) => v !== '') };
}

/** What the configured tracker needs and lacks: what Create Story and Sync both say. */
export function trackerGaps(settings: TrackerSettings): SetupGaps {
  const { rally, jira } = settings;
  return settings.tracker === 'jira'
    ? gaps([
        ['jira.site', jira.site],
        ['jira.email', jira.email],
        ['jira.project', jira.project],
      ])
    : gaps([
        ['rally.workspace', rally.workspace],
        ['rally.project', rally.project],
        ['rally.parentId', rally.parentId],
      ]);
}

/** What the Confluence page needs and lacks (the account email only on Cloud). */
export function confluenceGaps(settings: TrackerSettings): SetupGaps {
  const c = settings.confluence;
  return gaps([
    ['confluence.baseUrl', c.baseUrl],
    ['confluence.pageId', c.pageId],
    ...(c.deployment === 'cloud' ? [['confluence.username', c.username] as const] : []),
  ]);
}
