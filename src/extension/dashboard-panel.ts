/** "SRE: Show Maturity Dashboard": the heatmap webview; a click on a cell opens its assessment. */
import * as vscode from 'vscode';
import { readHistory } from '../core/catalog';
import { SreError } from '../core/errors';
import { heatmap } from '../core/reports/heatmap';
import { heatmapBody } from '../core/reports/heatmap-html';
import { reportData } from '../core/reports/report-data';
import { Workspace } from '../core/workspace';
import { AssessmentPanel } from './assessment-panel';
import { Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { DASHBOARD_VALIDATORS, DashboardRequests, DashboardState, Handlers } from './protocol';
import { push, serveRequests } from './rpc-host';
import { webviewHtml, webviewOptions } from './webview-html';

export class DashboardPanel {
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: Ctx, workspace: Workspace): void {
    if (DashboardPanel.current && DashboardPanel.current.workspace === workspace) {
      DashboardPanel.current.panel.reveal();
      DashboardPanel.current.update();
      return;
    }
    DashboardPanel.current?.panel.dispose();
    DashboardPanel.current = new DashboardPanel(ctx, workspace);
  }

  /** Called after anything changed the data, so an open dashboard follows. */
  static refresh(): void {
    DashboardPanel.current?.update();
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    private readonly ctx: Ctx,
    private readonly workspace: Workspace,
  ) {
    this.panel = vscode.window.createWebviewPanel(WEBVIEW.dashboard, 'SRE Maturity Dashboard', vscode.ViewColumn.Active, webviewOptions(ctx.ext));
    this.panel.webview.html = webviewHtml(this.panel.webview, ctx.ext, 'dashboard', 'SRE Maturity Dashboard');
    this.disposables.push(
      serveRequests<DashboardRequests>(this.panel.webview, DASHBOARD_VALIDATORS, this.handlers(), ctx.log),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private state(): DashboardState {
    const now = new Date();
    const data = reportData(this.workspace, now);
    const history = this.workspace.store.read((db) => readHistory(db));
    return { html: heatmapBody(heatmap(data, history, this.workspace.statusRules(now), now), true), generatedAt: now.toISOString() };
  }

  private update(): void {
    push(this.panel.webview, { push: 'dashboardState', state: this.state() });
  }

  private handlers(): Handlers<DashboardRequests> {
    return {
      ready: async () => this.state(),
      openAssessment: async ({ key }) => {
        if (!this.workspace.items().some((i) => i.key === key)) throw new SreError(`no item ${key}: refresh the dashboard`, 'input');
        void AssessmentPanel.show(this.ctx, this.workspace, key).then(() => this.update());
        return null;
      },
    };
  }

  private dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
  }
}
