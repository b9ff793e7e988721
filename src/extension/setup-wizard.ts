/**
 * "SRE: Set Up Workspace": numbered steps with Back (flow, its assets, its owner, each asset's tier and kind, then another
 * flow or finish), a summary to confirm, then core setup (which merges on an existing workspace). Escape at any
 * step keeps what was typed for the next run (issue 28.4).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { KIND_PATTERN, SUGGESTED_KINDS } from '../core/domain/kinds';
import { splitList } from '../core/settings';
import { FILES } from '../core/storage/data-files';
import { type FlowInput, type SetupResult, setupWorkspace } from '../core/usecases/setup';
import { COMMAND, PREFIX } from './ids';
import { BACK, inputStep, pickStep, type StepResult } from './steps';

const ADD_FLOW = 'Add another flow';
const FINISH = 'Finish and set up';
const CONFIRM = 'Set up the workspace';
/** workspaceState key: set-ups left with Escape, by data folder. */
const DRAFTS_KEY = 'sreTracker.setupDrafts';

/** What each tier means, as the default targets.csv sets it: targets, and so statuses, depend on it. */
const TIERS: { label: string; description: string; detail: string; tier: number | null }[] = [
  {
    label: 'Tier 1',
    description: 'target level 3',
    detail: 'Most critical: customer-facing, revenue or safety depends on it.',
    tier: 1,
  },
  {
    label: 'Tier 2',
    description: 'target level 2',
    detail: 'Important: an outage hurts, with a workaround or a delay.',
    tier: 2,
  },
  {
    label: 'Tier 3',
    description: 'target level 1',
    detail: 'Supporting: internal tools, batch jobs, things that can wait.',
    tier: 3,
  },
  {
    label: 'No tier',
    description: 'target level 1',
    detail: 'Decide later: edit the tier column of flows.csv.',
    tier: null,
  },
];

/** A flow as typed so far: text as entered, so Back and the next run show it as it was. */
interface FlowDraft {
  name: string;
  assets: string;
  owner: string;
  /** Tier per asset name; null for "No tier". */
  tiers: Record<string, number | null>;
  /** Kind per asset name; '' for any kind. Absent in a draft kept by an older version. */
  kinds?: Record<string, string>;
}

const emptyFlow = (): FlowDraft => ({ name: '', assets: '', owner: '', tiers: {}, kinds: {} });

const ANY_KIND = 'Any kind';
const OTHER_KIND = 'Other…';
/** The kinds offered (domain/kinds.ts): the model asks each only the questions that fit it. */
const KINDS: { label: string; description?: string; assetKind: string | undefined }[] = [
  ...SUGGESTED_KINDS.map((kind) => ({ label: kind, assetKind: kind })),
  { label: ANY_KIND, description: 'asked every question', assetKind: '' },
  { label: OTHER_KIND, description: 'a word of your own', assetKind: undefined },
];

/** The kind step: a pick of the vocabulary, or a word of one's own after "Other…" (Back returns to the pick). */
async function kindStep(at: Place, title: string, current: string): Promise<StepResult<unknown>> {
  for (;;) {
    const chosen = KINDS.find((k) => k.assetKind === current) ?? (current ? KINDS.at(-1) : undefined);
    const r = await pickStep({
      ...at,
      title,
      placeholder:
        'What is it? The model asks each kind only the questions that fit it (a database: no canary releases).',
      items: KINDS,
      ...(chosen ? { active: chosen } : {}),
    });
    if (!Array.isArray(r) || !r[0]) return r;
    if (r[0].assetKind !== undefined) return r[0].assetKind;
    const typed = await inputStep({
      ...at,
      title,
      prompt: 'The kind, one short word (lower case, digits and -)',
      placeholder: 'mainframe',
      value: current,
      validate: (v) => (KIND_PATTERN.test(v.trim().toLowerCase()) ? undefined : 'One short word, such as mainframe'),
    });
    if (typed !== BACK) return typeof typed === 'string' ? typed.trim().toLowerCase() : typed;
  }
}

