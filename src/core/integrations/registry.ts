/**
 * The work trackers, each declared once by its adapter: its names, the settings and the secret it needs, how it
 * is built. Sync, Create Story/Issue, the CLI and the extension ask the registry instead of testing for a kind, so
 * a new tracker is a folder beside rally/ and jira/ plus one line in TRACKERS.
 */
import { type TrackerKind } from '../domain/items';
import { SettingError, type SettingKey } from '../errors';
import { jiraAdapter } from './jira/jira-adapter';
import { rallyAdapter } from './rally/rally-adapter';
import { type TrackerSettings } from './settings';
import { type AdapterSetting, type TrackerAdapter } from './tracker-adapter';

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

/** What one work item of `kind` is called ("Rally story"), or "work item" when no adapter is registered. */
export function trackerWorkName(kind: TrackerKind): string {
  return TRACKERS.get(kind)?.workName ?? 'work item';
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
