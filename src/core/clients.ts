/** Builds the Rally and Confluence clients from settings and a secret, the same way for the CLI and the extension. */
import { ConfluenceClient } from './confluence/confluence-client';
import { SettingError } from './errors';
import { RallyClient } from './rally/rally-client';
import { type TrackerSettings } from './settings';

export interface ClientHooks {
  signal?: AbortSignal;
  onRequest?: () => void;
  onWarning?: (warning: string) => void;
}

export function rallyClient(settings: TrackerSettings, apiKey: string | undefined, hooks: ClientHooks = {}): RallyClient {
  return new RallyClient({ ...settings.rally, apiKey: apiKey ?? '', ...hooks });
}

export function confluenceTarget(settings: TrackerSettings, token: string | undefined, hooks: ClientHooks = {}): { client: ConfluenceClient; pageId: string } {
  const c = settings.confluence;
  if (!c.pageId) throw new SettingError('Confluence page is not set', 'confluence.pageId');
  return {
    client: new ConfluenceClient({
      baseUrl: c.baseUrl,
      deployment: c.deployment,
      username: c.username,
      token: token ?? '',
      signal: hooks.signal,
      onRequest: hooks.onRequest,
    }),
    pageId: c.pageId,
  };
}
