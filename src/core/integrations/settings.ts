/**
 * Every setting together, from the declarations: core's own (domain/core-settings.ts) and each service's (its
 * adapter's). They are the sections of VS Code's Settings editor (package.json's configuration is generated from
 * them), the variables the CLI reads and `.env.example` lists, and they are read the same way from the CLI's
 * environment and from VS Code's settings (a SettingSource).
 */
import { CORE_SECTIONS, CORE_SECTIONS_AFTER_SERVICES } from '../domain/core-settings';
import { type SettingDeclaration, type SettingSection } from '../domain/setting-declarations';
import { inputError, type SettingKey } from '../errors';
import { readCoreSettings, type SettingSource, splitList, type TrackerSettings } from '../settings';
import { services, trackerAdapters } from './registry';
import { type AdapterSetting, type ServiceDeclaration } from './tracker-adapter';

/** A service's settings as one section, its secret right after the address the secret is sent to. */
function sectionOf(service: ServiceDeclaration): SettingSection {
  const at = service.settings.findIndex((s) => s.key === service.address) + 1;
  return {
    id: service.kind,
    title: service.name,
    settings: [...service.settings.slice(0, at), service.secret, ...service.settings.slice(at)],
  };
}

/** The sections in the order the Settings editor shows them: core's, each service's, then metrics and the CLI's. */
export function settingSections(): SettingSection[] {
  return [...CORE_SECTIONS, ...services().map(sectionOf), ...CORE_SECTIONS_AFTER_SERVICES];
}

export function allSettings(): SettingDeclaration[] {
  return settingSections().flatMap((s) => s.settings);
}

/** The environment variable (or .env line) behind each setting key. */
export function envNames(): ReadonlyMap<SettingKey, string> {
  return new Map(allSettings().flatMap((s) => (s.key && s.env ? [[s.key, s.env] as const] : [])));
}

/** Reads core's settings from `source` and checks every service's, so a bad value is named when settings are read. */
export function settingsFrom(source: SettingSource): TrackerSettings {
  for (const service of services()) service.check(source);
  return { ...readCoreSettings(source, trackerAdapters()[0]?.kind ?? ''), source };
}

/** Whether `setting` has a value in `settings` (a list: at least one entry). */
export function isGiven(settings: TrackerSettings, setting: AdapterSetting): boolean {
  const list = typeof setting.schema === 'object' && setting.schema.type === 'array';
  return list ? (settings.source.list(setting.key)?.length ?? 0) > 0 : settings.source.text(setting.key) !== '';
}

/** Settings read from the variables listed in .env.example; each error names the variable. */
function envSource(env: Readonly<Record<string, string | undefined>>): SettingSource {
  const names = envNames();
  const variable = (key: SettingKey) => names.get(key) ?? key;
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
