/** The command table: one factory per command id; handlers parse arguments, call core and present the result. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../core/atomic-file';
import { matrixCsv } from '../core/matrix-export';
import { FILES } from '../core/workspace';
import { Ctx } from './ctx';
import { CommandId } from './ids';
import { pickItem, pickWorkspace } from './item-picker';
import { runSetupWizard } from './setup-wizard';

export interface CommandSpec {
  run: (ctx: Ctx) => (...args: unknown[]) => Promise<unknown> | unknown;
  /** Writes files or reaches the network: refused in an untrusted workspace. */
  needsTrust: boolean;
  /** Shown when an untrusted workspace refuses it. */
  title: string;
}

export const COMMANDS: Record<CommandId, CommandSpec> = {
  setUpWorkspace: {
    title: 'Set Up Workspace',
    needsTrust: true,
    run: (ctx) => async () => {
      const folder = await ctx.folders.pick(false);
      if (!folder) {
        void vscode.window.showWarningMessage('Open a folder first: the SRE data lives in a workspace folder.');
        return;
      }
      const dir = ctx.folders.dataDir(folder);
      const result = await runSetupWizard(dir);
      if (!result) return;
      ctx.folders.reset();
      ctx.tree.refresh();
      await vscode.commands.executeCommand('setContext', 'sreTracker.hasWorkspace', true);
      const kept = result.kept.length ? ` ${result.kept.length} assessed item(s) no longer in the CSVs were kept.` : '';
      void vscode.window.showInformationMessage(`SRE workspace ${result.dbCreated ? 'created' : 'updated'} in ${dir}: ${result.flows} flows, ${result.assets} assets, ${result.items} items (${result.itemsAdded} new).${kept}`);
    },
  },
  refresh: {
    title: 'Refresh',
    needsTrust: false,
    run: (ctx) => () => {
      ctx.folders.reset();
      ctx.tree.refresh();
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
  exportCsv: {
    title: 'Export to CSV',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (!chosen) return;
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(chosen.workspace.dir, 'maturity_matrix.csv')), filters: { CSV: ['csv'] } });
      if (!target) return;
      writeFileAtomic(target.fsPath, matrixCsv(chosen.workspace.items()));
      void vscode.window.showInformationMessage(`Exported the maturity matrix to ${target.fsPath}`);
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
  filterRed: { title: 'Show Only Red', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('red') },
  filterNotAssessed: { title: 'Show Only Not Assessed', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('notAssessed') },
  clearFilter: { title: 'Show All', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('all') },
  setRallyApiKey: {
    title: 'Set Rally API Key',
    needsTrust: false,
    run: (ctx) => async () => {
      if (await ctx.secrets.ask('rallyApiKey')) void vscode.window.showInformationMessage('Rally API key stored in VS Code secret storage.');
    },
  },
  setConfluenceToken: {
    title: 'Set Confluence API Token',
    needsTrust: false,
    run: (ctx) => async () => {
      if (await ctx.secrets.ask('confluenceToken')) void vscode.window.showInformationMessage('Confluence token stored in VS Code secret storage.');
    },
  },
  clearCredentials: {
    title: 'Clear Credentials',
    needsTrust: false,
    run: (ctx) => async () => {
      await ctx.secrets.clear();
      void vscode.window.showInformationMessage('Rally API key and Confluence token removed from secret storage.');
    },
  },
};

/** Paths in the data folder that, when changed on disk, change what the tree shows. */
export const WATCHED_FILES = `**/{${[FILES.db, FILES.flows, FILES.model, FILES.targets, FILES.campaigns].join(',')}}`;
