/**
 * The work trackers, each declared once by its adapter: its names, the settings and the secret it needs, how it
 * is built. Sync, Create Story/Issue, the CLI and the extension ask the registry instead of testing for a kind, so
 * a new tracker is a folder beside rally/ and jira/ plus one line in TRACKERS.
 */
import { type TrackerKind } from '../domain/items';
import { SettingError, type SettingKey } from '../errors';
import { ENV_NAME, type TrackerSettings } from '../settings';
import { type ClientHooks } from './client-options';
import { jiraAdapter } from './jira/jira-adapter';
import { rallyAdapter } from './rally/rally-adapter';
import { type WorkTracker } from './work-tracker';

/** A setting the adapter reads: its key under `sreTracker.`, its environment variable for the CLI. */
export interface AdapterSetting {
  key: SettingKey;
  env: string;
  /** Sync and Create need it; without it the tracker counts as not set up. */
  required: boolean;
}

export interface TrackerAdapter {
  kind: TrackerKind;
  /** "Rally", "Jira": what messages call the tracker. */
  name: string;
  /** "Rally story", "Jira issue": what one work item is called. */
  workName: string;
  settings: readonly AdapterSetting[];
  /** The setting that says where the credential goes (the server or site address), one of `settings`. */
  address: SettingKey;
  /** The credential: its setting key, environment variable, and the VS Code command that stores it. */
  secret: AdapterSetting & { command: string; title: string; name: string };
  /** Whether its users import gaps from rally_import.csv (Rally's importer). */
  importCsv: boolean;
  create(settings: TrackerSettings, secret: string | undefined, hooks: ClientHooks): WorkTracker;
}

const TRACKERS = new Map<TrackerKind, TrackerAdapter>([rallyAdapter, jiraAdapter].map((a) => [a.kind, a]));

/** Adds an adapter (a test's, or a tracker built outside this repository); a kind already known is replaced. */
export function registerTracker(adapter: TrackerAdapter): void {
  TRACKERS.set(adapter.kind, adapter);
}

export function trackerAdapters(): TrackerAdapter[] {
  return [...TRACKERS.values()];
}

/** The adapter of `kind`; an unknown kind is a setting error that lists the known ones. */
export function trackerAdapter(kind: TrackerKind): TrackerAdapter {
  const adapter = TRACKERS.get(kind);
  if (!adapter)
    throw new SettingError(
      `tracker "${kind}" is not one this version knows`,
      'tracker',
      `one of ${[...TRACKERS.keys()].join(', ')}`,
    );
  return adapter;
}

/** What a link or message calls the tracker of `kind`: its adapter's name, or the kind itself when none is registered. */
export function trackerName(kind: TrackerKind): string {
  return TRACKERS.get(kind)?.name ?? kind;
}

/** An adapter setting whose key SETTINGS (settings.ts) declares, with the variable declared there. */
export function declared(key: SettingKey, required: boolean): AdapterSetting {
  const env = ENV_NAME[key];
  if (!env) throw new Error(`${key} is not in SETTINGS (src/core/settings.ts)`);
  return { key, env, required };
}

/** Every adapter setting and secret, for naming a key as the CLI (its variable) or the extension (its command) does. */
export function adapterSetting(
  key: SettingKey,
): (AdapterSetting & { command?: string; title?: string; name?: string }) | undefined {
  for (const a of TRACKERS.values()) {
    if (a.secret.key === key) return a.secret;
    const found = a.settings.find((s) => s.key === key);
    if (found) return found;
  }
  return undefined;
}

/** A setting's value: the typed sections core knows (rally.workspace), else the adapter settings the caller read. */
export function settingValue(settings: TrackerSettings, key: SettingKey): string {
  const [section = '', field = ''] = key.split('.');
  const typed = (settings as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[field];
  if (typeof typed === 'string') return typed;
  return settings.extra[key] ?? '';
}
