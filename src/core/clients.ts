/** Builds the work tracker (Rally or Jira) and the Confluence page from settings and secrets, the same way for the CLI and the extension. */
import { ConfluenceClient } from './confluence/confluence-client';
import { SettingError } from './errors';
import { JiraClient } from './jira/jira-client';
import { JiraTracker } from './jira/jira-tracker';
import { type PageTarget } from './pages/page-target';
import { RallyClient } from './rally/rally-client';
import { PARENT_HINT } from './rally/rally-query';
import { RallyTracker } from './rally/rally-tracker';
import { type TrackerSettings } from './settings';
import { type WorkTracker } from './tracker/work-tracker';

export interface ClientHooks {
  signal?: AbortSignal;
  onRequest?: () => void;
  onWarning?: (warning: string) => void;
}

export function rallyClient(settings: TrackerSettings, apiKey: string | undefined, hooks: ClientHooks = {}): RallyClient {
  return new RallyClient({ ...settings.rally, apiKey: apiKey ?? '', ...hooks });
}

/** The configured tracker; `secret` is its API key or token. */
export function workTracker(settings: TrackerSettings, secret: string | undefined, hooks: ClientHooks = {}): WorkTracker {
  if (settings.tracker === 'jira') {
    const { site, email } = settings.jira;
    return new JiraTracker(new JiraClient({ site, email, token: secret ?? '', signal: hooks.signal, onRequest: hooks.onRequest }), settings.jira);
  }
  if (!settings.rally.parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
  return new RallyTracker(rallyClient(settings, secret, hooks), settings.rally);
}

export function confluencePage(settings: TrackerSettings, token: string | undefined, hooks: ClientHooks = {}): PageTarget {
  const c = settings.confluence;
  if (!c.pageId) throw new SettingError('Confluence page is not set', 'confluence.pageId');
  return new ConfluenceClient({
    baseUrl: c.baseUrl,
    deployment: c.deployment,
    username: c.username,
    token: token ?? '',
    signal: hooks.signal,
    onRequest: hooks.onRequest,
  }).page(c.pageId);
}
