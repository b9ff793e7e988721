/**
 * A data folder wired together: its files, its store and settings, and the item views every consumer reads (with
 * status from one function). It provides every port the use cases take (usecases/ports.ts); each takes only its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { isoDay, type StatusRules } from '../shared/status';
import { type Campaign, parseCampaigns, serializeCampaigns, validateCampaign } from './domain/campaigns';
import { viewItems } from './domain/item-views';
import { type ItemView } from './domain/items';
import { type MaturityModel } from './domain/model';
import { parseTargets, type TargetRule } from './domain/targets';
import { type Trends, trends } from './domain/trends';
import { type StoryTemplates } from './domain/work-template';
import { inputError } from './errors';
import { type TrackerSettings } from './settings';
import { writeFileAtomic } from './storage/atomic-file';
import { readFlowNames, readItems, readLevelChanges } from './storage/catalog';
import { type DataFile, FILES } from './storage/data-files';
import { readModel } from './storage/model-read';
import { Store } from './storage/store';
import { loadTemplates } from './storage/template-file';
import { readTextFile } from './storage/text-file';
import { dataFolderAt } from './usecases/merge/folder-at';
import { type RollupSource } from './usecases/rollup/rollup';

export class Workspace {
  private constructor(
    readonly dir: string,
    readonly store: Store,
    readonly settings: TrackerSettings,
  ) {}

  /** Opens the workspace in `dir`; its database must exist (setup creates it). `db`: another copy of it (git's, for a diff). */
  static async open(dir: string, settings: TrackerSettings, db = path.join(dir, FILES.db)): Promise<Workspace> {
    return new Workspace(dir, await Store.open(db), settings);
  }

  file(name: DataFile): string {
    return path.join(this.dir, FILES[name]);
  }

  /**
   * The data folder `dir` as it was at the commit `ref` (its assets' files those `wanted` keeps), read from git into
   * a temporary tree; as it is without `ref`. Disposing it removes the tree.
   */
  static async at(
    dir: string,
    settings: TrackerSettings,
    ref: string | undefined,
    wanted?: (assetPath: string) => boolean,
  ): Promise<Workspace> {
    if (ref === undefined) return Workspace.open(dir, settings);
    const at = await dataFolderAt(dir, ref, '--at', wanted);
    const ws = await Workspace.open(at.dir, settings).catch((e: unknown) => {
      at.dispose();
      throw e;
    });
    ws.removeOnDispose = at.dispose;
    return ws;
  }

  /** What else goes when the workspace is disposed: the tree a workspace at a commit was read into. */
  private removeOnDispose: () => void = () => undefined;

  /** Closes the database; the workspace is not used after. */
  dispose(): void {
    this.store.close();
    this.removeOnDispose();
  }

  /** The work item templates: the name from settings, the description from story_template.html when it exists. */
  templates(): StoryTemplates {
    return loadTemplates(this.settings.storyNameTemplate, this.file('storyTemplate'));
  }

  model(): MaturityModel {
    return this.store.read(readModel);
  }

  targets(model: MaturityModel = this.model()): TargetRule[] {
    const file = this.file('targets');
    if (!fs.existsSync(file)) return [];
    return parseTargets(readTextFile(file), file, {
      pillars: model.pillars,
      capabilities: model.capabilities.map((c) => c.name),
    });
  }

  campaigns(model: MaturityModel = this.model()): Campaign[] {
    const file = this.file('campaigns');
    if (!fs.existsSync(file)) return [];
    return parseCampaigns(readTextFile(file), file, model, this.flowNames());
  }

  flowNames(): string[] {
    return this.store.read(readFlowNames);
  }

  /** Adds a campaign to campaigns.csv (created when missing), after checking it like a row of the file. */
  /** Read, checked and written under the lock, so parallel writers never lose each other's campaigns. */
  addCampaign(campaign: Campaign): Campaign {
    return this.store.locked(() => {
      const model = this.model();
      const existing = this.campaigns(model);
      const checked = validateCampaign(campaign, existing, model, this.flowNames());
      writeFileAtomic(this.file('campaigns'), serializeCampaigns([...existing, checked]));
      return checked;
    });
  }

  removeCampaign(name: string): void {
    this.store.locked(() => {
      const existing = this.campaigns();
      if (!existing.some((c) => c.name === name))
        throw inputError(`no campaign named "${name}" (known: ${existing.map((c) => c.name).join(', ') || 'none'})`);
      writeFileAtomic(this.file('campaigns'), serializeCampaigns(existing.filter((c) => c.name !== name)));
    });
  }

  statusRules(now: Date): StatusRules {
    const mode = this.settings.statusMode ?? (fs.existsSync(this.file('targets')) ? 'targets' : 'thresholds');
    return { mode, thresholds: this.settings.thresholds, today: isoDay(now) };
  }

  /** Its trends over `items` (read by the caller at `now`), from its recorded history. */
  trends(items: readonly ItemView[], now: Date): Trends {
    return trends(
      items,
      this.store.read((db) => readLevelChanges(db)),
      this.statusRules(now),
      now,
    );
  }

  /** Every current item with its target, status and staleness as of `now`. */
  items(now: Date = new Date()): ItemView[] {
    return this.view(now);
  }

  /** One current item, read alone: what a view updates after a change to that item. */
  item(key: string, now: Date = new Date()): ItemView | undefined {
    return this.view(now, key)[0];
  }

  /** The items (or the one with key `only`) as viewed at `now`. */
  private view(now: Date, only?: string): ItemView[] {
    const { model, records } = this.store.read((db) => ({ model: readModel(db), records: readItems(db, only) }));
    const { staleAfterDays, dueSoonDays } = this.settings;
    return viewItems(model, records, this.targets(model), this.statusRules(now), now, staleAfterDays, dueSoonDays);
  }
}

/** A folder the roll-up opens itself (read-only: nothing is written unless a command asks) and closes. */
export function dataFolder(dir: string, name: string, settings: () => TrackerSettings): RollupSource {
  let opened: Workspace | undefined;
  return {
    dir,
    name,
    open: async () => (opened = await Workspace.open(dir, settings())),
    close: () => opened?.dispose(),
  };
}
