/** Commands that set up a workspace and record, undo or exempt an assessment. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { isDate } from '../../core/domain/dates';
import { count } from '../../core/domain/words';
import { FILES } from '../../core/storage/data-files';
import { lastAssessment, undoAssessment } from '../../core/usecases/assessment';
import {
  approversOf,
  clearNotApplicable,
  decideNotApplicable,
  markNotApplicable,
  reviewDateProblem,
} from '../../core/usecases/not-applicable';
import { type Workspace } from '../../core/workspace';
import { isExempt } from '../../shared/status';
import { currentUser } from '../actor';
import { AssessmentPanel } from '../assessment-panel';
import { type Ctx } from '../ctx';
import { COMMAND, type CommandId, CONTEXT, PREFIX, VIEW } from '../ids';
import { isTreeNode, pickItem, pickWorkspace } from '../item-picker';
import { runSetupWizard } from '../setup-wizard';
import { type CommandSpec } from './spec';

/**
 * Which assessment to undo: the one named by the saved notification ({folder, key}) or the tree node; else the
 * folder's latest, after the person confirms which it is.
 */
async function undoTarget(
  ctx: Ctx,
  arg?: unknown,
): Promise<{ folder: vscode.WorkspaceFolder; workspace: Workspace; key: string } | undefined> {
  const named =
    typeof arg === 'object' && arg !== null && 'key' in arg && 'folder' in arg && !isTreeNode(arg)
      ? (arg as { folder: vscode.WorkspaceFolder; key: unknown })
      : undefined;
  if (named && typeof named.key === 'string') {
    const workspace = await ctx.folders.require(named.folder);
    return { folder: named.folder, workspace, key: named.key };
  }
  const chosen = await pickWorkspace(ctx, arg);
  if (!chosen) return undefined;
  if (isTreeNode(arg) && arg.data.item) return { ...chosen, key: arg.data.item.key };
  const last = lastAssessment(chosen.workspace.store);
  if (!last) {
    void vscode.window.showInformationMessage('There is no assessment to undo in this workspace.');
    return undefined;
  }
  const undo = 'Undo';
  const choice = await vscode.window.showWarningMessage(
    `Undo the assessment of ${last.itemKey} (level ${last.level ?? '-'}, by ${last.by} at ${last.at.slice(0, 16).replace('T', ' ')} UTC)?`,
    { modal: true, detail: 'The item goes back to the assessment before it; the history keeps both.' },
    undo,
  );
  return choice === undo ? { ...chosen, key: last.itemKey } : undefined;
}

