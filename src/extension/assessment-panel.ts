/** The assessment webview: one panel per item, reused while open; resolves when the user saves, cancels or closes it. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exemptItem, saveAssessment } from '../core/assessment';
import { describeError, SreError } from '../core/errors';
import { type QuestionEvidence } from '../core/evidence/evidence-map';
import { type ItemView, type Workspace } from '../core/workspace';
import { currentUser } from './actor';
import { assessmentState } from './assessment-state';
import { type Ctx } from './ctx';
import { WEBVIEW } from './ids';
import { ASSESSMENT_PARAMS, type AssessmentRequests, type Handlers } from '../shared/protocol';
import { WebviewPanelBase } from './webview-panel';

export type AssessmentOutcome = 'saved' | 'cancelled' | 'closed';

export class AssessmentPanel extends WebviewPanelBase<AssessmentRequests> {
  private static readonly open = new Map<string, AssessmentPanel>();
  private readonly done: Promise<AssessmentOutcome>;
  private finish: (outcome: AssessmentOutcome) => void = () => undefined;

  /** Opens (or reveals) the panel for `itemKey` in `folder` and waits for its outcome. */
  static async show(ctx: Ctx, folder: vscode.WorkspaceFolder, itemKey: string): Promise<AssessmentOutcome> {
    const id = `${ctx.folders.dataDir(folder)}\n${itemKey}`;
    const existing = AssessmentPanel.open.get(id);
    if (existing) {
      existing.panel.reveal();
      return existing.done;
    }
    const panel = new AssessmentPanel(ctx, folder, itemKey, id, (await AssessmentPanel.current(ctx, folder, itemKey)).item);
    AssessmentPanel.open.set(id, panel);
    return panel.done;
  }

  private constructor(
    ctx: Ctx,
    private readonly folder: vscode.WorkspaceFolder,
    private readonly itemKey: string,
    private readonly id: string,
    item: ItemView,
  ) {
    super(ctx, {
      viewType: WEBVIEW.assessment,
      title: `Assess: ${item.capability.name} (${item.assetName})`,
      script: 'assessment',
      schemas: ASSESSMENT_PARAMS,
    });
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** The folder's workspace and the item as they are now: looked up per request, since stores reopen when settings change. */
  private static async current(ctx: Ctx, folder: vscode.WorkspaceFolder, itemKey: string): Promise<{ workspace: Workspace; item: ItemView }> {
    const workspace = await ctx.folders.require(folder);
    const item = workspace.item(itemKey);
    if (!item) throw new SreError(`item ${itemKey} is no longer in the workspace: run setup to refresh it`, 'input');
    return { workspace, item };
  }

  protected handlers(): Handlers<AssessmentRequests> {
    const now = () => AssessmentPanel.current(this.ctx, this.folder, this.itemKey);
    return {
      ready: async () => {
        const { workspace, item } = await now();
        return assessmentState(item, workspace.statusRules(new Date()), await this.evidence(workspace, item));
      },
      save: async ({ answers, notes, evidenceUrl, fromEvidence }) => {
        const { workspace, item } = await now();
        // Recorded from what the repository shows now, for the questions the person took from it and answered yes.
        const supported = (await this.evidence(workspace, item)).filter((e) => fromEvidence[e.question] === true && answers[e.question] === true);
        const { level } = saveAssessment(workspace.store, {
          itemKey: item.key,
          capability: item.capability,
          answers,
          notes,
          evidenceUrl,
          by: currentUser(),
          at: new Date(),
          fromEvidence: supported,
        });
        const { status } = (await now()).item;
        this.close('saved');
        void vscode.window.setStatusBarMessage(`SRE: ${item.capability.name} of ${item.assetName} saved at level ${level} (${status})`, 5000);
        return { level, status };
      },
      openEvidence: async ({ file, line }) => {
        const { workspace, item } = await now();
        // Only a file the evidence names: a message cannot open anything else.
        if (!(await this.evidence(workspace, item)).some((e) => e.findings.some((f) => f.file === file)))
          throw new SreError(`${file} is not evidence for this item`, 'input');
        const at = Math.max(0, Number(line) - 1);
        const position = new vscode.Position(at, 0);
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspace.dir, file)), {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(position, position),
        });
        return null;
      },
      cancel: async () => {
        this.close('cancelled');
        return null;
      },
      markNotApplicable: async ({ reason, until }) => {
        const { workspace } = await now();
        exemptItem(workspace.store, { itemKey: this.itemKey, reason, until, by: currentUser(), at: new Date() });
        this.close('saved');
        return null;
      },
    };
  }

  /**
   * The repository's evidence for the item's questions; a scan that fails is logged and shows as none. The
   * collectors (and the YAML parser) load on first use, not with the extension.
   */
  private async evidence(workspace: Workspace, item: ItemView): Promise<QuestionEvidence[]> {
    try {
      const { itemEvidence } = await import('../core/evidence/workspace-evidence');
      return itemEvidence(workspace, item);
    } catch (e) {
      this.ctx.log.warn(`evidence for ${item.key}: ${describeError(e)}`);
      return [];
    }
  }

  private close(outcome: AssessmentOutcome): void {
    this.finish(outcome);
    if (outcome === 'saved') this.ctx.changes.item(this.folder, this.itemKey);
    // Let the answer reach the webview before the panel goes.
    setTimeout(() => this.panel.dispose(), 0);
  }

  protected disposed(): void {
    this.finish('closed');
    AssessmentPanel.open.delete(this.id);
  }
}
