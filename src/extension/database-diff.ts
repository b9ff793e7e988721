/**
 * sre_data.db in git, from VS Code: its changes as text (HEAD against the working tree, through the same dump as
 * git's textconv), since VS Code's own diff of a binary file shows nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { FILES } from '../core/storage/data-files';
import { dumpDatabase } from '../core/usecases/merge/dump';
import { databaseAt } from '../core/usecases/merge/merge-files';
import { Workspace } from '../core/workspace';
import { type Folders } from './folders';

export const DUMP_SCHEME = 'sre-tracker-dump';

/** The text of `dir`'s database at `ref` (empty: the working tree). */
export function dumpUri(dir: string, ref: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DUMP_SCHEME, path: path.join(dir, `${FILES.db}.txt`), query: ref });
}

export class DumpProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly folders: Folders) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const dir = path.dirname(uri.path);
    const folder = this.folders.all().find((f) => path.resolve(this.folders.dataDir(f)) === path.resolve(dir));
    const settings = folder ? this.folders.config(folder).settings : undefined;
    if (!settings) return `${dir} is not the data folder of an open workspace folder.\n`;
    const file = uri.query ? await databaseAt(dir, uri.query) : path.join(dir, FILES.db);
    if (!file) return `(${FILES.db} is not in ${uri.query})\n`;
    const ws = await Workspace.open(dir, settings, file);
    try {
      return dumpDatabase(ws);
    } finally {
      ws.dispose();
      if (uri.query) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
}

/** Opens the text diff of the data folder's database: HEAD on the left, the working tree on the right. */
export async function showDatabaseChanges(dir: string): Promise<void> {
  await vscode.commands.executeCommand(
    'vscode.diff',
    dumpUri(dir, 'HEAD'),
    dumpUri(dir, ''),
    `${FILES.db} (HEAD ↔ working tree, as text)`,
  );
}
