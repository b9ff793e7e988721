/** "SRE: Show Maturity Dashboard": the heatmap webview; a click on a cell opens its assessment. */
import * as vscode from 'vscode';
import { readHistory } from '../core/catalog';
import { describeError, SreError, stackOf } from '../core/errors';
import { heatmap } from '../core/reports/heatmap';
import { heatmapBody } from '../core/reports/heatmap-html';
import { reportData } from '../core/reports/report-data';
import { type Workspace } from '../core/workspace';
import { AssessmentPanel } from './assessment-panel';
import { type Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { DASHBOARD_PARAMS, type DashboardRequests, type DashboardState, type Handlers } from '../shared/protocol';
import { push, serveRequests } from './rpc-host';
import { webviewHtml, webviewOptions } from './webview-html';

export class DashboardPanel {
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

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

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    private readonly ctx: Ctx,
    private readonly folder: vscode.WorkspaceFolder,
  ) {
    this.panel = vscode.window.createWebviewPanel(WEBVIEW.dashboard, 'SRE Maturity Dashboard', vscode.ViewColumn.Active, webviewOptions(ctx.ext));
    this.panel.webview.html = webviewHtml(this.panel.webview, ctx.ext, 'dashboard', 'SRE Maturity Dashboard');
    this.disposables.push(
      serveRequests<DashboardRequests>(this.panel.webview, DASHBOARD_PARAMS, this.handlers(), ctx.log),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /**
   * The folder's workspace as it is now: looked up per request, because a settings change, Refresh or Set Up
   * Workspace closes and reopens the stores while the panel stays open.
   */
  private async workspace(): Promise<Workspace> {
    const ws = await this.ctx.folders.workspace(this.folder);
    if (!ws) throw new SreError(`${this.folder.name} has no SRE data now: run "SRE: Set Up Workspace"`, 'input');
    return ws;
  }

  private async state(): Promise<DashboardState> {
    const ws = await this.workspace();
    const now = new Date();
    const data = reportData(ws, now);
    const history = ws.store.read((db) => readHistory(db));
    return { html: heatmapBody(heatmap(data, history, ws.statusRules(now), now), true), generatedAt: now.toISOString() };
  }

  private async update(): Promise<void> {
    push(this.panel.webview, { push: 'dashboardState', state: await this.state() });
  }

  private handlers(): Handlers<DashboardRequests> {
    return {
      ready: () => this.state(),
      openAssessment: async ({ key }) => {
        if (!(await this.workspace()).items().some((i) => i.key === key)) throw new SreError(`no item ${key}: refresh the dashboard`, 'input');
        void AssessmentPanel.show(this.ctx, this.folder, key).then(() => DashboardPanel.refresh());
        return null;
      },
    };
  }

  private dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
  }
}
