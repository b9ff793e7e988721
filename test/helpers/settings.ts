/** Settings as a user gives them, by setting key: how a test points a service at its fake. */
import { defaultSettings, settingsFrom } from '../../src/core/integrations/settings';
import { type SettingSource, type TrackerSettings } from '../../src/core/settings';

type Values = Readonly<Record<string, string | readonly string[]>>;

/** `settings` with `values` given on top (a list as a list, or text split at commas, as the CLI splits it). */
export function overriding(settings: TrackerSettings, values: Values): TrackerSettings {
  const under = settings.source;
  const given = (key: string) => Object.prototype.hasOwnProperty.call(values, key);
  const source: SettingSource = {
    ...under,
    text: (key) => {
      const v = values[key];
      return v === undefined || !given(key) ? under.text(key) : typeof v === 'string' ? v : v.join(',');
    },
    list: (key) => {
      const v = values[key];
      if (v === undefined || !given(key)) return under.list(key);
      return typeof v === 'string' ? v.split(',').filter(Boolean) : [...v];
    },
    number: (key) => {
      const v = values[key];
      return v === undefined || !given(key) ? under.number(key) : typeof v === 'string' ? v : undefined;
    },
  };
  return settingsFrom(source);
}

/** The defaults with `values` given. */
export function settingsWith(values: Values): TrackerSettings {
  return overriding(defaultSettings(), values);
}

/** The settings that point sync at a Rally fake and a Confluence fake's page `pageId`, by setting key. */
export function fakeServices(
  rally: { url: string },
  confluence: { url: string; username: string },
  pageId: string,
): Record<string, string | string[]> {
  return {
    'rally.server': rally.url,
    'rally.workspace': 'Engineering',
    'rally.project': 'SRE',
    'rally.parentId': 'F12',
    'rally.tags': ['sre'],
    'confluence.baseUrl': confluence.url,
    'confluence.username': confluence.username,
    'confluence.pageId': pageId,
    'confluence.deployment': 'cloud',
  };
}
