/** "SRE: Set Up Workspace": asks for flows and their assets, then runs core setup (which merges on an existing workspace). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { splitList } from '../core/settings';
import { FILES } from '../core/storage/data-files';
import { type FlowInput, type SetupResult, setupWorkspace } from '../core/usecases/setup';

const ADD_ASSET = 'Add another asset';
const ADD_FLOW = 'Add another flow';
const FINISH = 'Finish and set up';

/** What each tier means, as the default targets.csv sets it: targets, and so statuses, depend on it. */
const TIERS: { label: string; description: string; detail: string; tier: number | undefined }[] = [
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
    tier: undefined,
  },
];

/** The flow's owner (optional, once per flow) and each new asset's tier; false when the person cancelled. */
async function askOwnerAndTiers(flow: FlowInput, assets: readonly string[]): Promise<boolean> {
  if (flow.owner === undefined) {
    const owner = await vscode.window.showInputBox({
      title: `Set Up Workspace: owner of ${flow.name}`,
      prompt: 'The team that owns these assets (optional: Enter to skip). Scores and the dashboard group by owner.',
      placeHolder: 'team-payments',
      ignoreFocusOut: true,
    });
    if (owner === undefined) return false;
    flow.owner = owner.trim();
  }
  for (const [n, asset] of assets.entries()) {
    const picked = await vscode.window.showQuickPick(TIERS, {
      title: `Set Up Workspace: tier of ${flow.name} / ${asset} (${n + 1} of ${assets.length})`,
      placeHolder: 'How critical is it? The tier sets the level it should reach (targets.csv).',
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    if (!picked) return false;
    if (picked.tier !== undefined) flow.tiers = { ...flow.tiers, [asset]: picked.tier };
  }
  return true;
}

async function askFlows(): Promise<FlowInput[] | undefined> {
  const flows: FlowInput[] = [];
  for (;;) {
    const name = await vscode.window.showInputBox({
      title: 'Set Up Workspace: flow',
      prompt: 'Name of a business flow',
      placeHolder: 'Checkout',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A flow needs a name'),
    });
    if (name === undefined) return undefined;
    const flow: FlowInput = { name: name.trim(), assets: [] };
    flows.push(flow);
    for (;;) {
      const assets = await vscode.window.showInputBox({
        title: `Set Up Workspace: assets of ${flow.name}`,
        prompt: 'Asset names (services, databases, queues), comma-separated',
        placeHolder: 'web, api, db',
        ignoreFocusOut: true,
        validateInput: (v) => (splitList(v).length ? undefined : 'Enter at least one asset'),
      });
      if (assets === undefined) return undefined;
      const added = splitList(assets);
      flow.assets.push(...added);
      if (!(await askOwnerAndTiers(flow, added))) return undefined;
      const next = await vscode.window.showQuickPick([ADD_ASSET, ADD_FLOW, FINISH], {
        title: `${flow.name}: ${flow.assets.join(', ')}`,
        ignoreFocusOut: true,
      });
      if (next === undefined) return undefined;
      if (next === FINISH) return flows;
      if (next === ADD_FLOW) break;
    }
  }
}

/** Runs the wizard for `dir`; undefined when the user cancelled. */
export async function runSetupWizard(
  dir: string,
  storyNameTemplate: string | undefined,
): Promise<SetupResult | undefined> {
  let flows: FlowInput[] = [];
  if (fs.existsSync(path.join(dir, FILES.flows))) {
    const merge = 'Re-read the CSVs and merge';
    const choice = await vscode.window.showQuickPick([merge, 'Add flows and assets'], {
      title: 'This folder is already set up',
    });
    if (choice === undefined) return undefined;
    if (choice !== merge) flows = (await askFlows()) ?? [];
    if (choice !== merge && flows.length === 0) return undefined;
  } else {
    const asked = await askFlows();
    if (!asked) return undefined;
    flows = asked;
  }
  return setupWorkspace({ dir, flows, storyNameTemplate });
}
