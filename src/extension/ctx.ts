/** What every command handler gets: the extension context, the folders, the tree, secrets and the log. */
import * as vscode from 'vscode';
import { Folders } from './folders';
import { Secrets } from './secrets';
import { ItemsTree } from './tree';

export interface Ctx {
  readonly ext: vscode.ExtensionContext;
  readonly folders: Folders;
  readonly tree: ItemsTree;
  readonly secrets: Secrets;
  readonly log: vscode.LogOutputChannel;
}
