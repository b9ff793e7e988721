/** Rally as a tracker: user stories through WSAPI v2.0, authenticated by an API key (ZSESSIONID). */
import { SettingError } from '../../errors';
import { type TrackerSettings } from '../../settings';
import { type ClientHooks, limits } from '../client-options';
import { type TrackerAdapter } from '../registry';
import { RallyClient } from './rally-client';
import { PARENT_HINT } from './rally-query';
import { RallyTracker } from './rally-tracker';

export function rallyClient(
  settings: TrackerSettings,
  apiKey: string | undefined,
  hooks: ClientHooks = {},
): RallyClient {
  return new RallyClient({ ...settings.rally, apiKey: apiKey ?? '', ...limits(settings), ...hooks });
}

export const rallyAdapter: TrackerAdapter = {
  kind: 'rally',
  name: 'Rally',
  workName: 'Rally story',
  settings: [
    { key: 'rally.server', env: 'RALLY_SERVER', required: false },
    { key: 'rally.workspace', env: 'RALLY_WORKSPACE', required: true },
    { key: 'rally.project', env: 'RALLY_PROJECT', required: true },
    { key: 'rally.parentId', env: 'RALLY_PARENT_ID', required: true },
  ],
  address: 'rally.server',
  secret: {
    key: 'rally.apiKey',
    env: 'RALLY_API_KEY',
    required: true,
    command: 'setRallyApiKey',
    title: 'Set Rally API Key',
    name: 'Rally API key',
  },
  importCsv: true,
  create(settings, secret, hooks) {
    if (!settings.rally.parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
    return new RallyTracker(rallyClient(settings, secret, hooks), settings.rally);
  },
};
