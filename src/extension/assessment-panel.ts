/** The assessment webview: one panel per item, reused while open; resolves when the user saves, cancels or closes it. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { type ItemView } from '../core/domain/items';
import { describeError, SreError } from '../core/errors';
import { saveAssessment } from '../core/usecases/assessment';
import { type QuestionEvidence } from '../core/usecases/evidence/evidence-map';
import { markNotApplicable } from '../core/usecases/not-applicable';
import { type Workspace } from '../core/workspace';
import {
  ASSESSMENT_PARAMS,
  type AssessmentDraft,
  type AssessmentRequests,
  type EvidenceChangeView,
} from '../shared/assessment-protocol';
import { type Handlers, type PanelRestore } from '../shared/protocol';
import { currentUser } from './actor';
import { assessmentState } from './assessment-state';
import { type Ctx } from './ctx';
import { COMMAND, PREFIX, WEBVIEW } from './ids';
import { WebviewPanelBase } from './webview-panel';

/** What the page sends with a request, and what it gets back. */
type Params<K extends keyof AssessmentRequests> = Parameters<Handlers<AssessmentRequests>[K]>[0];
type Result<K extends keyof AssessmentRequests> = Awaited<ReturnType<Handlers<AssessmentRequests>[K]>>;

export type AssessmentOutcome = 'saved' | 'cancelled' | 'closed';

export interface AssessmentOpening {
  /** Assess All's place in its walk. */
  progress?: { at: number; of: number };
  /** Takes focus back to where the person opened the assessment from (a tree row, a heatmap cell) once it closes. */
  returnTo?: () => unknown;
}

/** workspaceState key: unsaved answers of panels closed without saving, by panel id (data folder + item key). */
const DRAFTS_KEY = 'sreTracker.assessmentDrafts';
const DIRTY = '● ';

export class AssessmentPanel extends WebviewPanelBase<AssessmentRequests> {
  private static readonly open = new Map<string, AssessmentPanel>();
  private readonly done: Promise<AssessmentOutcome>;
  private finish: (outcome: AssessmentOutcome) => void = () => undefined;
  /** Answers typed and not saved; undefined while the panel shows what is saved. */
  private draft: AssessmentDraft | undefined;
  private readonly title: string;

  /** Opens (or reveals) the panel for `itemKey` in `folder` and waits for its outcome. */
  static async show(
    ctx: Ctx,
    folder: vscode.WorkspaceFolder,
    itemKey: string,
    opening: AssessmentOpening = {},
  ): Promise<AssessmentOutcome> {
    const id = `${ctx.folders.dataDir(folder)}\n${itemKey}`;
    const existing = AssessmentPanel.open.get(id);
    if (existing) {
      existing.panel.reveal();
      return existing.done;
    }
    const panel = new AssessmentPanel(
      ctx,
      folder,
      itemKey,
      id,
      (await AssessmentPanel.current(ctx, folder, itemKey)).item,
      opening,
    );
    AssessmentPanel.open.set(id, panel);
    return panel.done;
  }

  /** Takes back an assessment VS Code restored after a reload; a folder or item that is gone closes it. */
  static async revive(ctx: Ctx, panel: vscode.WebviewPanel, restore: PanelRestore | undefined): Promise<void> {
    const folder = ctx.folders.all().find((f) => f.uri.toString() === restore?.folder);
    const item = folder && restore?.itemKey ? (await ctx.folders.require(folder)).item(restore.itemKey) : undefined;
    if (!folder || !item || AssessmentPanel.open.has(`${ctx.folders.dataDir(folder)}\n${item.key}`)) {
      panel.dispose();
      return;
    }
    const id = `${ctx.folders.dataDir(folder)}\n${item.key}`;
    AssessmentPanel.open.set(id, new AssessmentPanel(ctx, folder, item.key, id, item, {}, panel));
  }

