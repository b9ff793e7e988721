/** Rally as a tracker: user stories through WSAPI v2.0, authenticated by an API key (ZSESSIONID). */
import { SettingError } from '../../errors';
import { limits } from '../client-options';
import { type TrackerAdapter } from '../tracker-adapter';
import { RallyClient } from './rally-client';
import { rallyImportLines } from './rally-import-csv';
import { PARENT_HINT } from './rally-query';
import { RALLY_SECRET, RALLY_SETTINGS, readRallySettings } from './rally-settings';
import { RALLY_NAME_LIMIT, RallyTracker } from './rally-tracker';

export const rallyAdapter: TrackerAdapter = {
  kind: 'rally',
  name: 'Rally',
  choice: 'Rally user stories (WSAPI)',
  workName: 'Rally story',
  workNames: 'Rally stories',
  titleLimit: RALLY_NAME_LIMIT,
  settings: RALLY_SETTINGS,
  address: 'rally.server',
  secret: RALLY_SECRET,
  check: (source) => void readRallySettings(source),
  importFile: {
    name: 'rally_import.csv',
    render: (data, settings, templates) => rallyImportLines(data, readRallySettings(settings.source), templates),
  },
  create(settings, secret, hooks) {
    const rally = readRallySettings(settings.source);
    if (!rally.parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
    return new RallyTracker(new RallyClient({ ...rally, apiKey: secret ?? '', ...limits(settings), ...hooks }), rally);
  },
};
