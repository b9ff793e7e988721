/** Builds the work tracker (through its adapter) and the Confluence page from settings and secrets, the same way for the CLI and the extension. */
import { SettingError, type SettingKey } from '../errors';
import { type ClientHooks, limits } from './client-options';
import { ConfluenceClient } from './confluence/confluence-client';
import { type PageTarget } from './page-target';
import { settingValue, trackerAdapter } from './registry';
import { type TrackerSettings } from './settings';
import { type WorkTracker } from './work-tracker';

/** The configured tracker, built by its adapter; `secret` is its API key or token. */
export function workTracker(
  settings: TrackerSettings,
  secret: string | undefined,
  hooks: ClientHooks = {},
): WorkTracker {
  return trackerAdapter(settings.tracker).create(settings, secret, hooks);
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
    onRetry: hooks.onRetry,
    network: hooks.network,
  }).page(c.pageId, c.title);
}

/** A service's settings (its secret aside): the ones it lacks, and whether any of them is given at all. */
export interface SetupGaps {
  missing: SettingKey[];
  started: boolean;
}

function gaps(pairs: readonly (readonly [SettingKey, string])[]): SetupGaps {
  return { missing: pairs.filter(([, v]) => !v).map(([k]) => k), started: pairs.some(([, v]) => v !== '') };
}

/** What the configured tracker needs and lacks, as its adapter declares it: what Create Story and Sync both say. */
export function trackerGaps(settings: TrackerSettings): SetupGaps {
  const required = trackerAdapter(settings.tracker).settings.filter((s) =>
    typeof s.required === 'function' ? s.required(settings) : s.required,
  );
  return gaps(required.map((s) => [s.key, settingValue(settings, s.key)] as const));
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
