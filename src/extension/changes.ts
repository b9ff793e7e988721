/**
 * Our own writes, announced once: the tree and an open dashboard follow them, one item at a time where one item
 * changed, so saving an assessment never makes either read and judge every item again.
 */
import * as vscode from 'vscode';

/** A change to one item of a folder, or (no key) to anything in it, or (no folder) to anything anywhere. */
export interface Change {
  folder: vscode.WorkspaceFolder | undefined;
  key: string | undefined;
}

export class Changes implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Change>();
  readonly onDidChange = this.emitter.event;

  item(folder: vscode.WorkspaceFolder, key: string): void {
    this.emitter.fire({ folder, key });
  }

  all(): void {
    this.emitter.fire({ folder: undefined, key: undefined });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