export const ASSESSMENT_COMMANDS = {
  setUpWorkspace: {
    title: 'Set Up Workspace',
    needsTrust: true,
    run: (ctx) => async () => {
      const folder = await ctx.folders.pick(false);
      if (!folder) {
        void vscode.window.showWarningMessage('Open a folder first: the SRE data lives in a workspace folder.');
        return;
      }
      const dir = ctx.folders.dataDir(folder);
      const result = await runSetupWizard(
        dir,
        ctx.folders.config(folder).settings.storyNameTemplate,
        ctx.ext.workspaceState,
      );
      if (!result) return;
      ctx.folders.reset();
      ctx.changes.all();
      await vscode.commands.executeCommand('setContext', CONTEXT.hasWorkspace, true);
      // Started from the welcome view, focus would be left on nothing: the new tree is where the user goes next.
      await vscode.commands.executeCommand(`${VIEW.items}.focus`);
      const kept = result.kept.length
        ? ` ${count(result.kept.length, 'assessed item')} no longer in the CSVs ${result.kept.length === 1 ? 'was' : 'were'} kept.`
        : '';
      // Assets already in flows.csv with folders of their own: what their files say they are (issue 37).
      // The evidence scan (and its formats) loads only here, not with the extension.
      const { kindSuggestions } = await import('../../core/usecases/evidence/evidence-report');
      const suggested = kindSuggestions(await ctx.folders.require(folder));
      const kinds = suggested.length
        ? ` Their files suggest a kind for ${count(suggested.length, 'asset')} (${suggested.join(', ')}): add it in the kind column of flows.csv.`
        : '';
      // The next step is offered, not left to be guessed (issue 28.19).
      const [assess, dashboard, flows] = ['Assess a Capability', 'Open Dashboard', 'Open flows.csv'];
      const next = await vscode.window.showInformationMessage(
        `SRE workspace ${result.dbCreated ? 'created' : 'updated'} in ${dir}: ${count(result.flows, 'flow')}, ${count(result.assets, 'asset')}, ${count(result.items, 'item')} (${result.itemsAdded} new).${kept}${kinds}`,
        ...(suggested.length ? [flows] : []),
        assess,
        dashboard,
      );
      if (next === assess) await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.findItem}`);
      if (next === dashboard) await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.showDashboard}`);
      if (next === flows) await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, FILES.flows)));
    },
  },
  undoLastAssessment: {
    title: 'Undo Last Assessment',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const target = await undoTarget(ctx, arg);
      if (!target) return;
      const { level } = undoAssessment(target.workspace.store, {
        itemKey: target.key,
        by: currentUser(),
        at: new Date(),
      });
      ctx.changes.item(target.folder, target.key);
      void vscode.window.showInformationMessage(
        `Undid the last assessment of ${target.key}: ${level === null ? 'back to not assessed' : `back to level ${level}`}. Undo again to restore it.`,
      );
    },
  },
  assessCapability: {
    title: 'Assess Capability',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (!picked) return;
      // Opened from a tree row: focus goes back to that row when the assessment closes.
      const returnTo = isTreeNode(arg) ? () => ctx.tree.reveal(picked.folder, picked.item.key, true) : undefined;
      await AssessmentPanel.show(ctx, picked.folder, picked.item.key, { returnTo });
    },
  },
  assessAll: {
    title: 'Assess All Capabilities',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (!chosen || !isTreeNode(arg)) return;
      // The items beneath the node, in tree order, leaving out the exempt ones.
      const beneath = new Set(arg.data.itemKeys ?? []);
      const keys = chosen.workspace
        .items()
        .filter((i) => beneath.has(i.key) && !isExempt(i.status))
        .map((i) => i.key);
      for (const [n, key] of keys.entries()) {
        // The tree follows the walk, so the person sees where they are; the panel keeps the focus.
        void ctx.tree.reveal(chosen.folder, key, false);
        const outcome = await AssessmentPanel.show(ctx, chosen.folder, key, {
          progress: { at: n + 1, of: keys.length },
        });
        if (outcome === 'closed') {
          void vscode.window.showInformationMessage(`Assess All stopped after ${n} of ${keys.length} capabilities.`);
          return;
        }
      }
    },
  },
  markNotApplicable: {
    title: 'Mark Not Applicable…',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (!picked) return;
      const reason = await vscode.window.showInputBox({
        title: `Not applicable: ${picked.item.capability.name} of ${picked.item.assetName}`,
        prompt: 'Why does this capability not apply? (required)',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'A reason is required'),
      });
      if (!reason) return;
      const approved = approversOf(picked.workspace) !== undefined;
      const until = await vscode.window.showInputBox({
        title: 'Review date',
        prompt:
          'After this date the item needs assessing again. Required where approvers decide or targets.csv limits it; else empty for none.',
        placeHolder: 'YYYY-MM-DD',
        ignoreFocusOut: true,
        // Every rule the mark applies, checked as the person types: a refusal after the box closed lost the reason.
        validateInput: (v) =>
          v.trim() && !isDate(v.trim())
            ? 'Use a real date, YYYY-MM-DD, or leave empty'
            : reviewDateProblem(picked.workspace, picked.item, v, approved, new Date()),
      });
      if (until === undefined) return;
      const { pending, approvers } = markNotApplicable(picked.workspace, picked.item, {
        reason,
        until,
        by: currentUser(),
        at: new Date(),
      });
      ctx.changes.item(picked.folder, picked.item.key);
      if (pending) {
        void vscode.window.showInformationMessage(
          `Not applicable requested for ${picked.item.key}: it counts as before until one of ${approvers.join(', ')} approves it.`,
        );
        return;
      }
      // Said, with the way back, as the assessment panel does.
      const undo = 'Undo';
      const choice = await vscode.window.showInformationMessage(
        `Marked ${picked.item.key} Not applicable${until.trim() ? ` until ${until.trim()}` : ''}: it no longer counts in scores.`,
        undo,
      );
      const marked = picked.workspace.item(picked.item.key);
      if (choice !== undo || !marked) return;
      clearNotApplicable(picked.workspace, marked, { by: currentUser(), at: new Date(), reason: 'undone' });
      ctx.changes.item(picked.folder, picked.item.key);
      void vscode.window.showInformationMessage(`${picked.item.key} counts again, as before.`);
    },
  },
  clearNotApplicable: {
    title: 'Clear Not Applicable',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (!picked) return;
      const reason = await vscode.window.showInputBox({
        title: `Why does ${picked.item.capability.name} apply to ${picked.item.assetName} again?`,
        prompt: 'Kept in the history (required where approvers decide).',
        ignoreFocusOut: true,
      });
      if (reason === undefined) return;
      clearNotApplicable(picked.workspace, picked.item, { by: currentUser(), at: new Date(), reason });
      ctx.changes.item(picked.folder, picked.item.key);
      void vscode.window.showInformationMessage(`${picked.item.key} is no longer Not applicable: it counts again.`);
    },
  },
  approveNotApplicable: {
    title: 'Approve Not Applicable',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (!picked) return;
      const r = picked.item.notApplicableRequest;
      const yes = await vscode.window.showInformationMessage(
        `Approve Not applicable for ${picked.item.key}${r ? ` until ${r.until || 'no review date'}, requested by ${r.requestedBy}: "${r.reason}"` : ''}?`,
        { modal: true },
        'Approve',
      );
      if (yes !== 'Approve') return;
      decideNotApplicable(picked.workspace, picked.item, { by: currentUser(), at: new Date(), approve: true });
      ctx.changes.item(picked.folder, picked.item.key);
    },
  },
  rejectNotApplicable: {
    title: 'Reject Not Applicable…',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (!picked) return;
      const reason = await vscode.window.showInputBox({
        title: `Why does ${picked.item.capability.name} apply to ${picked.item.assetName}?`,
        prompt: 'The requester sees this in the history.',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'A reason is required'),
      });
      if (!reason) return;
      decideNotApplicable(picked.workspace, picked.item, { by: currentUser(), at: new Date(), approve: false, reason });
      ctx.changes.item(picked.folder, picked.item.key);
    },
  },
} satisfies Partial<Record<CommandId, CommandSpec>>;
