/** The assessment webview: one panel per item, reused while open; resolves when the user saves, cancels or closes it. */
import * as vscode from 'vscode';
import { exemptItem, saveAssessment } from '../core/assessment';
import { SreError } from '../core/errors';
import { ItemView, Workspace } from '../core/workspace';
import { currentUser } from './actor';
import { assessmentState } from './assessment-state';
import { Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { ASSESSMENT_VALIDATORS, AssessmentRequests, Handlers } from './protocol';
import { serveRequests } from './rpc-host';
import { webviewHtml, webviewOptions } from './webview-html';

export type AssessmentOutcome = 'saved' | 'cancelled' | 'closed';

export class AssessmentPanel {
  private static readonly open = new Map<string, AssessmentPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly done: Promise<AssessmentOutcome>;
  private finish: (outcome: AssessmentOutcome) => void = () => undefined;

  /** Opens (or reveals) the panel for `itemKey` and waits for its outcome. */
  static show(ctx: Ctx, workspace: Workspace, itemKey: string): Promise<AssessmentOutcome> {
    const id = `${workspace.dir}\n${itemKey}`;
    const existing = AssessmentPanel.open.get(id);
    if (existing) {
      existing.panel.reveal();
      return existing.done;
    }
    const panel = new AssessmentPanel(ctx, workspace, itemKey, id);
    AssessmentPanel.open.set(id, panel);
    return panel.done;
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    private readonly ctx: Ctx,
    private readonly workspace: Workspace,
    private readonly itemKey: string,
    private readonly id: string,
  ) {
    const item = this.item();
    this.panel = vscode.window.createWebviewPanel(WEBVIEW.assessment, `Assess: ${item.capability.name} (${item.assetName})`, vscode.ViewColumn.Active, webviewOptions(ctx.ext));
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.panel.webview.html = webviewHtml(this.panel.webview, ctx.ext, 'assessment', this.panel.title);
    this.disposables.push(
      serveRequests<AssessmentRequests>(this.panel.webview, ASSESSMENT_VALIDATORS, this.handlers(), ctx.log),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private item(): ItemView {
    const item = this.workspace.items().find((i) => i.key === this.itemKey);
    if (!item) throw new SreError(`item ${this.itemKey} is no longer in the workspace: run setup to refresh it`, 'input');
    return item;
  }

  private handlers(): Handlers<AssessmentRequests> {
    return {
      ready: async () => assessmentState(this.item(), this.workspace.statusRules(new Date())),
      save: async ({ answers, notes, evidenceUrl }) => {
        const item = this.item();
        const { level } = saveAssessment(this.workspace.store, { itemKey: item.key, capability: item.capability, answers, notes, evidenceUrl, by: currentUser(), at: new Date() });
        const status = this.item().status;
        this.close('saved');
        void vscode.window.setStatusBarMessage(`SRE: ${item.capability.name} of ${item.assetName} saved at level ${level} (${status})`, 5000);
        return { level, status };
      },
      cancel: async () => {
        this.close('cancelled');
        return null;
      },
      markNotApplicable: async ({ reason, until }) => {
        exemptItem(this.workspace.store, { itemKey: this.itemKey, reason, until, by: currentUser(), at: new Date() });
        this.close('saved');
        return null;
      },
    };
  }

  private close(outcome: AssessmentOutcome): void {
    this.finish(outcome);
    this.ctx.tree.refresh();
    // Let the answer reach the webview before the panel goes.
    setTimeout(() => this.panel.dispose(), 0);
  }

  private dispose(): void {
    this.finish('closed');
    AssessmentPanel.open.delete(this.id);
    this.disposables.forEach((d) => d.dispose());
  }
}
