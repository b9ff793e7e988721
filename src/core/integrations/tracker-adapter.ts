/**
 * What a service adapter declares about itself, for every surface: its names, its settings and secret (VS Code's
 * configuration and commands, the CLI's variables and `.env.example` are generated from these), and how it is
 * built. registry.ts lists the adapters; each folder beside it holds one.
 */
import { type TrackerKind } from '../domain/items';
import { type SettingDeclaration } from '../domain/setting-declarations';
import { type ReportData } from '../domain/todo-list';
import { type StoryTemplates } from '../domain/work-template';
import { type SettingKey } from '../errors';
import { type SettingSource, type TrackerSettings } from '../settings';
import { type ClientHooks } from './client-options';
import { type PageTarget } from './page-target';
import { type WorkTracker } from './work-tracker';

/** A file of new work for the tracker's own importer. */
export interface ImportFile {
  /** Its name in the output folder: rally_import.csv. */
  name: string;
  /** Its text in pieces, written as they come (a report's import file runs to megabytes). */
  render(data: ReportData, settings: TrackerSettings, templates: StoryTemplates): Iterable<string>;
}

/** A setting the adapter reads: its key under `sreTracker.`, its environment variable for the CLI. */
export interface AdapterSetting extends SettingDeclaration {
  key: SettingKey;
  env: string;
  /** Sync and Create need it (with these settings); without it the service counts as not set up. */
  required?: boolean | ((settings: TrackerSettings) => boolean);
}

/** The credential: its setting key and variable, and the VS Code command that asks for it and stores it. */
export interface SecretDeclaration extends AdapterSetting {
  secret: true;
  /** The command id under `sreTracker.`: setRallyApiKey. */
  command: string;
  /** "Set Rally API Key": the command's title. */
  title: string;
  /** "Rally API key": what messages call it. */
  name: string;
  /** What the password box asks, with where the user finds one. */
  prompt: string;
}

/** What every service reached over the network declares: each tracker, and the page. */
export interface ServiceDeclaration {
  /** Its settings' section ('rally' for sreTracker.rally.*), and a tracker's value of the tracker setting. */
  kind: string;
  /** "Rally", "Jira", "Confluence": what messages and titles call the service. */
  name: string;
  settings: readonly AdapterSetting[];
  /** The setting that says where the credential goes (the server or site address), one of `settings`. */
  address: SettingKey;
  secret: SecretDeclaration;
  /** Reads its settings from `source`, throwing an input error that names a bad one: run when settings are read. */
  check(source: SettingSource): void;
}

export interface TrackerAdapter extends ServiceDeclaration {
  kind: TrackerKind;
  /** "Rally user stories (WSAPI)": what the tracker choice in Settings says of it. */
  choice: string;
  /** "Rally story", "Jira issue": what one work item is called; its commands are titled by it. */
  workName: string;
  /** "Rally stories", "Jira issues": more than one. */
  workNames: string;
  /** The longest title it takes: what a drafted title is cut to. */
  titleLimit: number;
  /** A file its users import gaps from by hand (Rally's importer CSV), written by `report`; none for most trackers. */
  importFile?: ImportFile;
  create(settings: TrackerSettings, secret: string | undefined, hooks: ClientHooks): WorkTracker;
}

/** The page sync keeps the To-Do list on, and the copy every report writes to paste by hand. */
export interface PageService extends ServiceDeclaration {
  /** "Confluence page": what one is called. */
  pageName: string;
  /** The copy's file name in the output folder, and what copying it is called ("Confluence Markup"). */
  copy: { name: string; markup: string; render(data: ReportData, settings: TrackerSettings): Iterable<string> };
  /** The page, its client loaded on first use. */
  create(settings: TrackerSettings, token: string | undefined, hooks: ClientHooks): Promise<PageTarget>;
}
