/** Activation only wires: folders, tree, watchers and the command table. */
import * as vscode from 'vscode';

import { describeError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { type PanelRestore } from '../shared/protocol';
import { AssessmentPanel } from './assessment-panel';
import { registerAssistantTools, registerMcpServers } from './assistant-tools';
import { Changes } from './changes';
import { guarded } from './command-runner';
import { allCommands, WATCHED_FILES } from './commands';
import { affectsTree } from './config';
import { CsvWatch } from './csv-watch';
import { type Ctx } from './ctx';
import { DashboardPanel } from './dashboard-panel';
import { DUMP_SCHEME, DumpProvider } from './database-diff';
import { EvidenceDiagnostics } from './evidence-diagnostics';
import { Folders } from './folders';
import { CONTEXT, PREFIX, VIEW, WEBVIEW } from './ids';
import { redactingLog } from './redacting-log';
import { Secrets } from './secrets';
import { statusBarItem } from './status-bar';
import { ItemsTree } from './tree';

/** The `restore` a page kept, checked: it comes from the webview's saved state. */
function restoreOf(kept: unknown): PanelRestore | undefined {
  const restore = (kept as { restore?: unknown } | undefined)?.restore as Record<string, unknown> | undefined;
  if (!restore || typeof restore.folder !== 'string') return undefined;
  return { folder: restore.folder, ...(typeof restore.itemKey === 'string' ? { itemKey: restore.itemKey } : {}) };
}

export function activate(ext: vscode.ExtensionContext): void {
  const started = performance.now();
  const folders = new Folders();
  const changes = new Changes();
  const log = redactingLog(vscode.window.createOutputChannel('SRE Maturity Tracker', { log: true }));
  // Start-up as users feel it, for anyone looking into a slow window (the e2e run reports it).
  const onFirstRows = (count: number) =>
    log.info(`tree: first ${count} rows shown ${Math.round(performance.now() - started)} ms after activation`);
  const tree = new ItemsTree(folders, { state: ext.workspaceState, changes, onFirstRows });
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

  for (const [id, spec] of allCommands())
    ext.subscriptions.push(vscode.commands.registerCommand(`${PREFIX}.${id}`, guarded(ctx, id, spec)));

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
  log.info(`activated in ${Math.round(performance.now() - started)} ms`);
}

export function deactivate(): void {}

function debounce(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
