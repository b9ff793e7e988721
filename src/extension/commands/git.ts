/** Commands that set git up for sre_data.db and merge or diff it row by row. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { count } from '../../core/domain/words';
import { registerGitDrivers } from '../../core/usecases/merge/git-drivers';
import { resolveUnmerged } from '../../core/usecases/merge/merge-files';
import { type Ctx } from '../ctx';
import { showDatabaseChanges } from '../database-diff';
import { type CommandId } from '../ids';
import { pickFolder } from '../item-picker';
import { type CommandSpec } from './spec';

/** How git runs the CLI this extension ships: VS Code's own runtime as Node (Electron needs telling), or code-server's Node. */
function bundledCli(ctx: Ctx): string[] {
  const program = [process.execPath, path.join(ctx.ext.extensionUri.fsPath, 'dist', 'cli.mjs')];
  return process.versions.electron ? ['ELECTRON_RUN_AS_NODE=1', ...program] : program;
}

export const GIT_COMMANDS = {
  setUpGit: {
    title: 'Set Up Git Merge and Diff for sre_data.db',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      const result = await registerGitDrivers(ctx.folders.dataDir(folder), bundledCli(ctx));
      void vscode.window.showInformationMessage(
        `${result.changed ? 'Registered' : 'Already registered'} the sre-tracker merge and diff drivers in ${result.repository}/.git/config: git merges sre_data.db row by row and diffs it as text.`,
      );
    },
  },
  mergeDatabase: {
    title: 'Merge sre_data.db Row by Row',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      const conflicts = await resolveUnmerged(ctx.folders.dataDir(folder));
      conflicts.forEach((c) => ctx.log.warn(`merge: ${c}`));
      ctx.folders.reset();
      ctx.changes.all();
      void vscode.window.showInformationMessage(
        `Merged sre_data.db and marked it resolved${conflicts.length ? `; ${count(conflicts.length, 'change')} made on both sides were settled (see the SRE Maturity Tracker output)` : ''}. Commit to finish the merge.`,
      );
    },
  },
  showDatabaseChanges: {
    title: 'Show sre_data.db Changes as Text',
    needsTrust: true, // runs git, which a hostile repository's config can make run anything
    run: (ctx) => async (arg?: unknown) => {
      // From the Source Control view or the Explorer: the file's own folder; else the chosen workspace folder's.
      const uri = arg instanceof vscode.Uri ? arg : (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
      if (uri instanceof vscode.Uri) return showDatabaseChanges(path.dirname(uri.fsPath));
      const folder = await pickFolder(ctx, arg);
      if (folder) await showDatabaseChanges(ctx.folders.dataDir(folder));
    },
  },
} satisfies Partial<Record<CommandId, CommandSpec>>;
