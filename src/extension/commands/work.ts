/** Commands that reach the work tracker and the page: create and open work items, sync, campaigns. */
import * as vscode from 'vscode';

import { SreError } from '../../core/errors';
import { checkServiceUrl } from '../../core/integrations/http';
import { trackerAdapters } from '../../core/integrations/registry';
import { askCampaign } from '../campaign-wizard';
import { type Ctx } from '../ctx';
import { type CommandId } from '../ids';
import { pickItem, pickWorkspace } from '../item-picker';
import { syncTitle, trackerCommands } from '../service-commands';
import { createStory, runSync } from '../sync-flow';
import { type CommandSpec } from './spec';

/** Create (a tracker's work item): the item from the tree node or a pick, a work item in the configured tracker. */
const createWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  await createStory(ctx, picked.workspace, picked.item.key);
  ctx.changes.item(picked.folder, picked.item.key);
};

/** Open (a tracker's work item): the linked work item in the browser, by the link its tracker gave. */
const openWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  const link = picked.item.link?.url;
  if (!link)
    throw new SreError(`${picked.item.key} has no linked work item with a link yet (run a sync to learn it)`, 'input');
  checkServiceUrl(link, 'Work item link');
  await vscode.env.openExternal(vscode.Uri.parse(link));
};

/**
 * Every tracker's Create and Open, under its own title ("Create Acme Ticket"): package.json shows the configured
 * tracker's by `when`, and each works on the configured tracker whichever title was chosen.
 */
export function workCommands(): Record<string, CommandSpec> {
  return Object.fromEntries(
    trackerAdapters().flatMap((adapter) => {
      const { create, open } = trackerCommands(adapter);
      return [
        [create.id, { title: create.title, needsTrust: true, run: createWork }],
        [open.id, { title: open.title, needsTrust: false, run: openWork }],
      ];
    }),
  );
}

export const WORK_COMMANDS = {
  sync: {
    title: syncTitle(),
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
