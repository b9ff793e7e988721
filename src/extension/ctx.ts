/** What every command handler gets: the extension context, the folders, the tree, our own changes, secrets and the log. */
import type * as vscode from 'vscode';

import { type Changes } from './changes';
import { type Folders } from './folders';
import { type Secrets } from './secrets';
import { type ItemsTree } from './tree';

export interface Ctx {
  readonly ext: vscode.ExtensionContext;
  readonly folders: Folders;
  readonly tree: ItemsTree;
  /** Announce our own writes here: the tree and the dashboard follow. */
  readonly changes: Changes;
  readonly secrets: Secrets;
  readonly log: vscode.LogOutputChannel;
}
