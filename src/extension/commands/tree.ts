/** Commands of the sidebar tree: refresh, grouping, filters, finding an item, the model file. */
import * as vscode from 'vscode';

import { type Dimension, DIMENSIONS } from '../../core/domain/scores';
import { type CommandId } from '../ids';
import { offerSetUp, pickItem, pickWorkspace } from '../item-picker';
import { matchesAllWords } from '../word-match';
import { type CommandSpec } from './spec';

const GROUPING_LABEL: Record<Dimension, string> = {
  flow: 'Flow',
  owner: 'Owner',
  tier: 'Tier',
  pillar: 'Pillar',
  kind: 'Kind',
};

/**
 * The Find Capability picker: every typed word may match a different field (capability, flow, asset, status,
 * owner), which VS Code's own filter cannot do, so the list is filtered here and shown as it is.
 */
async function findPick<T extends vscode.QuickPickItem>(picks: readonly T[]): Promise<T | undefined> {
  const quick = vscode.window.createQuickPick<T>();
  quick.title = 'Find a capability';
  quick.placeholder = 'Type words of a capability, flow, asset, status or owner';
  quick.items = picks;
  quick.onDidChangeValue((value) => {
    quick.items = picks
      .filter((p) => matchesAllWords(value, [p.label, p.description, p.detail]))
      .map((p) => ({ ...p, alwaysShow: true }));
  });
  const picked = await new Promise<T | undefined>((resolve) => {
    quick.onDidAccept(() => resolve(quick.selectedItems[0] ?? quick.activeItems[0]));
    quick.onDidHide(() => resolve(undefined));
    quick.show();
  });
  quick.dispose();
  return picked;
}

export const TREE_COMMANDS = {
  refresh: {
    title: 'Refresh',
    needsTrust: false,
    run: (ctx) => () => {
      ctx.folders.reset();
      ctx.changes.all();
    },
  },
  openModel: {
    title: 'Open Maturity Model',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen) await vscode.window.showTextDocument(vscode.Uri.file(chosen.workspace.file('model')));
    },
  },
  copyItemKey: {
    title: 'Copy Item Key',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (picked) await vscode.env.clipboard.writeText(picked.item.key);
    },
  },
  groupTreeBy: {
    title: 'Group By…',
    needsTrust: false,
    run: (ctx) => async () => {
      const current = ctx.tree.grouping();
      const picked = await vscode.window.showQuickPick(
        DIMENSIONS.map((by) => ({ label: GROUPING_LABEL[by], description: by === current ? 'current' : '', by })),
        { title: 'Group the tree by', placeHolder: 'Flows, owners, tiers or pillars at the top' },
      );
      if (picked) ctx.tree.setGroupBy(picked.by);
    },
  },
  groupTreeByFlow: { title: 'Group by Flow', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('flow') },
  groupTreeByOwner: { title: 'Group by Owner', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('owner') },
  groupTreeByTier: { title: 'Group by Tier', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('tier') },
  groupTreeByPillar: { title: 'Group by Pillar', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('pillar') },
  groupTreeByKind: { title: 'Group by Kind', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('kind') },
  findItem: {
    title: 'Find Capability…',
    needsTrust: false,
    run: (ctx) => async () => {
      const folders = ctx.folders.all().filter((f) => ctx.folders.hasData(f));
      const picks = (
        await Promise.all(
          folders.map(async (folder) =>
            ((await ctx.folders.workspace(folder))?.items() ?? []).map((i) => ({
              label: i.capability.name,
              description: `${folders.length > 1 ? `${folder.name}: ` : ''}${i.flowName} / ${i.assetName}`,
              detail: `${i.status}${i.level === null ? '' : ` · level ${i.level}`}${i.stale ? ' · stale' : ''}${i.owner ? ` · ${i.owner}` : ''}`,
              folder,
              key: i.key,
            })),
          ),
        )
      ).flat();
      if (picks.length === 0) {
        void offerSetUp();
        return;
      }
      const picked = await findPick(picks);
      if (picked && !(await ctx.tree.reveal(picked.folder, picked.key)))
        void vscode.window.showWarningMessage(`${picked.key} is not in the tree.`);
    },
  },
  filterRed: { title: 'Show Only Red', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('red') },
  filterNotAssessed: {
    title: 'Show Only Not Assessed',
    needsTrust: false,
    run: (ctx) => () => ctx.tree.setFilter('notAssessed'),
  },
  clearFilter: { title: 'Clear Filter', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('all') },
} satisfies Partial<Record<CommandId, CommandSpec>>;
