/**
 * Edited CSVs: flows.csv and maturity_model.csv are merged into sre_data.db as soon as they read cleanly (a
 * merge never drops an assessment: items whose rows went are kept until setup --prune), and every problem in
 * the folder's CSVs goes to the Problems panel on its line and cell, where the person is editing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { problemSpan } from '../core/domain/csv-position';
import { parseFlows } from '../core/domain/flows';
import { describeError, FileProblemsError, type Problem } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { readTextFile } from '../core/storage/text-file';
import { setupWorkspace } from '../core/usecases/setup';
import { type Ctx } from './ctx';

/** The CSVs whose problems are shown; the first two are merged into the database. */
const MERGED: readonly string[] = [FILES.flows, FILES.model];
const CHECKED: readonly string[] = [...MERGED, FILES.targets, FILES.campaigns];

export class CsvWatch implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('sre-tracker');

  constructor(private readonly ctx: Ctx) {}

  /** Is `file` one of the CSVs this watches, in a folder's data folder? Its folder then. */
  folderOf(file: vscode.Uri): vscode.WorkspaceFolder | undefined {
    if (!CHECKED.includes(path.basename(file.fsPath))) return undefined;
    return this.ctx.folders.all().find((f) => this.ctx.folders.dataDir(f) === path.dirname(file.fsPath));
  }

  /** A CSV of `folder` changed: merge what can be merged, then show what is wrong, or that nothing is. */
  async changed(folder: vscode.WorkspaceFolder, file: string): Promise<void> {
    const dir = this.ctx.folders.dataDir(folder);
    const problems: Problem[] = [];
    const collect = async (run: () => unknown) => {
      try {
        await run();
      } catch (e) {
        if (!(e instanceof FileProblemsError)) throw e;
        problems.push(...e.problems);
      }
    };
    try {
      // Only a set-up folder merges, and only a trusted one writes: elsewhere flows.csv is just checked.
      if (MERGED.includes(path.basename(file)) && this.ctx.folders.hasData(folder) && vscode.workspace.isTrusted) {
        const before = problems.length;
        await collect(() => setupWorkspace({ dir }));
        if (problems.length === before) {
          this.ctx.folders.reset();
          this.ctx.changes.all();
        }
      } else {
        const flows = path.join(dir, FILES.flows);
        if (fs.existsSync(flows)) await collect(() => parseFlows(readTextFile(flows), flows));
      }
      const ws = await this.ctx.folders.workspace(folder).catch(() => undefined);
      if (ws) {
        const model = ws.model();
        await collect(() => ws.targets(model));
        await collect(() => ws.campaigns(model));
      }
      // Targets set statuses and campaigns count as overdue: the tree, status bar and dashboard re-read a clean one.
      const problemsInFile = problems.some((p) => path.resolve(dir, p.file) === path.resolve(file));
      if (!MERGED.includes(path.basename(file)) && !problemsInFile) this.ctx.changes.all();
    } catch (e) {
      this.ctx.log.warn(`checking the CSVs of ${folder.name}: ${describeError(e)}`);
      return;
    }
    this.show(dir, problems);
  }

  private show(dir: string, problems: readonly Problem[]): void {
    for (const name of CHECKED) {
      const file = path.join(dir, name);
      const mine = problems.filter((p) => path.resolve(dir, p.file) === file);
      const text = mine.length && fs.existsSync(file) ? readTextFile(file) : '';
      this.diagnostics.set(
        vscode.Uri.file(file),
        mine.map((p) => {
          const span = problemSpan(text, p.line, p.column);
          const d = new vscode.Diagnostic(
            new vscode.Range(span.line, span.start, span.line, span.end),
            p.column ? `${p.column}: ${p.message}` : p.message,
            vscode.DiagnosticSeverity.Error,
          );
          d.source = 'SRE Maturity Tracker';
          return d;
        }),
      );
    }
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
