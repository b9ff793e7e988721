/** Commands that show or write what the data says: reports, the dashboard, exports, Prometheus metrics. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { staleItems } from '../../core/domain/stale';
import { count } from '../../core/domain/words';
import { pageService } from '../../core/integrations/registry';
import { FILES } from '../../core/storage/data-files';
import { writeOutputFile } from '../../core/storage/output-file';
import { matrixCsv } from '../../core/usecases/matrix-export';
import { writeReports, type WrittenReports } from '../../core/usecases/reports/write-reports';
import { Workspace } from '../../core/workspace';
import { isoDay } from '../../shared/status';
import { AssessmentPanel } from '../assessment-panel';
import { type Ctx } from '../ctx';
import { DashboardPanel, type DashboardScope } from '../dashboard-panel';
import { COMMAND, type CommandId, PREFIX } from '../ids';
import { isTreeNode, offerSetUp, pickFolder, pickWorkspace } from '../item-picker';
import { copyMetrics, pushWorkspaceMetrics } from '../metrics-commands';
import { type CommandSpec } from './spec';

/** After Generate Report, the next steps: read the HTML report here, paste the page, or find the files. */
async function offerReportActions(written: WrittenReports): Promise<void> {
  const page = pageService().copy.markup;
  const [preview, copy, reveal] = ['Preview Report', `Copy ${page}`, 'Reveal in Explorer'];
  let message = `Wrote ${written.importFile ? `${path.basename(written.importFile)} (${count(written.stories, 'story', 'stories')} to import), ` : ''}${path.basename(written.pageFile)} (${count(written.data.todo.length, 'to-do item', 'to-do items')}) and maturity_report.html.`;
  // Each action leaves the others on offer: after Copy, Preview is still a click away (issue 28.14).
  for (;;) {
    const choice = await vscode.window.showInformationMessage(message, preview, copy, reveal);
    if (choice === preview && written.html) showReportPreview(written.html);
    else if (choice === copy) {
      await vscode.env.clipboard.writeText(fs.readFileSync(written.pageFile, 'utf8'));
      message = `${page.charAt(0)}${page.slice(1).toLowerCase()} copied: paste it into the page editor.`;
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

export const REPORT_COMMANDS = {
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
      const { diffDataFolder, mergeBaseWithDefault } = await import('../../core/usecases/diff/diff-workspace');
      const { diffHtml } = await import('../../core/usecases/diff/diff-report');
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
      const { changedEvidence } = await import('../../core/usecases/evidence/workspace-evidence'); // the collectors load on first use
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
} satisfies Partial<Record<CommandId, CommandSpec>>;
