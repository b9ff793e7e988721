/** "SRE: Set Up Workspace": asks for flows and their assets, then runs core setup (which merges on an existing workspace). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type FlowInput, setupWorkspace, type SetupResult } from '../core/setup';
import { splitList } from '../core/settings';
import { FILES } from '../core/workspace';

const ADD_ASSET = 'Add another asset';
const ADD_FLOW = 'Add another flow';
const FINISH = 'Finish and set up';

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
      flow.assets.push(...splitList(assets));
      const next = await vscode.window.showQuickPick([ADD_ASSET, ADD_FLOW, FINISH], { title: `${flow.name}: ${flow.assets.join(', ')}`, ignoreFocusOut: true });
      if (next === undefined) return undefined;
      if (next === FINISH) return flows;
      if (next === ADD_FLOW) break;
    }
  }
}

/** Runs the wizard for `dir`; undefined when the user cancelled. */
export async function runSetupWizard(dir: string, storyNameTemplate: string | undefined): Promise<SetupResult | undefined> {
  let flows: FlowInput[] = [];
  if (fs.existsSync(path.join(dir, FILES.flows))) {
    const merge = 'Re-read the CSVs and merge';
    const choice = await vscode.window.showQuickPick([merge, 'Add flows and assets'], { title: 'This folder is already set up' });
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