/** Where a step sits: its number among all steps now (the count grows as flows are added), Back from the second. */
interface Place {
  step: number;
  totalSteps: number;
  back: boolean;
}

type Step = (at: Place) => Promise<StepResult<unknown>>;

/** Chosen at the summary: the set-up is confirmed. */
const DONE = Symbol('done');

/** The steps as the draft stands: each flow's name, assets, owner and tiers, what next; then the summary. */
function steps(flows: FlowDraft[]): Step[] {
  const list: Step[] = [];
  for (const [k, flow] of flows.entries()) {
    const title = (what: string) => `Set Up Workspace: ${what}`;
    list.push(async (at) => {
      const r = await inputStep({
        ...at,
        title: title(k === 0 ? 'first flow' : `flow ${k + 1}`),
        prompt: 'Name of a business flow',
        placeholder: 'Checkout',
        value: flow.name,
        validate: (v) => (v.trim() ? undefined : 'A flow needs a name'),
      });
      if (typeof r === 'string') flow.name = r.trim();
      return r;
    });
    list.push(async (at) => {
      const r = await inputStep({
        ...at,
        title: title(`assets of ${flow.name}`),
        prompt: 'Asset names (services, databases, queues), comma-separated',
        placeholder: 'web, api, db',
        value: flow.assets,
        validate: (v) => (splitList(v).length ? undefined : 'Enter at least one asset'),
      });
      if (typeof r === 'string') flow.assets = r;
      return r;
    });
    list.push(async (at) => {
      const r = await inputStep({
        ...at,
        title: title(`owner of ${flow.name}`),
        prompt: 'The team that owns these assets (optional: Enter to skip). Scores and the dashboard group by owner.',
        placeholder: 'team-payments',
        value: flow.owner,
        validate: () => undefined,
      });
      if (typeof r === 'string') flow.owner = r.trim();
      return r;
    });
    for (const asset of splitList(flow.assets)) {
      list.push(async (at) => {
        const chosen = TIERS.find((t) => t.tier === flow.tiers[asset]);
        const r = await pickStep({
          ...at,
          title: title(`tier of ${flow.name} / ${asset}`),
          placeholder: 'How critical is it? The tier sets the level it should reach (targets.csv).',
          items: TIERS,
          ...(chosen ? { active: chosen } : {}),
        });
        if (Array.isArray(r) && r[0]) flow.tiers[asset] = r[0].tier;
        return r;
      });
      list.push(async (at) => {
        const r = await kindStep(at, title(`kind of ${flow.name} / ${asset}`), flow.kinds?.[asset] ?? '');
        if (typeof r === 'string') flow.kinds = { ...flow.kinds, [asset]: r };
        return r;
      });
    }
    list.push(async (at) => {
      const more = k < flows.length - 1;
      const items = [{ label: ADD_FLOW }, { label: FINISH }];
      const r = await pickStep({
        ...at,
        title: title(`${flow.name}: ${splitList(flow.assets).join(', ')}`),
        placeholder: more ? 'Go on to the flows added after this one, or finish here' : 'Another flow, or finish',
        items,
        active: items[more ? 0 : 1],
      });
      if (!Array.isArray(r)) return r;
      if (r[0]?.label === FINISH) flows.splice(k + 1);
      else if (!more) flows.push(emptyFlow());
      return r;
    });
  }
  list.push(async (at) => {
    const r = await pickStep({
      ...at,
      step: undefined,
      title: 'Set Up Workspace: confirm',
      placeholder: 'Check what will be set up, then Enter (Back to change it)',
      items: [{ label: CONFIRM, detail: summary(flows) }],
    });
    return Array.isArray(r) ? DONE : r;
  });
  return list;
}

