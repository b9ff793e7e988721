/** The command table: one factory per command id; handlers parse arguments, call core and present the result. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { isDate } from '../core/domain/dates';
import { type Dimension, DIMENSIONS } from '../core/domain/scores';
import { staleItems } from '../core/domain/stale';
import { count } from '../core/domain/words';
import { SreError } from '../core/errors';
import { checkServiceUrl } from '../core/integrations/http';
import { FILES } from '../core/storage/data-files';
import { writeOutputFile } from '../core/storage/output-file';
import { lastAssessment, undoAssessment } from '../core/usecases/assessment';
import { kindSuggestions } from '../core/usecases/evidence/evidence-report';
import { matrixCsv } from '../core/usecases/matrix-export';
import { registerGitDrivers } from '../core/usecases/merge/git-drivers';
import { resolveUnmerged } from '../core/usecases/merge/merge-files';
import {
  approversOf,
  clearNotApplicable,
  decideNotApplicable,
  markNotApplicable,
  reviewDateProblem,
} from '../core/usecases/not-applicable';
import { writeReports, type WrittenReports } from '../core/usecases/reports/write-reports';
import { Workspace } from '../core/workspace';
import { isExempt, isoDay } from '../shared/status';
import { currentUser } from './actor';
import { AssessmentPanel } from './assessment-panel';
import { showAssistantTools } from './assistant-tools';
import { askCampaign } from './campaign-wizard';
import { type Ctx } from './ctx';
import { DashboardPanel, type DashboardScope } from './dashboard-panel';
import { showDatabaseChanges } from './database-diff';
import { COMMAND, type CommandId, CONTEXT, PREFIX, VIEW } from './ids';
import { isTreeNode, offerSetUp, pickFolder, pickItem, pickWorkspace } from './item-picker';
import { copyMetrics, pushWorkspaceMetrics } from './metrics-commands';
import { runSetupWizard } from './setup-wizard';
import { createStory, runSync } from './sync-flow';
import { matchesAllWords } from './word-match';

export interface CommandSpec {
  run: (ctx: Ctx) => (...args: unknown[]) => Promise<unknown> | unknown;
  /** Writes files or reaches the network: refused in an untrusted workspace. */
  needsTrust: boolean;
  /** Shown when an untrusted workspace refuses it. */
  title: string;
}

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

/** After Generate Report, the next steps: read the HTML report here, paste the page, or find the files. */
async function offerReportActions(written: WrittenReports): Promise<void> {
  const [preview, copy, reveal] = ['Preview Report', 'Copy Confluence Markup', 'Reveal in Explorer'];
  let message = `Wrote ${written.importFile ? `${path.basename(written.importFile)} (${count(written.stories, 'story', 'stories')} to import), ` : ''}${path.basename(written.pageFile)} (${count(written.data.todo.length, 'to-do item', 'to-do items')}) and maturity_report.html.`;
  // Each action leaves the others on offer: after Copy, Preview is still a click away (issue 28.14).
  for (;;) {
    const choice = await vscode.window.showInformationMessage(message, preview, copy, reveal);
    if (choice === preview && written.html) showReportPreview(written.html);
    else if (choice === copy) {
      await vscode.env.clipboard.writeText(fs.readFileSync(written.pageFile, 'utf8'));
      message = 'Confluence markup copied: paste it into the page editor.';
      continue;
    } else if (choice === reveal)
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(written.importFile ?? written.pageFile));
    return;
  }
}

/** The HTML report in a webview: its own page, which runs no script and allows only its inline styles. */
function showReportPreview(file: string): void {
  const panel = vscode.window.createWebviewPanel(
    'sreTracker.reportPreview',
    'SRE Maturity Report',
    vscode.ViewColumn.Active,
    {
      enableScripts: false,
      localResourceRoots: [],
    },
  );
  panel.webview.html = fs.readFileSync(file, 'utf8');
}

/** The tree node's folder; else, with several folders holding data, one of them or all together ("all" as the argument chooses that). */
async function pickDashboardScope(ctx: Ctx, arg?: unknown): Promise<DashboardScope | undefined> {
  const withData = ctx.folders.all().filter((f) => ctx.folders.hasData(f));
  if (isTreeNode(arg) || withData.length < 2) return (await pickWorkspace(ctx, arg))?.folder;
  if (arg === 'all') return 'all';
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'All folders together', description: `${withData.length} folders`, scope: 'all' as const },
      ...withData.map((f) => ({ label: f.name, description: f.uri.fsPath, scope: f })),
    ],
    { title: 'Show the dashboard of' },
  );
  return picked?.scope;
}

