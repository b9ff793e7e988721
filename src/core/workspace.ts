/** A data folder: its files, its database, and the item views every consumer reads (with status from one function). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { isoDay, isStale, statusOf, type StatusRules } from '../shared/status';
import { type Campaign, parseCampaigns, serializeCampaigns, validateCampaign } from './domain/campaigns';
import { type ItemRecord, type ItemView } from './domain/items';
import { type MaturityModel } from './domain/model';
import { parseTargets, targetFor, type TargetRule } from './domain/targets';
import { type Trends, trends } from './domain/trends';
import { inputError } from './errors';
import { type TrackerSettings } from './integrations/settings';
import { writeFileAtomic } from './storage/atomic-file';
import { readFlowNames, readItems, readLevelChanges, readModel } from './storage/catalog';
import { DB_FILE, Store } from './storage/store';
import { readTextFile } from './storage/text-file';

export const FILES = {
  flows: 'flows.csv',
  model: 'maturity_model.csv',
  targets: 'targets.csv',
  campaigns: 'campaigns.csv',
  storyTemplate: 'story_template.html',
  db: DB_FILE,
  htmlReport: 'maturity_report.html',
} as const;

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

  file(name: keyof typeof FILES): string {
    return path.join(this.dir, FILES[name]);
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
    const { model, records } = this.store.read((db) => ({ model: readModel(db), records: readItems(db) }));
    return viewItems(model, records, this.targets(model), this.statusRules(now), now, this.settings.staleAfterDays);
  }

  /** One current item, read alone: what a view updates after a change to that item. */
  item(key: string, now: Date = new Date()): ItemView | undefined {
    const { model, records } = this.store.read((db) => ({ model: readModel(db), records: readItems(db, key) }));
    return viewItems(model, records, this.targets(model), this.statusRules(now), now, this.settings.staleAfterDays)[0];
  }
}

export function viewItems(
  model: MaturityModel,
  records: readonly ItemRecord[],
  targets: readonly TargetRule[],
  rules: StatusRules,
  now: Date,
  staleAfterDays: number,
): ItemView[] {
  const caps = new Map(model.capabilities.map((c) => [c.key, c]));
  const views: ItemView[] = [];
  for (const r of records) {
    const capability = caps.get(r.capabilityKey);
    if (!capability) continue;
    // Targets mean something only when status is judged against them.
    const target =
      rules.mode === 'targets' ? targetFor(targets, r.tier, capability.pillar, capability.name) : undefined;
    const status = statusOf(
      {
        level: r.level,
        target,
        exemptReason: r.exemptReason,
        exemptUntil: r.exemptUntil,
        remediationDone: r.remediationDoneAt !== null,
      },
      rules,
    );
    // Every field written out: one object literal of a fixed shape is several times faster over 30,000 items than
    // copying the record with Object.assign or a spread, and allocates less.
    views.push({
      key: r.key,
      flowKey: r.flowKey,
      flowName: r.flowName,
      assetKey: r.assetKey,
      assetName: r.assetName,
      owner: r.owner,
      tier: r.tier,
      capabilityKey: r.capabilityKey,
      level: r.level,
      answersJson: r.answersJson,
      notes: r.notes,
      evidenceUrl: r.evidenceUrl,
      assessedAt: r.assessedAt,
      assessedBy: r.assessedBy,
      link: r.link,
      remediationDoneAt: r.remediationDoneAt,
      exemptReason: r.exemptReason,
      exemptUntil: r.exemptUntil,
      capability,
      pillar: capability.pillar,
      target,
      status,
      stale: isStale(r.assessedAt, now, staleAfterDays),
    });
  }
  return views;
}
