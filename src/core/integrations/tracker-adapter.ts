/** What a tracker adapter declares about itself; registry.ts lists the adapters, each folder beside it holds one. */
import { type TrackerKind } from '../domain/items';
import { type ReportData } from '../domain/todo-list';
import { type StoryTemplates } from '../domain/work-template';
import { type SettingKey } from '../errors';
import { type ClientHooks } from './client-options';
import { ENV_NAME, type TrackerSettings } from './settings';
import { type WorkTracker } from './work-tracker';

/** A file of new work for the tracker's own importer. */
export interface ImportFile {
  /** Its name in the output folder: rally_import.csv. */
  name: string;
  /** Its text in pieces, written as they come (a report's import file runs to megabytes). */
  render(data: ReportData, settings: TrackerSettings, templates: StoryTemplates): Iterable<string>;
}

/** A setting the adapter reads: its key under `sreTracker.`, its environment variable for the CLI. */
export interface AdapterSetting {
  key: SettingKey;
  env: string;
  /** Sync and Create need it (with these settings); without it the tracker counts as not set up. */
  required: boolean | ((settings: TrackerSettings) => boolean);
}

export interface TrackerAdapter {
  kind: TrackerKind;
  /** "Rally", "Jira": what messages call the tracker. */
  name: string;
  /** "Rally story", "Jira issue": what one work item is called. */
  workName: string;
  /** "Rally stories", "Jira issues": more than one. */
  workNames: string;
  /** The longest title it takes: what a drafted title is cut to. */
  titleLimit: number;
  settings: readonly AdapterSetting[];
  /** The setting that says where the credential goes (the server or site address), one of `settings`. */
  address: SettingKey;
  /** The credential: its setting key, environment variable, and the VS Code command that stores it. */
  secret: AdapterSetting & { command: string; title: string; name: string };
  /** A file its users import gaps from by hand (Rally's importer CSV), written by `report`; none for most trackers. */
  importFile?: ImportFile;
  create(settings: TrackerSettings, secret: string | undefined, hooks: ClientHooks): WorkTracker;
}

/** An adapter setting whose key SETTINGS (integrations/settings.ts) declares, with the variable declared there. */
export function declared(key: SettingKey, required: AdapterSetting['required']): AdapterSetting {
  const env = ENV_NAME[key];
  if (!env) throw new Error(`${key} is not in SETTINGS (src/core/integrations/settings.ts)`);
  return { key, env, required };
}
