/** What every command handler gets: the extension context, the folders, the tree, secrets and the log. */
import type * as vscode from 'vscode';
import { type Folders } from './folders';
import { type Secrets } from './secrets';
import { type ItemsTree } from './tree';

export interface Ctx {
  readonly ext: vscode.ExtensionContext;
  readonly folders: Folders;
  readonly tree: ItemsTree;
  readonly secrets: Secrets;
  readonly log: vscode.LogOutputChannel;
}