  private constructor(
    ctx: Ctx,
    private readonly folder: vscode.WorkspaceFolder,
    private readonly itemKey: string,
    private readonly id: string,
    item: ItemView,
    private readonly opening: AssessmentOpening,
    restored?: vscode.WebviewPanel,
  ) {
    const { progress } = opening;
    const title = `Assess${progress ? ` ${progress.at} of ${progress.of}` : ''}: ${item.capability.name} (${item.assetName})`;
    super(ctx, { viewType: WEBVIEW.assessment, title, script: 'assessment', schemas: ASSESSMENT_PARAMS, restored });
    this.title = title;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  private drafts(): Record<string, AssessmentDraft> {
    return this.ctx.ext.workspaceState.get<Record<string, AssessmentDraft>>(DRAFTS_KEY) ?? {};
  }

  private async keepDraft(draft: AssessmentDraft | undefined): Promise<void> {
    const drafts = { ...this.drafts() };
    if (draft) drafts[this.id] = draft;
    else delete drafts[this.id];
    await this.ctx.ext.workspaceState.update(DRAFTS_KEY, drafts);
  }

  private setDraft(draft: AssessmentDraft | undefined): void {
    this.draft = draft;
    // The editor tab's dirty marker: a webview panel has none of its own.
    this.panel.title = draft ? `${DIRTY}${this.title}` : this.title;
  }

  /** The folder's workspace and the item as they are now: looked up per request, since stores reopen when settings change. */
  private static async current(
    ctx: Ctx,
    folder: vscode.WorkspaceFolder,
    itemKey: string,
  ): Promise<{ workspace: Workspace; item: ItemView }> {
    const workspace = await ctx.folders.require(folder);
    const item = workspace.item(itemKey);
    if (!item) throw new SreError(`item ${itemKey} is no longer in the workspace: run setup to refresh it`, 'input');
    return { workspace, item };
  }

  protected handlers(): Handlers<AssessmentRequests> {
    return {
      ready: async () => {
        const { workspace, item } = await this.now();
        // The page asks again each time it is shown (a hidden tab reloads): the answers typed so far come back.
        const kept = this.draft ?? this.drafts()[this.id];
        this.setDraft(kept);
        const changes = await this.evidenceChanges(workspace, item);
        const state = assessmentState(
          workspace.item(item.key) ?? item,
          workspace.statusRules(new Date()),
          await this.evidence(workspace, item),
          changes,
        );
        return {
          ...state,
          restore: { folder: this.folder.uri.toString(), itemKey: this.itemKey },
          ...(kept ? { draft: kept } : {}),
          ...(this.opening.progress ? { progress: this.opening.progress } : {}),
        };
      },
      draft: async ({ answers, notes, evidenceUrl, dirty }) => {
        this.setDraft(dirty ? { answers, notes, evidenceUrl, at: new Date().toISOString() } : undefined);
        // Kept on every change, so a window reload or a crash does not lose what was typed either.
        await this.keepDraft(this.draft);
        return null;
      },
      save: (params) => this.saveAnswers(params),
      openEvidence: (params) => this.openEvidenceFile(params),
      cancel: () => this.confirmCancel(),
      markNotApplicable: (params) => this.requestNotApplicable(params),
    };
  }

  /** The workspace and the item as they are now. */
  private now(): Promise<{ workspace: Workspace; item: ItemView }> {
    return AssessmentPanel.current(this.ctx, this.folder, this.itemKey);
  }

  private async saveAnswers({ answers, notes, evidenceUrl, fromEvidence }: Params<'save'>): Promise<Result<'save'>> {
    const { workspace, item } = await this.now();
    // Recorded from what the repository shows now, for the questions the person took from it and answered yes.
    const supported = (await this.evidence(workspace, item)).filter(
      (e) => fromEvidence[e.question] === true && answers[e.question] === true,
    );
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
    const { status } = (await this.now()).item;
    this.setDraft(undefined);
    await this.keepDraft(undefined);
    this.close('saved');
    void offerUndo(this.folder, item, `Saved ${item.capability.name} of ${item.assetName}: level ${level}, ${status}.`);
    return { level, status };
  }

  private async openEvidenceFile({ file, line }: Params<'openEvidence'>): Promise<null> {
    const { workspace, item } = await this.now();
    // Only a file the evidence names: a message cannot open anything else.
    if (!(await this.evidence(workspace, item)).some((e) => e.findings.some((f) => f.file === file)))
      throw new SreError(`${file} is not evidence for this item`, 'input');
    const at = line - 1;
    const position = new vscode.Position(at, 0);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspace.dir, file)), {
      viewColumn: vscode.ViewColumn.Beside,
      selection: new vscode.Range(position, position),
    });
    return null;
  }

  private async confirmCancel(): Promise<Result<'cancel'>> {
    if (this.draft) {
      // As VS Code asks about an unsaved file: Save first (the default), Don't Save, and its own Cancel.
      const [save, dontSave] = ['Save', "Don't Save"];
      const choice = await vscode.window.showWarningMessage(
        `Do you want to save the answers you gave for ${this.title.replace(/^Assess[^:]*: /, '')}?`,
        { modal: true, detail: "Your answers will be lost if you don't save them." },
        save,
        dontSave,
      );
      // The page saves (it knows which answers came from evidence), as Save and Ctrl+S do.
      if (choice === save) return { closed: false, save: true };
      if (choice !== dontSave) return { closed: false, save: false };
      this.setDraft(undefined);
      await this.keepDraft(undefined);
    }
    this.close('cancelled');
    return { closed: true, save: false };
  }

  private async requestNotApplicable({ reason, until }: Params<'markNotApplicable'>): Promise<null> {
    const { workspace, item } = await this.now();
    const { pending, approvers } = markNotApplicable(workspace, item, {
      reason,
      until,
      by: currentUser(),
      at: new Date(),
    });
    this.close('saved');
    if (pending)
      void vscode.window.showInformationMessage(
        `Not applicable requested for ${item.capability.name} of ${item.assetName}: it counts as before until one of ${approvers.join(', ')} approves it.`,
      );
    else void offerUndoNotApplicable(this.folder, item, until);
    return null;
  }

  /**
   * The repository's evidence for the item's questions; a scan that fails is logged and shows as none. The
   * collectors (and the YAML parser) load on first use, not with the extension.
   */
  private async evidence(workspace: Workspace, item: ItemView): Promise<QuestionEvidence[]> {
    try {
      const { itemEvidence } = await import('../core/usecases/evidence/workspace-evidence');
      return itemEvidence(workspace, item);
    } catch (e) {
      this.ctx.log.warn(`evidence for ${item.key}: ${describeError(e)}`);
      return [];
    }
  }

  /**
   * The findings the item's answers rest on that changed since its assessment, old beside new; a change seen here
   * for the first time is recorded (the item stays stale until re-assessed) and the tree told.
   */
  private async evidenceChanges(workspace: Workspace, item: ItemView): Promise<EvidenceChangeView[]> {
    try {
      const { evidenceChangesByItem, recordEvidenceChanges } =
        await import('../core/usecases/evidence/workspace-evidence');
      const changed = evidenceChangesByItem(workspace, item.key);
      if (recordEvidenceChanges(workspace, new Date(), changed).length > 0)
        this.ctx.changes.item(this.folder, item.key);
      return (changed.get(item.key) ?? []).map(({ question, was, now }) => ({
        question,
        was: { file: was.file, line: was.line, detail: was.detail },
        now: now && { file: now.file, line: now.line, detail: now.detail },
      }));
    } catch (e) {
      this.ctx.log.warn(`evidence changes for ${item.key}: ${describeError(e)}`);
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
    // Focus would otherwise fall to the page's body (issue 28.2). Assess All opens the next one instead.
    if (!this.opening.progress) void Promise.resolve(this.opening.returnTo?.()).catch(() => undefined);
    const draft = this.draft;
    if (!draft) return;
    // A closed tab cannot be kept open: its unsaved answers are kept instead, and the person says what they become.
    void this.keepDraft(draft).then(async () => {
      const reopen = 'Reopen';
      const discard = 'Discard';
      const choice = await vscode.window.showWarningMessage(
        `${this.title} was closed with unsaved answers; they are kept.`,
        reopen,
        discard,
      );
      if (choice === reopen) void AssessmentPanel.show(this.ctx, this.folder, this.itemKey);
      if (choice === discard) await this.keepDraft(undefined);
    });
  }
}

/** The saved notification, with Undo: the undo command takes the item back to the assessment before. */
async function offerUndo(folder: vscode.WorkspaceFolder, item: ItemView, message: string): Promise<void> {
  const undo = 'Undo';
  if ((await vscode.window.showInformationMessage(message, undo)) === undo) {
    await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.undoLastAssessment}`, { folder, key: item.key });
  }
}

/** Not applicable said and undoable, as a save is: Undo clears it again (Clear Not Applicable). */
async function offerUndoNotApplicable(folder: vscode.WorkspaceFolder, item: ItemView, until: string): Promise<void> {
  const undo = 'Undo';
  const message = `Marked ${item.capability.name} of ${item.assetName} Not applicable${until ? ` until ${until}` : ''}.`;
  if ((await vscode.window.showInformationMessage(message, undo)) === undo) {
    await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.clearNotApplicable}`, { folder, key: item.key });
  }
}