const GROUPING_LABEL: Record<Dimension, string> = {
  flow: 'Flow',
  owner: 'Owner',
  tier: 'Tier',
  pillar: 'Pillar',
  kind: 'Kind',
};

/** Create Rally Story / Create Jira Issue: the item from the tree node or a pick, a work item in the configured tracker. */
const createWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  await createStory(ctx, picked.workspace, picked.item.key);
  ctx.changes.item(picked.folder, picked.item.key);
};

/** Open Rally Story / Open Jira Issue: the linked work item in the browser, by the link its tracker gave. */
const openWork = (ctx: Ctx) => async (arg?: unknown) => {
  const picked = await pickItem(ctx, arg);
  if (!picked) return;
  const link = picked.item.link?.url;
  if (!link)
    throw new SreError(`${picked.item.key} has no linked work item with a link yet (run a sync to learn it)`, 'input');
  checkServiceUrl(link, 'Work item link');
  await vscode.env.openExternal(vscode.Uri.parse(link));
};

/** How git runs the CLI this extension ships: VS Code's own runtime as Node (Electron needs telling), or code-server's Node. */
/** True when a credential was stored: the command that asked for it (a 401's Set … Token) then runs again. */
function storedSaid(secret: string | undefined, what: string): boolean {
  if (secret) void vscode.window.showInformationMessage(`${what} stored in VS Code secret storage.`);
  return secret !== undefined;
}

function bundledCli(ctx: Ctx): string[] {
  const program = [process.execPath, path.join(ctx.ext.extensionUri.fsPath, 'dist', 'cli.mjs')];
  return process.versions.electron ? ['ELECTRON_RUN_AS_NODE=1', ...program] : program;
}

