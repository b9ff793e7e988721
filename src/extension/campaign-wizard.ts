/**
 * "SRE: Add Campaign": seven steps (name, flows, tiers, pillar, capability, target, due date) with Back, then a
 * summary to confirm; the campaign is checked by core like a row of campaigns.csv.
 */
import { type Campaign } from '../core/domain/campaigns';
import { isDate } from '../core/domain/dates';
import { type Workspace } from '../core/workspace';
import { BACK, inputStep, pickStep, type StepResult } from './steps';

const ALL = '(all)';
const STEPS = 7;

/** "Checkout, Login · tier 1 · Observability / all capabilities · level 3 by 2027-03-31" */
export function campaignSummary(c: Campaign): string {
  const flows = c.flows.length ? c.flows.join(', ') : 'every flow';
  const tiers = c.tiers.length ? c.tiers.map((t) => `tier ${t}`).join(', ') : 'every tier';
  const scope = `${c.pillar || 'every pillar'} / ${c.capability || 'every capability'}`;
  return `${flows} · ${tiers} · ${scope} · level ${c.targetLevel} by ${c.due}`;
}

/** A step's title, number and Back button. */
const at = (step: number, what: string) => ({
  title: `Add Campaign: ${what}`,
  step,
  totalSteps: STEPS,
  back: step > 1,
});
const labels = (names: readonly string[]) => names.map((label) => ({ label }));

/** A step picking any of `values` (none: all of them), shown picked as `chosen`, kept by `keep` once accepted. */
async function pickMany<V>(
  step: number,
  what: string,
  values: readonly V[],
  label: (v: V) => string,
  chosen: readonly V[],
  keep: (picked: V[]) => void,
) {
  const items = values.map((value) => ({ label: label(value), value }));
  const r = await pickStep({
    ...at(step, what),
    items,
    many: true,
    placeholder: `None picked: every ${what.replace(/s$/, '')}`,
    picked: items.filter((i) => chosen.includes(i.value)),
  });
  if (Array.isArray(r)) keep(r.map((i) => i.value));
  return r;
}

/** The wizard's steps, each filling its part of `c` once accepted. */
function campaignSteps(ws: Workspace, c: Campaign): (() => Promise<StepResult<unknown>>)[] {
  const model = ws.model();
  const knownTiers = [
    ...new Set(
      ws
        .items()
        .map((i) => i.tier)
        .filter((t): t is number => t !== undefined),
    ),
  ].sort();
  return [
    async () => {
      const name = await inputStep({
        ...at(1, 'name'),
        prompt: 'A short name',
        placeholder: 'Tier-1 SLOs by Q1',
        value: c.name,
        validate: (v) => (v.trim() ? undefined : 'A campaign needs a name'),
      });
      if (typeof name === 'string') c.name = name.trim();
      return name;
    },
    () => pickMany(2, 'flows', ws.flowNames(), String, c.flows, (picked) => (c.flows = picked)),
    () =>
      pickMany(
        3,
        'tiers',
        knownTiers,
        (t) => `tier ${t}`,
        c.tiers,
        (picked) => (c.tiers = picked),
      ),
    async () => {
      const r = await pickStep({ ...at(4, 'pillar'), items: labels([ALL, ...model.pillars]) });
      if (Array.isArray(r)) c.pillar = r[0]?.label === ALL ? '' : (r[0]?.label ?? '');
      return r;
    },
    async () => {
      const names = model.capabilities.filter((x) => !c.pillar || x.pillar === c.pillar).map((x) => x.name);
      const r = await pickStep({ ...at(5, 'capability'), items: labels([ALL, ...names]) });
      if (Array.isArray(r)) c.capability = r[0]?.label === ALL ? '' : (r[0]?.label ?? '');
      return r;
    },
    async () => {
      const r = await pickStep({
        ...at(6, 'target level'),
        items: ['1', '2', '3', '4'].map((l) => ({ label: l, description: `level ${l}` })),
      });
      if (Array.isArray(r)) c.targetLevel = Number(r[0]?.label);
      return r;
    },
    async () => {
      const due = await inputStep({
        ...at(7, 'due date'),
        prompt: 'When it should be done',
        placeholder: 'YYYY-MM-DD',
        value: c.due,
        validate: (v) => (isDate(v.trim()) ? undefined : 'Use a real date, YYYY-MM-DD'),
      });
      if (typeof due === 'string') c.due = due.trim();
      return due;
    },
    () =>
      pickStep({
        title: `Add Campaign: ${c.name}`,
        totalSteps: STEPS,
        back: true,
        items: [{ label: 'Add Campaign', detail: campaignSummary(c) }],
        placeholder: 'Check the campaign, then Enter to add it (Back to change it)',
      }),
  ];
}

export async function askCampaign(ws: Workspace): Promise<Campaign | undefined> {
  const c: Campaign = { name: '', flows: [], tiers: [], pillar: '', capability: '', targetLevel: 0, due: '' };
  const steps = campaignSteps(ws, c);
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    const result = step && (await step());
    if (result === undefined) return undefined;
    i = result === BACK ? Math.max(0, i - 1) : i + 1;
  }
  return c;
}
