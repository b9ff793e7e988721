/** Resolves which item a command acts on: the tree node it was invoked on, or a QuickPick of flow/asset then capability. */
import * as vscode from 'vscode';

import { type ItemView } from '../core/domain/items';
import { type Workspace } from '../core/workspace';
import { type Ctx } from './ctx';
import { COMMAND, PREFIX } from './ids';
import { type TreeNode } from './tree';

export interface PickedItem {
  folder: vscode.WorkspaceFolder;
  workspace: Workspace;
  item: ItemView;
}

export function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'data' in arg && 'folder' in arg;
}

/**
 * The folder of the tree node a command runs on, or the one the user picks among those with data; with none set up,
 * the offer to set one up (a pick the user cancelled says nothing).
 */
export async function pickFolder(ctx: Ctx, arg?: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  if (isTreeNode(arg)) return arg.folder;
  if (ctx.folders.all().some((f) => ctx.folders.hasData(f))) return ctx.folders.pick(true);
  void offerSetUp();
  return undefined;
}

/** Says that nothing is set up yet, with the button that sets it up (or opens a folder first). */
export async function offerSetUp(): Promise<void> {
  const noFolder = (vscode.workspace.workspaceFolders ?? []).length === 0;
  const action = noFolder ? 'Open Folder' : 'Set Up Workspace';
  const choice = await vscode.window.showWarningMessage(
    noFolder
      ? 'No folder is open: open the folder that holds (or will hold) the SRE data.'
      : 'No SRE workspace here yet: set one up first.',
    action,
  );
  if (choice === action)
    await vscode.commands.executeCommand(
      noFolder ? 'workbench.action.files.openFolder' : `${PREFIX}.${COMMAND.setUpWorkspace}`,
    );
}

/** The workspace of the chosen folder, or a message saying to set one up. */
export async function pickWorkspace(
  ctx: Ctx,
  arg?: unknown,
): Promise<{ folder: vscode.WorkspaceFolder; workspace: Workspace } | undefined> {
  const folder = await pickFolder(ctx, arg);
  if (!folder) return undefined;
  const workspace = await ctx.folders.workspace(folder);
  if (!workspace) {
    void offerSetUp();
    return undefined;
  }
  return { folder, workspace };
}

export async function pickItem(ctx: Ctx, arg?: unknown): Promise<PickedItem | undefined> {
  const chosen = await pickWorkspace(ctx, arg);
  if (!chosen) return undefined;
  if (isTreeNode(arg) && arg.data.item) {
    const item = chosen.workspace.item(arg.data.item.key);
    return item && { ...chosen, item };
  }
  const items = chosen.workspace.items();
  const assets = [...new Map(items.map((i) => [`${i.flowKey}/${i.assetKey}`, i])).values()];
  const asset = await vscode.window.showQuickPick(
    assets.map((i) => ({
      label: `${i.flowName} / ${i.assetName}`,
      description: i.tier ? `tier ${i.tier}` : '',
      key: `${i.flowKey}/${i.assetKey}`,
    })),
    { title: 'Which asset? (1/2)', placeHolder: 'Type a flow, asset or tier', matchOnDescription: true },
  );
  if (!asset) return undefined;
  const capability = await vscode.window.showQuickPick(
    items
      .filter((i) => `${i.flowKey}/${i.assetKey}` === asset.key)
      .map((i) => ({
        label: i.capability.name,
        // "Not assessed" once, not "Not assessed · not assessed" (issue 28.15).
        description: i.level === null ? i.status : `${i.status} · level ${i.level}`,
        detail: i.pillar,
        item: i,
      })),
    {
      title: `${asset.label}: which capability? (2/2)`,
      placeHolder: 'Type a capability or pillar',
      matchOnDetail: true,
    },
  );
  return capability && { ...chosen, item: capability.item };
}