/** "Checkout: web (tier 1), api · Login: auth", as the summary shows it. */
export function summary(flows: readonly FlowDraft[]): string {
  return flows
    .map((f) => {
      const assets = splitList(f.assets).map((a) => {
        const about = [f.tiers[a] ? `tier ${f.tiers[a]}` : '', f.kinds?.[a] ?? ''].filter(Boolean).join(', ');
        return about ? `${a} (${about})` : a;
      });
      return `${f.name}${f.owner ? ` [${f.owner}]` : ''}: ${assets.join(', ')}`;
    })
    .join(' · ');
}

function flowInputs(flows: readonly FlowDraft[]): FlowInput[] {
  return flows.map((f) => {
    const assets = splitList(f.assets);
    const tiers = Object.fromEntries(
      assets.flatMap((a) => (typeof f.tiers[a] === 'number' ? [[a, f.tiers[a] as number]] : [])),
    );
    const kinds = Object.fromEntries(assets.flatMap((a) => (f.kinds?.[a] ? [[a, f.kinds[a]]] : [])));
    return { name: f.name, assets, owner: f.owner, tiers, kinds };
  });
}

/** Walks the steps; undefined when the person pressed Escape (the draft then holds what they typed). */
async function askFlows(flows: FlowDraft[]): Promise<FlowInput[] | undefined> {
  for (let i = 0; ;) {
    const list = steps(flows);
    const step = list[Math.min(i, list.length - 1)] as Step;
    const r = await step({ step: i + 1, totalSteps: list.length - 1, back: i > 0 });
    if (r === undefined) return undefined;
    if (r === DONE) return flowInputs(flows);
    i = r === BACK ? Math.max(0, i - 1) : i + 1;
  }
}

/** Runs the wizard for `dir`; undefined when the user cancelled. `memory` keeps an unfinished set-up. */
export async function runSetupWizard(
  dir: string,
  storyNameTemplate: string | undefined,
  memory: vscode.Memento,
): Promise<SetupResult | undefined> {
  if (fs.existsSync(path.join(dir, FILES.flows))) {
    const merge = 'Re-read the CSVs and merge';
    const add = 'Add flows and assets';
    const choice = await vscode.window.showQuickPick([merge, add], {
      title: 'This folder is already set up',
      placeHolder: 'Re-read the CSVs after editing them, or add flows and assets here',
    });
    if (choice === undefined) return undefined;
    if (choice === merge) return setupWorkspace({ dir, flows: [], storyNameTemplate });
  }
  const drafts = memory.get<Record<string, FlowDraft[]>>(DRAFTS_KEY) ?? {};
  const kept = drafts[dir];
  const flows = kept?.length ? kept : [emptyFlow()];
  const keep = (draft: FlowDraft[] | undefined) => {
    const next = { ...(memory.get<Record<string, FlowDraft[]>>(DRAFTS_KEY) ?? {}) };
    if (draft) next[dir] = draft;
    else delete next[dir];
    return memory.update(DRAFTS_KEY, next);
  };
  const asked = await askFlows(flows);
  if (!asked) {
    if (flows.some((f) => f.name || f.assets)) void offerResume(keep, flows);
    return undefined;
  }
  // Kept until set-up succeeded: a set-up refused by its checks (a bad name, a locked file) loses nothing typed.
  await keep(flows);
  const result = await setupWorkspace({ dir, flows: asked, storyNameTemplate });
  await keep(undefined);
  return result;
}

/** Escape kept what was typed: say so, and offer to go on now or forget it. */
async function offerResume(
  keep: (draft: FlowDraft[] | undefined) => Thenable<void>,
  flows: FlowDraft[],
): Promise<void> {
  await keep(flows);
  const [resume, discard] = ['Continue Set-Up', 'Discard'];
  const choice = await vscode.window.showInformationMessage(
    'Set Up Workspace paused: what you typed is kept for the next time you run it.',
    resume,
    discard,
  );
  if (choice === resume) await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.setUpWorkspace}`);
  if (choice === discard) await keep(undefined);
}
