/** Rally as a tracker: user stories through WSAPI v2.0, authenticated by an API key (ZSESSIONID). */
import { SettingError } from '../../errors';
import { type ClientHooks, limits } from '../client-options';
import { type TrackerSettings } from '../settings';
import { declared, type TrackerAdapter } from '../tracker-adapter';
import { RallyClient } from './rally-client';
import { rallyImportLines } from './rally-import-csv';
import { PARENT_HINT } from './rally-query';
import { RALLY_NAME_LIMIT, RallyTracker } from './rally-tracker';

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
  workNames: 'Rally stories',
  titleLimit: RALLY_NAME_LIMIT,
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
  importFile: {
    name: 'rally_import.csv',
    render: (data, settings, templates) => rallyImportLines(data, settings.rally, templates),
  },
  create(settings, secret, hooks) {
    if (!settings.rally.parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
    return new RallyTracker(rallyClient(settings, secret, hooks), settings.rally);
  },
};
