/** The workspace folders that hold an SRE data folder, each opened once and reopened when settings change. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { SreError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { Workspace } from '../core/workspace';
import { Config } from './config';

export class Folders implements vscode.Disposable {
  private readonly open = new Map<string, Promise<Workspace>>();

  all(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  config(folder: vscode.WorkspaceFolder): Config {
    return new Config(folder);
  }

  dataDir(folder: vscode.WorkspaceFolder): string {
    return this.config(folder).dataDirectory;
  }

  hasData(folder: vscode.WorkspaceFolder): boolean {
    return fs.existsSync(path.join(this.dataDir(folder), FILES.db));
  }

  /** The folder's workspace, or undefined when it has no sre_data.db yet. */
  async workspace(folder: vscode.WorkspaceFolder): Promise<Workspace | undefined> {
    if (!this.hasData(folder)) return undefined;
    const dir = this.dataDir(folder);
    let ws = this.open.get(dir);
    if (!ws) {
      ws = Workspace.open(dir, this.config(folder).settings);
      this.open.set(dir, ws);
      ws.catch(() => this.open.delete(dir)); // a failed open is retried next time
    }
    return ws;
  }

  /** The folder's workspace, or an error saying to set it up: for panels, which look it up per request. */
  async require(folder: vscode.WorkspaceFolder): Promise<Workspace> {
    const ws = await this.workspace(folder);
    if (!ws) throw new SreError(`${folder.name} has no SRE data now: run "SRE: Set Up Workspace"`, 'input');
    return ws;
  }

  /**
   * The one folder, or the one the user picks; `onlyWithData` limits the choice to set-up folders. Each says whether
   * and where it holds SRE data, so the choice is not a guess.
   */
  async pick(onlyWithData: boolean): Promise<vscode.WorkspaceFolder | undefined> {
    const candidates = this.all().filter((f) => !onlyWithData || this.hasData(f));
    if (candidates.length <= 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(
      candidates.map((folder) => ({
        label: folder.name,
        description: this.hasData(folder)
          ? `set up · ${path.relative(folder.uri.fsPath, this.dataDir(folder)) || '.'}`
          : 'not set up yet',
        folder,
      })),
      { title: 'Which workspace folder?', placeHolder: 'Type a folder name' },
    );
    return picked?.folder;
  }

  /** True when some open database was changed on disk by someone else (not by our own last write). */
  async changedElsewhere(): Promise<boolean> {
    const open = await Promise.all(
      [...this.open.values()].map((ws) =>
        ws.then(
          (w) => w.store.changedOnDisk(),
          () => true,
        ),
      ),
    );
    return open.length === 0 || open.some(Boolean);
  }

  /** Settings changed: reopen with the new ones on next use. */
  reset(): void {
    for (const ws of this.open.values())
      void ws.then(
        (w) => w.dispose(),
        () => undefined,
      );
    this.open.clear();
  }

  dispose(): void {
    this.reset();
  }
}
