/** Activation only wires: folders, tree, watchers and the command table. */
import * as vscode from 'vscode';

import { CancelledError, describeError, stackOf } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { type PanelRestore } from '../shared/protocol';
import { AssessmentPanel } from './assessment-panel';
import { registerAssistantTools, registerMcpServers } from './assistant-tools';
import { Changes } from './changes';
import { COMMANDS, WATCHED_FILES } from './commands';
import { affectsTree, nameSetting } from './config';
import { CsvWatch } from './csv-watch';
import { type Ctx } from './ctx';
import { DashboardPanel } from './dashboard-panel';
import { DUMP_SCHEME, DumpProvider } from './database-diff';
import { EvidenceDiagnostics } from './evidence-diagnostics';
import { failureText } from './failure-text';
import { Folders } from './folders';
import { type CommandId, CONTEXT, PREFIX, VIEW, WEBVIEW } from './ids';
import { redactingLog } from './redacting-log';
import { Secrets } from './secrets';
import { offerSettings, settingErrorKeys } from './settings-prompt';
import { statusBarItem } from './status-bar';
import { ItemsTree } from './tree';

/** The `restore` a page kept, checked: it comes from the webview's saved state. */
function restoreOf(kept: unknown): PanelRestore | undefined {
  const restore = (kept as { restore?: unknown } | undefined)?.restore as Record<string, unknown> | undefined;
  if (!restore || typeof restore.folder !== 'string') return undefined;
  return { folder: restore.folder, ...(typeof restore.itemKey === 'string' ? { itemKey: restore.itemKey } : {}) };
}

export function activate(ext: vscode.ExtensionContext): void {
  const folders = new Folders();
  const changes = new Changes();
  const tree = new ItemsTree(folders, { state: ext.workspaceState, changes });
  const log = redactingLog(vscode.window.createOutputChannel('SRE Maturity Tracker', { log: true }));
  const ctx: Ctx = { ext, folders, tree, changes, secrets: new Secrets(ext.secrets), log };
  const view = vscode.window.createTreeView(VIEW.items, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(view);
  ext.subscriptions.push(
    folders,
    changes,
    log,
    view,
    vscode.workspace.registerTextDocumentContentProvider(DUMP_SCHEME, new DumpProvider(folders)),
    statusBarItem(ctx),
    ...registerAssistantTools(ctx),
    ...registerMcpServers(ctx),
    // Panels open when the window reloads come back as they were (the page keeps what they showed).
    vscode.window.registerWebviewPanelSerializer(WEBVIEW.dashboard, {
      deserializeWebviewPanel: async (panel, kept) => DashboardPanel.revive(ctx, panel, restoreOf(kept)),
    }),
    vscode.window.registerWebviewPanelSerializer(WEBVIEW.assessment, {
      deserializeWebviewPanel: (panel, kept) => AssessmentPanel.revive(ctx, panel, restoreOf(kept)),
    }),
  );

  for (const [id, spec] of Object.entries(COMMANDS) as [CommandId, (typeof COMMANDS)[CommandId]][]) {
    const handler = spec.run(ctx);
    ext.subscriptions.push(
      vscode.commands.registerCommand(`${PREFIX}.${id}`, async (...args: unknown[]) => {
        if (spec.needsTrust && !vscode.workspace.isTrusted) {
          const manage = 'Manage Workspace Trust';
          const choice = await vscode.window.showWarningMessage(
            `"SRE: ${spec.title}" writes files or reaches your tracker and Confluence, so it is disabled in an untrusted workspace. Browsing still works.`,
            manage,
          );
          if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
          return;
        }
        try {
          await handler(...args);
        } catch (e) {
          // Cancel is the user's own choice: said, not reported as a failure.
          if (e instanceof CancelledError) {
            // Said once, in the user's words; which request stopped is for the log.
            log.info(`${spec.title}: ${e.message}`);
            void vscode.window.showInformationMessage(`SRE: ${spec.title} cancelled.`);
            return;
          }
          log.error(`${spec.title}: ${stackOf(e) ?? describeError(e, nameSetting)}`);
          // A setting at fault (missing, or refused by the server) comes with the button that opens it.
          void offerSettings(failureText(spec.title, e), settingErrorKeys(e));
        }
      }),
    );
  }

  const refresh = debounce(() => changes.all(), 300);
  const csvs = new CsvWatch(ctx);
  const evidence = new EvidenceDiagnostics(ctx);
  // Per file, after the typing stops: a save per keystroke (auto save) must not merge each one.
  const csvChanged = new Map<string, () => void>();
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  // Our own writes already refreshed the tree: only a change made elsewhere (CLI, git, another window) needs one.
  const onChange = async (uri: vscode.Uri) => {
    const folder = csvs.folderOf(uri);
    if (folder) {
      const run = csvChanged.get(uri.fsPath) ?? debounce(() => void csvs.changed(folder, uri.fsPath), 800);
      csvChanged.set(uri.fsPath, run);
      run();
    }
    if (!uri.fsPath.endsWith(FILES.db) || (await folders.changedElsewhere())) refresh();
  };
  ext.subscriptions.push(
    watcher,
    csvs,
    watcher.onDidChange(onChange),
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(refresh),
    evidence,
    vscode.workspace.onDidSaveTextDocument((d) =>
      evidence.saved(d.uri).catch((e: unknown) => log.warn(`evidence of ${d.uri.fsPath}: ${describeError(e)}`)),
    ),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, evidence, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsTree(e)) return;
      folders.reset();
      changes.all();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changes.all()),
  );
  void vscode.commands.executeCommand(
    'setContext',
    CONTEXT.hasWorkspace,
    folders.all().some((f) => folders.hasData(f)),
  );
}

export function deactivate(): void {}

function debounce(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
