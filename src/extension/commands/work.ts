/** Commands that reach the work tracker and the page: create and open work items, sync, campaigns. */
import * as vscode from 'vscode';

import { SreError } from '../../core/errors';
import { checkServiceUrl } from '../../core/integrations/http';
import { askCampaign } from '../campaign-wizard';
import { type Ctx } from '../ctx';
import { type CommandId } from '../ids';
import { pickItem, pickWorkspace } from '../item-picker';
import { createStory, runSync } from '../sync-flow';
import { type CommandSpec } from './spec';

/** Create Rally Story / Create Jira Issue: the item from the tree node or a pick, a work item in the configured tracker. */
const createWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  await createStory(ctx, picked.workspace, picked.item.key);
  ctx.changes.item(picked.folder, picked.item.key);
};

/** Open Rally Story / Open Jira Issue: the linked work item in the browser, by the link its tracker gave. */
const openWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  const link = picked.item.link?.url;
  if (!link)
    throw new SreError(`${picked.item.key} has no linked work item with a link yet (run a sync to learn it)`, 'input');
  checkServiceUrl(link, 'Work item link');
  await vscode.env.openExternal(vscode.Uri.parse(link));
};

export const WORK_COMMANDS = {
  createRallyStory: { title: 'Create Rally Story', needsTrust: true, run: createWork },
  // The same command under the configured tracker's title: package.json shows one or the other by `when`.
  createJiraIssue: { title: 'Create Jira Issue', needsTrust: true, run: createWork },
  openRallyStory: { title: 'Open Rally Story', needsTrust: false, run: openWork },
  openJiraIssue: { title: 'Open Jira Issue', needsTrust: false, run: openWork },
  sync: {
    title: 'Sync Work Items and the Confluence Page',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen && (await runSync(ctx, chosen.workspace))) ctx.changes.all();
    },
  },
  addCampaign: {
    title: 'Add Campaign',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      const campaign = chosen && (await askCampaign(chosen.workspace));
      if (!chosen || !campaign) return;
      chosen.workspace.addCampaign(campaign);
      ctx.changes.all(); // the dashboard shows campaigns
      void vscode.window.showInformationMessage(`Campaign "${campaign.name}" added to campaigns.csv.`);
    },
  },
} satisfies Partial<Record<CommandId, CommandSpec>>;
