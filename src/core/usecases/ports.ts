/**
 * The narrow parts of a data folder each use case takes, so a use case says what it reads and writes and a test
 * can hand it just that. Workspace (workspace.ts) provides them all.
 */
import { type StatusRules } from '../../shared/status';
import { type Campaign } from '../domain/campaigns';
import { type ItemView } from '../domain/items';
import { type MaturityModel } from '../domain/model';
import { type TargetRule } from '../domain/targets';
import { type Trends } from '../domain/trends';
import { type StoryTemplates } from '../domain/work-template';
import { type TrackerSettings } from '../settings';
import { type DataFile } from '../storage/data-files';
import { type Store } from '../storage/store';

/** The folder and its files by role. */
export interface DataFiles {
  readonly dir: string;
  file(name: DataFile): string;
}

/** Current items as every consumer views them, the model and the campaigns. */
export interface ItemSource {
  model(): MaturityModel;
  items(now?: Date): ItemView[];
  item(key: string, now?: Date): ItemView | undefined;
  campaigns(model?: MaturityModel): Campaign[];
}

/** Trends of items from the recorded history. */
export interface TrendSource {
  trends(items: readonly ItemView[], now: Date): Trends;
}

/** How status is judged: the rules in force and the targets. */
export interface StatusSource {
  statusRules(now: Date): StatusRules;
  targets(model?: MaturityModel): TargetRule[];
}

/** The templates work items are written from. */
export interface TemplateSource {
  templates(): StoryTemplates;
}

/** The store's transactions: what storage's repositories run in. */
export interface DataStore {
  readonly store: Pick<Store, 'read' | 'write' | 'preview' | 'claim'>;
}

/** The settings a use case reads. */
export interface SettingsSource {
  readonly settings: TrackerSettings;
}
