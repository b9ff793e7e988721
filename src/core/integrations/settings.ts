/**
 * All settings together: core's own and each service's, in one table (SETTINGS) that package.json's configuration,
 * the extension's ids, `.env.example` and the tracker adapters are checked against (test/core/settings.test.ts),
 * read the same way from the CLI's environment and from VS Code's settings (a SettingSource).
 */
import { type TrackerKind } from '../domain/items';
import { inputError, type SettingKey } from '../errors';
import {
  CORE_SETTINGS,
  type CoreSettings,
  readCoreSettings,
  type SettingRow,
  type SettingSource,
  splitList,
} from '../settings';
import { CONFLUENCE_SETTINGS, type ConfluenceSettings, readConfluenceSettings } from './confluence/confluence-settings';
import { JIRA_SETTINGS, type JiraSettings, readJiraSettings } from './jira/jira-settings';
import { RALLY_SETTINGS, type RallySettings, readRallySettings } from './rally/rally-settings';

export interface TrackerSettings extends CoreSettings {
  rally: RallySettings;
  jira: JiraSettings;
  confluence: ConfluenceSettings;
}

/** The tracker when none is named: the one the tool was first built for. */
const DEFAULT_TRACKER: TrackerKind = 'rally';

/**
 * Every setting, secret and CLI variable, declared once: its key under `sreTracker.` (VS Code), its environment
 * variable (the CLI, `.env.example`), and whether it is a secret (SecretStorage and a command, never a setting).
 */
export const SETTINGS = [
  ...CORE_SETTINGS,
  ...RALLY_SETTINGS,
  ...JIRA_SETTINGS,
  ...CONFLUENCE_SETTINGS,
  // The CLI's own: who made a change, and hosts a .env address may send a credential to.
  { key: '', env: 'SRE_USER' },
  { key: '', env: 'SRE_ALLOWED_HOSTS' },
] as const satisfies readonly SettingRow[];

/** The environment variable (or .env line) behind each setting, from SETTINGS. */
export const ENV_NAME: Partial<Record<SettingKey, string>> = Object.fromEntries(
  SETTINGS.filter((s) => s.key !== '' && 'env' in s).map((s) => [s.key, (s as { env: string }).env]),
);

export function settingsFrom(source: SettingSource): TrackerSettings {
  return {
    ...readCoreSettings(source, DEFAULT_TRACKER),
    rally: readRallySettings(source),
    jira: readJiraSettings(source),
    confluence: readConfluenceSettings(source),
  };
}

/** Settings read from the variables listed in .env.example; each error names the variable. */
function envSource(env: Readonly<Record<string, string | undefined>>): SettingSource {
  const variable = (key: SettingKey) => ENV_NAME[key] ?? key;
  const text = (key: SettingKey) => (env[variable(key)] ?? '').trim();
  return {
    text,
    list: (key) => (env[variable(key)] === undefined ? undefined : splitList(text(key))),
    number: (key) => text(key) || undefined,
    thresholds() {
      const t = text('statusThresholds');
      if (!t) return {};
      const m = /^(\d)\s*,\s*(\d)$/.exec(t);
      if (!m)
        throw inputError(`SRE_STATUS_THRESHOLDS must be "AMBER_FROM,GREEN_FROM" levels such as "2,3", not "${t}"`);
      return { amberFrom: Number(m[1]), greenFrom: Number(m[2]) };
    },
    name: variable,
  };
}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): TrackerSettings {
  return settingsFrom(envSource(env));
}

/** What a run with nothing configured uses. */
export function defaultSettings(): TrackerSettings {
  return settingsFromEnv({});
}
