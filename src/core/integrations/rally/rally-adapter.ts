/** Rally as a tracker: user stories through WSAPI v2.0, authenticated by an API key (ZSESSIONID). */
import { SettingError } from '../../errors';
import { type TrackerSettings } from '../../settings';
import { type ClientHooks, limits } from '../client-options';
import { declared, type TrackerAdapter } from '../registry';
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
    declared('rally.server', false),
    declared('rally.workspace', true),
    declared('rally.project', true),
    declared('rally.parentId', true),
  ],
  address: 'rally.server',
  secret: {
    ...declared('rally.apiKey', true),
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