export const COMMANDS: Record<CommandId, CommandSpec> = {
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
  generateReport: {
    title: 'Generate Report',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      // A large workspace takes seconds to open and to write: the progress shows before either (the writing holds
      // the host, so it yields once for the notification to be drawn).
      const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SRE: Writing the reports…' },
        async () => {
          await new Promise((r) => setTimeout(r, 0));
          const workspace = await ctx.folders.workspace(folder);
          return workspace && writeReports(workspace, { html: true });
        },
      );
      if (!written) return void offerSetUp();
      if (written.importFile)
        await vscode.window.showTextDocument(vscode.Uri.file(written.importFile), {
          viewColumn: vscode.ViewColumn.One,
          preview: false,
        });
      await vscode.window.showTextDocument(vscode.Uri.file(written.pageFile), {
        viewColumn: written.importFile ? vscode.ViewColumn.Two : vscode.ViewColumn.One,
        preview: false,
      });
      void offerReportActions(written);
    },
  },
  openReport: {
    title: 'Open Last Report',
    needsTrust: false,
    // The HTML report again once its notification is gone: the file Generate Report last wrote, not a new one.
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      const file = path.join(ctx.folders.dataDir(folder), FILES.htmlReport);
      if (fs.existsSync(file)) return showReportPreview(file);
      const generate = 'Generate Report';
      const choice = await vscode.window.showInformationMessage(`${folder.name} has no report yet.`, generate);
      if (choice === generate) await vscode.commands.executeCommand(`${PREFIX}.${COMMAND.generateReport}`, arg);
    },
  },
  showDashboard: {
    title: 'Show Maturity Dashboard',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const scope = await pickDashboardScope(ctx, arg);
      if (scope) DashboardPanel.show(ctx, scope);
    },
  },
  copyMetrics: {
    title: 'Copy Prometheus Metrics, Rules or Dashboard…',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen) await copyMetrics(chosen.workspace);
    },
  },
  pushMetrics: {
    title: 'Push Metrics to the Pushgateway',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen) await pushWorkspaceMetrics(ctx, chosen.workspace);
    },
  },
  setPushgatewayToken: {
    title: 'Set Pushgateway Token',
    needsTrust: false,
    run: (ctx) => async () => {
      if (await ctx.secrets.ask('pushgatewayToken'))
        void vscode.window.showInformationMessage('Pushgateway token stored in VS Code secret storage.');
    },
  },
  showAssistantTools: {
    title: 'Show AI Assistant Tools',
    needsTrust: false,
    run: (ctx) => () => showAssistantTools(ctx),
  },
  createRallyStory: { title: 'Create Rally Story', needsTrust: true, run: createWork },
  // The same command under the configured tracker's title: package.json shows one or the other by `when`.
  createJiraIssue: { title: 'Create Jira Issue', needsTrust: true, run: createWork },
  openRallyStory: { title: 'Open Rally Story', needsTrust: false, run: openWork },
  openJiraIssue: { title: 'Open Jira Issue', needsTrust: false, run: openWork },
  sync: {
    title: 'Sync Work Items and the Confluence Page',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen && (await runSync(ctx, chosen.workspace))) ctx.changes.all();
    },
  },
  showChangeImpact: {
    title: 'Show Maturity Impact of Changes',
    // git runs only in a trusted workspace: a hostile repository's config can make it run anything.
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (!chosen) return;
      const against = await vscode.window.showQuickPick(
        [
          { label: 'HEAD', description: 'the last commit', ref: 'head' as const },
          {
            label: 'The default branch',
            description: 'where this branch left it (the merge base)',
            ref: 'base' as const,
          },
        ],
        { title: 'Compare the working tree with' },
      );
      if (!against) return;
      const dir = ctx.folders.dataDir(chosen.folder);
      const { diffDataFolder, mergeBaseWithDefault } = await import('../core/usecases/diff/diff-workspace');
      const { diffHtml } = await import('../core/usecases/diff/diff-report');
      const { diff } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SRE: reading the changes…' },
        async () =>
          diffDataFolder(
            { dir, base: against.ref === 'head' ? 'HEAD' : await mergeBaseWithDefault(dir) },
            (commit, wanted) => Workspace.at(dir, chosen.workspace.settings, commit, wanted),
          ),
      );
      const title = `Maturity impact: ${chosen.folder.name}, working tree against ${against.label}`;
      const panel = vscode.window.createWebviewPanel('sreTracker.changeImpact', title, vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [],
      });
      panel.webview.html = diffHtml(diff, title);
    },
  },
  showStale: {
    title: 'Show Stale Assessments',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (!chosen) return;
      const ws = chosen.workspace;
      const { changedEvidence } = await import('../core/usecases/evidence/workspace-evidence'); // the collectors load on first use
      const now = new Date();
      const stale = [
        ...staleItems(ws.items(now), isoDay(now), changedEvidence(ws)),
        ...staleItems(ws.items(now), isoDay(now), new Map(), true),
      ];
      if (stale.length === 0) {
        void vscode.window.showInformationMessage(
          `No assessment is past or near its re-attestation date, or rests on repository evidence that changed.`,
        );
        return;
      }
      const pick = await vscode.window.showQuickPick(
        stale.map(({ item: i, why }) => ({
          label: `${i.flowName} / ${i.assetName}: ${i.capability.name}`,
          description: `assessed ${i.assessedAt?.slice(0, 10) ?? ''} by ${i.assessedBy ?? 'unknown'}`,
          detail: `${i.status}, level ${i.level ?? 0}: ${why}`,
          key: i.key,
        })),
        {
          title: `${count(stale.length, 'stale assessment')}, oldest first: pick one to re-assess`,
          matchOnDescription: true,
        },
      );
      if (pick) await AssessmentPanel.show(ctx, chosen.folder, pick.key);
    },
  },
  addCampaign: {
    title: 'Add Campaign',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      const campaign = chosen && (await askCampaign(chosen.workspace));
      if (!chosen || !campaign) return;
      chosen.workspace.addCampaign(campaign);
      ctx.changes.all(); // the dashboard shows campaigns
      void vscode.window.showInformationMessage(`Campaign "${campaign.name}" added to campaigns.csv.`);
    },
  },
  refresh: {
    title: 'Refresh',
    needsTrust: false,
    run: (ctx) => () => {
      ctx.folders.reset();
      ctx.changes.all();
    },
  },
  openModel: {
    title: 'Open Maturity Model',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (chosen) await vscode.window.showTextDocument(vscode.Uri.file(chosen.workspace.file('model')));
    },
  },
  exportCsv: {
    title: 'Export to CSV',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const chosen = await pickWorkspace(ctx, arg);
      if (!chosen) return;
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(path.join(chosen.workspace.dir, 'maturity_matrix.csv')),
        filters: { CSV: ['csv'] },
      });
      if (!target) return;
      writeOutputFile(target.fsPath, matrixCsv(chosen.workspace.items()));
      // What was written is one click away, as after a report (issue 43.13).
      const [open, reveal] = ['Open', 'Reveal in File Explorer'];
      void vscode.window
        .showInformationMessage(`Exported the maturity matrix to ${target.fsPath}`, open, reveal)
        .then(async (choice) => {
          if (choice === open) await vscode.window.showTextDocument(target);
          if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', target);
        });
    },
  },
  copyItemKey: {
    title: 'Copy Item Key',
    needsTrust: false,
    run: (ctx) => async (arg?: unknown) => {
      const picked = await pickItem(ctx, arg);
      if (picked) await vscode.env.clipboard.writeText(picked.item.key);
    },
  },
  setUpGit: {
    title: 'Set Up Git Merge and Diff for sre_data.db',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      const result = await registerGitDrivers(ctx.folders.dataDir(folder), bundledCli(ctx));
      void vscode.window.showInformationMessage(
        `${result.changed ? 'Registered' : 'Already registered'} the sre-tracker merge and diff drivers in ${result.repository}/.git/config: git merges sre_data.db row by row and diffs it as text.`,
      );
    },
  },
  mergeDatabase: {
    title: 'Merge sre_data.db Row by Row',
    needsTrust: true,
    run: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder(ctx, arg);
      if (!folder) return;
      const conflicts = await resolveUnmerged(ctx.folders.dataDir(folder));
      conflicts.forEach((c) => ctx.log.warn(`merge: ${c}`));
      ctx.folders.reset();
      ctx.changes.all();
      void vscode.window.showInformationMessage(
        `Merged sre_data.db and marked it resolved${conflicts.length ? `; ${count(conflicts.length, 'change')} made on both sides were settled (see the SRE Maturity Tracker output)` : ''}. Commit to finish the merge.`,
      );
    },
  },
  showDatabaseChanges: {
    title: 'Show sre_data.db Changes as Text',
    needsTrust: true, // runs git, which a hostile repository's config can make run anything
    run: (ctx) => async (arg?: unknown) => {
      // From the Source Control view or the Explorer: the file's own folder; else the chosen workspace folder's.
      const uri = arg instanceof vscode.Uri ? arg : (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
      if (uri instanceof vscode.Uri) return showDatabaseChanges(path.dirname(uri.fsPath));
      const folder = await pickFolder(ctx, arg);
      if (folder) await showDatabaseChanges(ctx.folders.dataDir(folder));
    },
  },
  groupTreeBy: {
    title: 'Group By…',
    needsTrust: false,
    run: (ctx) => async () => {
      const current = ctx.tree.grouping();
      const picked = await vscode.window.showQuickPick(
        DIMENSIONS.map((by) => ({ label: GROUPING_LABEL[by], description: by === current ? 'current' : '', by })),
        { title: 'Group the tree by', placeHolder: 'Flows, owners, tiers or pillars at the top' },
      );
      if (picked) ctx.tree.setGroupBy(picked.by);
    },
  },
  groupTreeByFlow: { title: 'Group by Flow', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('flow') },
  groupTreeByOwner: { title: 'Group by Owner', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('owner') },
  groupTreeByTier: { title: 'Group by Tier', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('tier') },
  groupTreeByPillar: { title: 'Group by Pillar', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('pillar') },
  groupTreeByKind: { title: 'Group by Kind', needsTrust: false, run: (ctx) => () => ctx.tree.setGroupBy('kind') },
  findItem: {
    title: 'Find Capability…',
    needsTrust: false,
    run: (ctx) => async () => {
      const folders = ctx.folders.all().filter((f) => ctx.folders.hasData(f));
      const picks = (
        await Promise.all(
          folders.map(async (folder) =>
            ((await ctx.folders.workspace(folder))?.items() ?? []).map((i) => ({
              label: i.capability.name,
              description: `${folders.length > 1 ? `${folder.name}: ` : ''}${i.flowName} / ${i.assetName}`,
              detail: `${i.status}${i.level === null ? '' : ` · level ${i.level}`}${i.stale ? ' · stale' : ''}${i.owner ? ` · ${i.owner}` : ''}`,
              folder,
              key: i.key,
            })),
          ),
        )
      ).flat();
      if (picks.length === 0) {
        void offerSetUp();
        return;
      }
      const picked = await findPick(picks);
      if (picked && !(await ctx.tree.reveal(picked.folder, picked.key)))
        void vscode.window.showWarningMessage(`${picked.key} is not in the tree.`);
    },
  },
  filterRed: { title: 'Show Only Red', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('red') },
  filterNotAssessed: {
    title: 'Show Only Not Assessed',
    needsTrust: false,
    run: (ctx) => () => ctx.tree.setFilter('notAssessed'),
  },
  clearFilter: { title: 'Clear Filter', needsTrust: false, run: (ctx) => () => ctx.tree.setFilter('all') },
  setRallyApiKey: {
    title: 'Set Rally API Key',
    needsTrust: false,
    run: (ctx) => async () => storedSaid(await ctx.secrets.ask('rallyApiKey'), 'Rally API key'),
  },
  setConfluenceToken: {
    title: 'Set Confluence API Token',
    needsTrust: false,
    run: (ctx) => async () => storedSaid(await ctx.secrets.ask('confluenceToken'), 'Confluence token'),
  },
  setJiraApiToken: {
    title: 'Set Jira API Token',
    needsTrust: false,
    run: (ctx) => async () => storedSaid(await ctx.secrets.ask('jiraApiToken'), 'Jira API token'),
  },
  clearCredentials: {
    title: 'Clear Credentials',
    needsTrust: false,
    // Asks which, then confirms: a credential removed by mistake means asking a vendor for a new one.
    run: (ctx) => async () => {
      const stored = await ctx.secrets.stored();
      if (stored.length === 0) {
        void vscode.window.showInformationMessage('No SRE credentials are stored in VS Code secret storage.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        stored.map((s) => ({ label: s.title, name: s.name })),
        {
          canPickMany: true,
          title: 'Clear Credentials',
          placeHolder: 'Tick the credentials to remove from secret storage (Space), then Enter',
        },
      );
      if (!picked) return;
      // Enter with nothing ticked is said, not a silent close that looks like it worked (issue 43.14).
      if (picked.length === 0) {
        void vscode.window.showInformationMessage('Nothing was removed: tick a credential first (Space), then Enter.');
        return;
      }
      const names = picked.map((p) => p.label).join(', ');
      const remove = 'Remove';
      const sure = await vscode.window.showWarningMessage(
        `Remove ${names} from secret storage?`,
        { modal: true, detail: 'You will be asked for them again the next time they are needed.' },
        remove,
      );
      if (sure !== remove) return;
      await ctx.secrets.clear(picked.map((p) => p.name));
      void vscode.window.showInformationMessage(`Removed ${names} from secret storage.`);
    },
  },
};

/**
 * The Find Capability picker: every typed word may match a different field (capability, flow, asset, status,
 * owner), which VS Code's own filter cannot do, so the list is filtered here and shown as it is.
 */
async function findPick<T extends vscode.QuickPickItem>(picks: readonly T[]): Promise<T | undefined> {
  const quick = vscode.window.createQuickPick<T>();
  quick.title = 'Find a capability';
  quick.placeholder = 'Type words of a capability, flow, asset, status or owner';
  quick.items = picks;
  quick.onDidChangeValue((value) => {
    quick.items = picks
      .filter((p) => matchesAllWords(value, [p.label, p.description, p.detail]))
      .map((p) => ({ ...p, alwaysShow: true }));
  });
  const picked = await new Promise<T | undefined>((resolve) => {
    quick.onDidAccept(() => resolve(quick.selectedItems[0] ?? quick.activeItems[0]));
    quick.onDidHide(() => resolve(undefined));
    quick.show();
  });
  quick.dispose();
  return picked;
}

/** Paths in the data folder that, when changed on disk, change what the tree shows. */
export const WATCHED_FILES = `**/{${[FILES.db, FILES.flows, FILES.model, FILES.targets, FILES.campaigns].join(',')}}`;
