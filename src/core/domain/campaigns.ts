/** Campaigns (a named goal with a scope, a target level and a due date), kept in campaigns.csv, and their progress. */
import { stringify } from 'csv-stringify/sync';

import { type CampaignScope, inCampaign } from '../../shared/campaign-scope';
import { isExempt, type Status } from '../../shared/status';
import { FileProblemsError, inputError } from '../errors';
import { quoted } from './control-characters';
import { assertNoProblems, readCsv } from './csv-read';
import { isDate } from './dates';
import { type MaturityModel, MAX_LEVEL } from './model';

export interface Campaign extends CampaignScope {
  name: string;
  targetLevel: number;
  due: string;
}

export const CAMPAIGN_COLUMNS = ['name', 'flows', 'tiers', 'pillar', 'capability', 'target_level', 'due'] as const;

function list(s: string): string[] {
  return s
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function parseCampaigns(text: string, file: string, model: MaturityModel, flows: readonly string[]): Campaign[] {
  const table = readCsv(text, file, CAMPAIGN_COLUMNS);
  const problems = table.problems;
  const campaigns: Campaign[] = [];
  const names = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string, message: string) => problems.push({ file, line: row.line, column, message });
    const name = row.get('name');
    const tiers = list(row.get('tiers'));
    const pillar = row.get('pillar');
    const capability = row.get('capability');
    const target = row.get('target_level');
    const due = row.get('due');
    const before = problems.length;
    if (!name) at('name', 'campaign name is empty');
    else if (names.has(name)) at('name', `duplicate campaign "${name}" (first on line ${names.get(name)})`);
    names.set(name, row.line);
    for (const t of tiers) if (!/^[1-9]\d*$/.test(t)) at('tiers', `tier "${t}" is not a positive whole number`);
    for (const f of list(row.get('flows')))
      if (!flows.includes(f)) at('flows', `unknown flow "${f}" (known: ${flows.join(', ')})`);
    if (pillar && !model.pillars.includes(pillar)) at('pillar', `unknown pillar "${pillar}"`);
    if (capability && !model.capabilities.some((c) => c.name === capability))
      at('capability', `unknown capability "${capability}"`);
    if (!/^\d+$/.test(target) || Number(target) < 1 || Number(target) > MAX_LEVEL)
      at('target_level', `target level "${target}" is not 1..${MAX_LEVEL}`);
    if (!isDate(due)) at('due', `"${due}" is not a date (YYYY-MM-DD)`);
    if (problems.length === before) {
      campaigns.push({
        name,
        flows: list(row.get('flows')),
        tiers: tiers.map(Number),
        pillar,
        capability,
        targetLevel: Number(target),
        due,
      });
    }
  }
  assertNoProblems(problems);
  return campaigns;
}

export function serializeCampaigns(campaigns: readonly Campaign[]): string {
  return stringify(
    campaigns.map((c) => [c.name, c.flows.join(';'), c.tiers.join(';'), c.pillar, c.capability, c.targetLevel, c.due]),
    { header: true, columns: [...CAMPAIGN_COLUMNS] },
  );
}

export interface ScopedItem {
  flowName: string;
  tier: number | undefined;
  pillar: string;
  capability: { name: string };
  level: number | null;
  status: Status;
}

export function inScope(c: Campaign, item: ScopedItem): boolean {
  return inCampaign(c, { flow: item.flowName, tier: item.tier, pillar: item.pillar, capability: item.capability.name });
}

export interface CampaignProgress {
  campaign: Campaign;
  done: number;
  total: number;
  overdue: boolean;
}

/** Items in scope at or above the target over items in scope; exempt items are left out of both. */
export function campaignProgress(
  campaigns: readonly Campaign[],
  items: readonly ScopedItem[],
  today: string,
): CampaignProgress[] {
  return campaigns
    .map((campaign) => {
      const scoped = items.filter((i) => inScope(campaign, i) && !isExempt(i.status));
      const done = scoped.filter((i) => (i.level ?? 0) >= campaign.targetLevel).length;
      return { campaign, done, total: scoped.length, overdue: campaign.due < today && done < scoped.length };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.campaign.due.localeCompare(b.campaign.due));
}

/** Checks a campaign as if it were a row of campaigns.csv, so the CLI and VS Code give the same errors. */
export function validateCampaign(
  c: Campaign,
  existing: readonly Campaign[],
  model: MaturityModel,
  flows: readonly string[],
): Campaign {
  if (existing.some((e) => e.name === c.name)) throw inputError(`a campaign named ${quoted(c.name)} already exists`);
  try {
    const [checked] = parseCampaigns(serializeCampaigns([c]), 'campaign', model, flows);
    if (checked) return checked;
  } catch (e) {
    if (e instanceof FileProblemsError)
      throw inputError(
        `campaign ${quoted(c.name)}: ${e.problems.map((p) => `${p.column ?? ''} ${p.message}`.trim()).join('; ')}`,
      );
    throw e;
  }
  throw inputError(`campaign ${quoted(c.name)} is not valid`);
}
