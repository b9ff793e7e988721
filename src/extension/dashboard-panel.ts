/**
 * "SRE: Show Maturity Dashboard": the heatmap webview for one folder, or for all of a multi-root workspace's
 * folders together (one heatmap, the roll-up's scores as its summary); a click on a cell opens its assessment.
 */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { type Campaign } from '../core/domain/campaigns';
import { describeError, SreError, stackOf } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { writeOutputFile } from '../core/storage/output-file';
import { foldersMatrixCsv, matrixCsv } from '../core/usecases/matrix-export';
import { combineHeatmaps, type Heatmap, heatmap, heatmapCell } from '../core/usecases/reports/heatmap';
import { heatmapSummary, maturityReportHtml } from '../core/usecases/reports/heatmap-html';
import { reportData } from '../core/usecases/reports/report-data';
import { rollup, type RollupSource, RollupTotals } from '../core/usecases/rollup/rollup';
import { rollupBody, rollupHtml } from '../core/usecases/rollup/rollup-html';
import { type Workspace } from '../core/workspace';
import { DASHBOARD_PARAMS, type DashboardRequests, type DashboardState } from '../shared/dashboard-protocol';
import { type Handlers, type PanelRestore } from '../shared/protocol';
import { AssessmentPanel } from './assessment-panel';
import { type Change } from './changes';
import { type Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { WebviewPanelBase } from './webview-panel';

/** One folder, or every folder with data. */
export type DashboardScope = vscode.WorkspaceFolder | 'all';

function workspaceHeatmap(ws: Workspace, now: Date): Heatmap {
  const data = reportData(ws, now);
  return heatmap(data, ws.trends(data.items, now), now);
}

export class DashboardPanel extends WebviewPanelBase<DashboardRequests> {
  private static current: DashboardPanel | undefined;

  static show(ctx: Ctx, scope: DashboardScope): void {
    if (DashboardPanel.current && DashboardPanel.current.scope === scope) {
      DashboardPanel.current.panel.reveal();
      DashboardPanel.refresh();
      return;
    }
    DashboardPanel.current?.panel.dispose();
    DashboardPanel.current = new DashboardPanel(ctx, scope);
  }

  /** Takes back a dashboard VS Code restored after a reload, for the scope it showed; gone folders close it. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, restore: PanelRestore | undefined): void {
    const folder = ctx.folders.all().find((f) => f.uri.toString() === restore?.folder);
    if (restore?.folder !== 'all' && !folder) {
      panel.dispose();
      return;
    }
    DashboardPanel.current?.panel.dispose();
    DashboardPanel.current = new DashboardPanel(ctx, folder ?? 'all', panel);
  }

  /** Called after anything changed the data, so an open dashboard follows; it never throws, so it cannot fail a command. */
  static refresh(): void {
    const current = DashboardPanel.current;
    current
      ?.update()
      .catch((e: unknown) => current.ctx.log.error(`dashboard refresh: ${stackOf(e) ?? describeError(e)}`));
  }

  /** The folders shown, in the workspace's order; an index into this is how the webview names a folder. */
  private shown(): vscode.WorkspaceFolder[] {
    return this.scope === 'all' ? this.ctx.folders.all().filter((f) => this.ctx.folders.hasData(f)) : [this.scope];
  }

  /** Follows our own changes: one changed item redraws its cell only; anything else, the whole dashboard. */
  private changed(change: Change): void {
    const folder = change.folder ? this.shown().indexOf(change.folder) : -1;
    if (change.folder && folder < 0) return;
    const key = change.key;
    const update =
      key && change.folder
        ? this.ctx.folders.require(change.folder).then((ws) => {
            const item = ws.item(key);
            if (item) this.send({ push: 'dashboardCell', folder, cell: heatmapCell(item) });
          })
        : this.update();
    update.catch((e: unknown) => this.ctx.log.error(`dashboard update: ${stackOf(e) ?? describeError(e)}`));
  }

  private constructor(
    ctx: Ctx,
    private readonly scope: DashboardScope,
    restored?: vscode.WebviewPanel,
  ) {
    super(ctx, {
      restored,
      viewType: WEBVIEW.dashboard,
      title: scope === 'all' ? 'SRE Maturity Dashboard: All Folders' : 'SRE Maturity Dashboard',
      script: 'dashboard',
      schemas: DASHBOARD_PARAMS,
    });
    this.own(ctx.changes.onDidChange((c) => this.changed(c)));
  }

  /** The open folders as roll-up sources: lent, not opened again nor closed. */
  private sources(folders: readonly vscode.WorkspaceFolder[]): RollupSource[] {
    return folders.map((f) => ({
      dir: f.uri.fsPath,
      name: f.name,
      open: () => this.ctx.folders.require(f),
      close: () => undefined,
    }));
  }

  private async state(): Promise<DashboardState> {
    const now = new Date();
    const folders = this.shown();
    const parts: { heatmap: Pick<Heatmap, 'columns' | 'rows'>; campaigns: readonly Campaign[] }[] = [];
    let summaryHtml: string;
    if (this.scope === 'all') {
      // Each folder read once, for its rows and its part of the roll-up (the summary); one that cannot be read
      // leaves no rows, and the roll-up says why.
      const totals = new RollupTotals(now);
      for (const folder of folders) {
        try {
          const ws = await this.ctx.folders.require(folder);
          const data = reportData(ws, now);
          const trends = ws.trends(data.items, now);
          totals.add({
            name: folder.name,
            dir: folder.uri.fsPath,
            ws,
            items: data.items,
            trends,
            campaigns: data.campaigns,
          });
          parts.push({ heatmap: heatmap(data, trends, now), campaigns: data.campaigns });
        } catch (e) {
          totals.unreadable(folder.uri.fsPath, describeError(e));
          parts.push({ heatmap: { columns: [], rows: [] }, campaigns: [] });
        }
      }
      summaryHtml = rollupBody(totals.rollup());
    } else {
      const ws = await this.ctx.folders.require(this.scope);
      const shown = workspaceHeatmap(ws, now);
      parts.push({ heatmap: shown, campaigns: ws.campaigns() });
      summaryHtml = heatmapSummary(shown);
    }
    const { columns, rows } = combineHeatmaps(parts.map((p) => p.heatmap));
    const campaigns = parts.flatMap((p, folder) =>
      p.campaigns.map((c) => ({
        name: c.name,
        folder,
        flows: c.flows,
        tiers: c.tiers,
        pillar: c.pillar,
        capability: c.capability,
      })),
    );
    return {
      restore: { folder: this.scope === 'all' ? 'all' : this.scope.uri.toString() },
      summaryHtml,
      folders: folders.map((f) => f.name),
      columns,
      rows,
      campaigns,
      generatedAt: now.toISOString(),
    };
  }

  private async update(): Promise<void> {
    this.send({ push: 'dashboardState', state: await this.state() });
  }

  protected handlers(): Handlers<DashboardRequests> {
    return {
      ready: () => this.state(),
      openAssessment: async ({ key, folder }) => {
        const shown = this.shown()[folder];
        if (!shown || !(await this.ctx.folders.require(shown)).item(key))
          throw new SreError(`no item ${key}: refresh the dashboard`, 'input');
        // A saved assessment announces itself (ctx.changes): its cell is redrawn then. Closed, the person is back
        // on the cell they opened it from.
        void AssessmentPanel.show(this.ctx, shown, key, {
          returnTo: () => {
            this.panel.reveal(undefined, false);
            this.send({ push: 'focusCell', key, folder });
          },
        });
        return null;
      },
      exportReport: async ({ format }) => {
        if (!vscode.workspace.isTrusted)
          throw new SreError('exporting writes a file, which an untrusted workspace does not allow', 'input');
        const folders = this.shown();
        const first = folders[0];
        if (!first) throw new SreError('no folder has SRE data', 'input');
        const many = folders.length > 1;
        const name = format === 'csv' ? 'maturity_matrix.csv' : many ? 'org_report.html' : FILES.htmlReport;
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(path.join(this.ctx.folders.dataDir(first), name)),
          filters: format === 'csv' ? { CSV: ['csv'] } : { HTML: ['html'] },
        });
        // Focus comes back to the page the dialog was opened from, which then puts it on the button.
        this.panel.reveal(undefined, false);
        if (!target) return { written: null };
        const now = new Date();
        const items = async () =>
          Promise.all(
            folders.map(async (f) => ({ name: f.name, items: (await this.ctx.folders.require(f)).items(now) })),
          );
        const text =
          format === 'csv'
            ? many
              ? foldersMatrixCsv(await items())
              : matrixCsv((await this.ctx.folders.require(first)).items(now))
            : many
              ? rollupHtml(await rollup(this.sources(folders), now), now)
              : maturityReportHtml(workspaceHeatmap(await this.ctx.folders.require(first), now), 'SRE Maturity Report');
        writeOutputFile(target.fsPath, text);
        void offerOpen(target, format);
        return { written: target.fsPath };
      },
    };
  }

  protected disposed(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
  }
}

/** An export says where it went and offers to open it (a page in the browser, a CSV in the editor) or show it. */
async function offerOpen(file: vscode.Uri, format: 'html' | 'csv'): Promise<void> {
  const [open, reveal] = [format === 'html' ? 'Open in Browser' : 'Open', 'Reveal in File Explorer'];
  const choice = await vscode.window.showInformationMessage(`Exported to ${file.fsPath}`, open, reveal);
  if (choice === open && format === 'html') await vscode.env.openExternal(file);
  if (choice === open && format === 'csv') await vscode.window.showTextDocument(file);
  if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', file);
}
