/** "SRE: Show Maturity Dashboard": the heatmap webview; a click on a cell opens its assessment. */
import type * as vscode from 'vscode';
import { readLevelChanges } from '../core/catalog';
import { describeError, SreError, stackOf } from '../core/errors';
import { heatmap, heatmapCell } from '../core/reports/heatmap';
import { heatmapSummary } from '../core/reports/heatmap-html';
import { reportData } from '../core/reports/report-data';
import { AssessmentPanel } from './assessment-panel';
import { type Change } from './changes';
import { type Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { DASHBOARD_PARAMS, type DashboardRequests, type DashboardState, type Handlers } from '../shared/protocol';
import { WebviewPanelBase } from './webview-panel';

export class DashboardPanel extends WebviewPanelBase<DashboardRequests> {
  private static current: DashboardPanel | undefined;

  static show(ctx: Ctx, folder: vscode.WorkspaceFolder): void {
    if (DashboardPanel.current && DashboardPanel.current.folder === folder) {
      DashboardPanel.current.panel.reveal();
      DashboardPanel.refresh();
      return;
    }
    DashboardPanel.current?.panel.dispose();
    DashboardPanel.current = new DashboardPanel(ctx, folder);
  }

  /** Called after anything changed the data, so an open dashboard follows; it never throws, so it cannot fail a command. */
  static refresh(): void {
    const current = DashboardPanel.current;
    current?.update().catch((e: unknown) => current.ctx.log.error(`dashboard refresh: ${stackOf(e) ?? describeError(e)}`));
  }

  /** Follows our own changes: one changed item redraws its cell only; anything else, the whole dashboard. */
  private changed(change: Change): void {
    if (change.folder && change.folder !== this.folder) return;
    const key = change.key;
    const update = key
      ? this.ctx.folders.require(this.folder).then((ws) => {
          const item = ws.item(key);
          if (item) this.send({ push: 'dashboardCell', cell: heatmapCell(item) });
        })
      : this.update();
    update.catch((e: unknown) => this.ctx.log.error(`dashboard update: ${stackOf(e) ?? describeError(e)}`));
  }

  private constructor(
    ctx: Ctx,
    private readonly folder: vscode.WorkspaceFolder,
  ) {
    super(ctx, { viewType: WEBVIEW.dashboard, title: 'SRE Maturity Dashboard', script: 'dashboard', schemas: DASHBOARD_PARAMS });
    this.own(ctx.changes.onDidChange((c) => this.changed(c)));
  }

  private async state(): Promise<DashboardState> {
    const ws = await this.ctx.folders.require(this.folder);
    const now = new Date();
    const data = reportData(ws, now);
    const changes = ws.store.read((db) => readLevelChanges(db));
    const h = heatmap(data, changes, ws.statusRules(now), now);
    return { summaryHtml: heatmapSummary(h), columns: h.columns, rows: h.rows, generatedAt: h.generatedAt };
  }

  private async update(): Promise<void> {
    this.send({ push: 'dashboardState', state: await this.state() });
  }

  protected handlers(): Handlers<DashboardRequests> {
    return {
      ready: () => this.state(),
      openAssessment: async ({ key }) => {
        if (!(await this.ctx.folders.require(this.folder)).item(key)) throw new SreError(`no item ${key}: refresh the dashboard`, 'input');
        // A saved assessment announces itself (ctx.changes): its cell is redrawn then.
        void AssessmentPanel.show(this.ctx, this.folder, key);
        return null;
      },
    };
  }

  protected disposed(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
  }
}
