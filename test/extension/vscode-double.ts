/**
 * A scripted stand-in for the `vscode` module, so command handlers and the tree provider run against the real
 * core in plain Node. UI prompts take answers queued by the test; messages are recorded. The real VS Code is
 * exercised by the end-to-end suite (test/e2e). `require('vscode')` reaches it through test/helpers/vscode-module.cjs,
 * which test/run.mjs preloads, so a test file's import order does not matter.
 */
import * as path from 'node:path';

import type * as vscode from 'vscode';

/**
 * Checks the double against @types/vscode: every member a namespace double defines exists in the real API, so a
 * test cannot lean on a call VS Code does not have. (Signatures are simplified; names are not invented.)
 */
type ApiOf<T> = Partial<Record<keyof T, unknown>>;

export const recorded = {
  info: [] as string[],
  /** The buttons each information message offered. */
  infoButtons: [] as string[][],
  warnings: [] as string[],
  /** The buttons of each warning, in order (the first is the default in a modal). */
  warningButtons: [] as string[][],
  errors: [] as string[],
  /** The items of each showQuickPick, as offered. */
  quickPicks: [] as unknown[][],
  /** The buttons of each error message, in order. */
  errorButtons: [] as string[][],
  clipboard: '',
  context: {} as Record<string, unknown>,
  opened: [] as string[],
  progress: [] as string[],
  /** Input boxes' validation messages for answers they refused. */
  refused: [] as string[],
  /** The titles of progress notifications shown. */
  progressTitles: [] as string[],
  /** Commands run through vscode.commands.executeCommand, with their arguments. */
  executed: [] as unknown[][],
  /** Documents shown, as path:line when a line was selected. */
  shown: [] as string[],
  /** Status bar items created, as they are now. */
  statusBar: [] as StatusBarItemDouble[],
  /** Multi-step inputs as shown: title, "n/N", whether Back was offered, what was picked already. */
  steps: [] as {
    title: string;
    step: number | undefined;
    totalSteps: number | undefined;
    back: boolean;
    selected: string[];
    /** The item Enter would take, and an input's text, when shown. */
    active: string[];
    value: string;
  }[],
};

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export class StatusBarItemDouble {
  text = '';
  tooltip: string | undefined;
  name: string | undefined;
  command: string | undefined;
  accessibilityInformation: { label: string; role?: string } | undefined;
  backgroundColor: unknown;
  visible = false;
  disposed = false;
  constructor(readonly id: string) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
  }
}
export const answers: unknown[] = [];
export const settings: Record<string, unknown> = {};
/** Settings from the repository's .vscode/settings.json: they win over `settings` (the user's own), as in VS Code. */
export const workspaceSettings: Record<string, unknown> = {};

function next<T>(): Promise<T | undefined> {
  return Promise.resolve(answers.shift() as T | undefined);
}

export class Uri {
  private constructor(
    readonly fsPath: string,
    readonly scheme = 'file',
    readonly query = '',
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri(p);
  }
  static from(parts: { scheme: string; path: string; query?: string }): Uri {
    return new Uri(parts.path, parts.scheme, parts.query ?? '');
  }
  static parse(s: string): Uri {
    return new Uri(s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(path.join(base.fsPath, ...parts));
  }
  toString(): string {
    if (this.scheme !== 'file') return `${this.scheme}:${this.fsPath}${this.query ? `?${this.query}` : ''}`;
    return /^[a-z]+:/.test(this.fsPath) ? this.fsPath : `file://${this.fsPath}`;
  }
}

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    this.listeners.forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** A TreeView as createTreeView returns it: the title bar's texts, and expand/collapse fired as a click does. */
export class TreeViewDouble<T> {
  title: string | undefined;
  description: string | undefined;
  message: string | undefined;
  readonly revealed: { node: T; options: unknown }[] = [];
  private readonly expanded = new EventEmitter<{ element: T }>();
  private readonly collapsed = new EventEmitter<{ element: T }>();
  readonly onDidExpandElement = this.expanded.event;
  readonly onDidCollapseElement = this.collapsed.event;
  reveal(node: T, options?: unknown): Promise<void> {
    this.revealed.push({ node, options });
    return Promise.resolve();
  }
  expand(element: T): void {
    this.expanded.fire({ element });
  }
  collapse(element: T): void {
    this.collapsed.fire({ element });
  }
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(public value = '') {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(s: string): this {
    this.value += s.replace(/[\\`*_{}[\]()#+\-.!<>&|]/g, (c) => `\\${c}`);
    return this;
  }
}
export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export class TreeItem {
  id?: string;
  description?: string;
  contextValue?: string;
  tooltip?: MarkdownString;
  iconPath?: ThemeIcon;
  command?: unknown;
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

/** A webview panel the test can talk to as the webview would: `send` delivers a message, `posted` holds the answers. */
export class PanelDouble {
  readonly posted: unknown[] = [];
  html = '';
  disposed = false;
  private listener: ((m: unknown) => void) | undefined;
  private onDispose: (() => void) | undefined;
  constructor(
    readonly viewType: string,
    public title: string,
  ) {
    Object.defineProperty(this.webview, 'html', { set: (h: string) => (this.html = h), get: () => this.html });
  }
  readonly webview = {
    cspSource: 'https://csp.test',
    asWebviewUri: (u: Uri) => u,
    postMessage: (m: unknown) => (this.posted.push(m), Promise.resolve(true)),
    onDidReceiveMessage: (l: (m: unknown) => void) => ((this.listener = l), { dispose: () => undefined }),
  };
  /** Whether the tab is the one shown; a hidden webview is torn down and reloads when shown again (no retainContextWhenHidden). */
  visible = true;
  private readonly viewStateListeners: ((e: { webviewPanel: PanelDouble }) => void)[] = [];
  onDidDispose(l: () => void) {
    this.onDispose = l;
    return { dispose: () => undefined };
  }
  onDidChangeViewState(l: (e: { webviewPanel: PanelDouble }) => void) {
    this.viewStateListeners.push(l);
    return { dispose: () => undefined };
  }
  /** Another tab is brought to the front: this webview's page and its state are gone, as in VS Code. */
  hide(): void {
    this.visible = false;
    this.viewStateListeners.forEach((l) => l({ webviewPanel: this }));
  }
  reveal(): void {
    if (this.visible) return;
    this.visible = true;
    this.viewStateListeners.forEach((l) => l({ webviewPanel: this }));
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose?.();
  }
  /** Sends a message as the webview would, and waits for the host's answer to it. */
  async send(message: { id: number } & Record<string, unknown>): Promise<unknown> {
    this.listener?.(message);
    for (let i = 0; i < 100; i++) {
      const answer = this.posted.find((p) => (p as { id?: number }).id === message.id);
      if (answer) return answer;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no answer to ${JSON.stringify(message)}`);
  }
}

/** Members only tests use: the rest of PanelDouble must be vscode.WebviewPanel's. */
type TestOnly = 'posted' | 'html' | 'send' | 'hide' | 'disposed';
type Invented = Exclude<keyof PanelDouble, keyof vscode.WebviewPanel | TestOnly>;
/** Fails to compile, naming the member, when PanelDouble grows one vscode.WebviewPanel does not have. */
export const panelHasOnlyRealMembers: [Invented] extends [never] ? true : Invented = true;

export const panels: PanelDouble[] = [];

/** Webview panel serializers as registered, by view type: a test calls one as VS Code does after a reload. */
export const serializers = new Map<
  string,
  { deserializeWebviewPanel(panel: PanelDouble, state: unknown): Promise<void> }
>();

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  /** (start, end) or (startLine, startCharacter, endLine, endCharacter), as VS Code takes either. */
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c ?? 0, d ?? 0) : (b as Position);
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
}

export class Diagnostic {
  source: string | undefined;
  code: string | number | undefined;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

/** Diagnostics as the Problems panel would hold them, by file path. */
export const problems = new Map<string, Diagnostic[]>();

export const languages = {
  createDiagnosticCollection: () => ({
    set: (uri: Uri, diagnostics: Diagnostic[]) =>
      void (diagnostics.length ? problems.set(uri.fsPath, diagnostics) : problems.delete(uri.fsPath)),
    dispose: () => problems.clear(),
  }),
  registerCodeActionsProvider: () => ({ dispose: () => undefined }),
} satisfies ApiOf<typeof vscode.languages>;

export const CodeActionKind = { QuickFix: 'quickfix' };

export class CodeAction {
  diagnostics: Diagnostic[] = [];
  command: { command: string; title: string; arguments?: unknown[] } | undefined;
  constructor(
    readonly title: string,
    readonly kind: string,
  ) {}
}

export const workspace = {
  workspaceFolders: [] as { uri: Uri; name: string; index: number }[],
  isTrusted: true,
  onDidSaveTextDocument: () => ({ dispose: () => undefined }),
  // Our settings by their key under sreTracker; another section's (VS Code's http.proxy) as "http.proxy".
  getConfiguration: (section?: string) => {
    const at = (key: string) => (section && section !== 'sreTracker' ? `${section}.${key}` : key);
    return {
      get: <T>(key: string) => (workspaceSettings[at(key)] ?? settings[at(key)]) as T | undefined,
      inspect: <T>(key: string) => ({
        key,
        globalValue: settings[at(key)] as T | undefined,
        workspaceValue: workspaceSettings[at(key)] as T | undefined,
      }),
    };
  },
} satisfies ApiOf<typeof vscode.workspace>;

export const QuickInputButtons = { Back: { iconPath: 'back' } };

/** An answer that presses a step's Back button. */
export const PRESS_BACK = '<back>';

/** A createQuickPick/createInputBox double: on show() it takes the next queued answer (a label, labels, text, PRESS_BACK or undefined). */
class QuickInputDouble {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  buttons: unknown[] = [];
  ignoreFocusOut = false;
  placeholder: string | undefined;
  prompt: string | undefined;
  value = '';
  validationMessage: string | undefined;
  items: { label: string }[] = [];
  canSelectMany = false;
  selectedItems: { label: string }[] = [];
  activeItems: { label: string }[] = [];
  private readonly listeners = {
    accept: [] as (() => void)[],
    button: [] as ((b: unknown) => void)[],
    hide: [] as (() => void)[],
  };
  onDidAccept = (l: () => void) => (this.listeners.accept.push(l), { dispose: () => undefined });
  onDidTriggerButton = (l: (b: unknown) => void) => (this.listeners.button.push(l), { dispose: () => undefined });
  onDidHide = (l: () => void) => (this.listeners.hide.push(l), { dispose: () => undefined });
  onDidChangeValue = () => ({ dispose: () => undefined });
  show(): void {
    recorded.steps.push({
      title: this.title ?? '',
      step: this.step,
      totalSteps: this.totalSteps,
      back: this.buttons.length > 0,
      selected: this.selectedItems.map((i) => i.label),
      active: this.activeItems.map((i) => i.label),
      value: this.value,
    });
    const answer = answers.shift();
    setTimeout(() => {
      if (answer === undefined) this.listeners.hide.forEach((l) => l());
      else if (answer === PRESS_BACK) this.listeners.button.forEach((l) => l(QuickInputButtons.Back));
      else {
        const labels = Array.isArray(answer) ? (answer as string[]) : [String(answer)];
        this.value = String(answer);
        this.selectedItems = this.items.filter((i) => labels.includes(i.label));
        // A label matching no item is Enter on the item the step made active (or the first).
        if (this.selectedItems.length) this.activeItems = this.selectedItems;
        else if (!this.activeItems.length) this.activeItems = this.items.slice(0, 1);
        this.listeners.accept.forEach((l) => l());
      }
    }, 0);
  }
  dispose(): void {}
}

export const window = {
  createQuickPick: () => new QuickInputDouble(),
  createInputBox: () => new QuickInputDouble(),
  createStatusBarItem: (id: string) => {
    const item = new StatusBarItemDouble(id);
    recorded.statusBar.push(item);
    return item;
  },
  // As the real box does: an answer its validateInput refuses stays open (the message recorded) for the next one.
  showInputBox: async (options?: { validateInput?: (v: string) => unknown }) => {
    for (;;) {
      const answer = await next<string>();
      const problem = answer === undefined ? undefined : await options?.validateInput?.(answer);
      if (typeof problem !== 'string' || !problem) return answer;
      recorded.refused.push(problem);
    }
  },
  showQuickPick: (items: unknown) => (recorded.quickPicks.push(Array.isArray(items) ? items : []), next<unknown>()),
  showSaveDialog: () => next<Uri>(),
  showWorkspaceFolderPick: () => next<unknown>(),
  showInformationMessage: (m: string, ...rest: unknown[]) => (
    recorded.info.push(m),
    recorded.infoButtons.push(rest.filter((r): r is string => typeof r === 'string')),
    next<string>()
  ),
  showWarningMessage: (m: string, ...rest: unknown[]) => (
    recorded.warnings.push(m),
    recorded.warningButtons.push(rest.filter((r): r is string => typeof r === 'string')),
    next<string>()
  ),
  showErrorMessage: (m: string, ...rest: unknown[]) => (
    recorded.errors.push(m),
    recorded.errorButtons.push(rest.filter((r): r is string => typeof r === 'string')),
    next<string>()
  ),
  setStatusBarMessage: () => ({ dispose: () => undefined }),
  showTextDocument: (uri: Uri, options?: { selection?: Range }) => {
    recorded.shown.push(`${uri.fsPath}${options?.selection ? `:${options.selection.start.line + 1}` : ''}`);
    return Promise.resolve(undefined);
  },
  registerWebviewPanelSerializer: (
    viewType: string,
    serializer: { deserializeWebviewPanel(panel: PanelDouble, state: unknown): Promise<void> },
  ) => {
    serializers.set(viewType, serializer);
    return { dispose: () => serializers.delete(viewType) };
  },
  createWebviewPanel: (viewType: string, title: string) => {
    const panel = new PanelDouble(viewType, title);
    panels.push(panel);
    return panel;
  },
  withProgress: <T>(
    options: { title?: string },
    task: (p: { report: (v: { message?: string }) => void }, t: { onCancellationRequested: () => void }) => Promise<T>,
  ) =>
    recorded.progressTitles.push(options.title ?? '') &&
    task({ report: (v) => void recorded.progress.push(v.message ?? '') }, { onCancellationRequested: () => undefined }),
} satisfies ApiOf<typeof vscode.window>;

export enum ProgressLocation {
  Notification = 15,
}

/** What executeCommand answers for a command id (a set-secret command's true), as a registered command would. */
export const commandResults = new Map<string, unknown>();

export const commands = {
  executeCommand: (id: string, ...args: unknown[]) => {
    if (id === 'setContext') recorded.context[String(args[0])] = args[1];
    else recorded.executed.push([id, ...args]);
    return Promise.resolve(commandResults.get(id));
  },
} satisfies ApiOf<typeof vscode.commands>;

export const env = {
  clipboard: { writeText: (t: string) => ((recorded.clipboard = t), Promise.resolve()) },
  openExternal: (uri: Uri) => (recorded.opened.push(uri.toString()), Promise.resolve(true)),
} satisfies ApiOf<typeof vscode.env>;

/** Language-model tools as registered with vscode.lm.registerTool, by name. */
export const lmTools = new Map<string, vscode.LanguageModelTool<Record<string, unknown>>>();
/** MCP server definition providers as registered, by id. */
export const mcpProviders = new Map<string, { provideMcpServerDefinitions(): unknown[] }>();

/**
 * vscode.lm: registerTool as in every version of the engine range; registerMcpServerDefinitionProvider only as in
 * VS Code 1.101 and later, so a test deletes it to play an older version.
 */
export const lm: {
  readonly tools: { name: string; description: string; tags: string[] }[];
  registerTool: (name: string, tool: vscode.LanguageModelTool<Record<string, unknown>>) => { dispose(): void };
  registerMcpServerDefinitionProvider?: (
    id: string,
    provider: { provideMcpServerDefinitions(): unknown[] },
  ) => { dispose(): void };
} = {
  get tools() {
    return [...lmTools.keys()].map((name) => ({ name, description: '', tags: [] }));
  },
  registerTool: (name, tool) => (lmTools.set(name, tool), { dispose: () => lmTools.delete(name) }),
  registerMcpServerDefinitionProvider: (id, provider) => (
    mcpProviders.set(id, provider),
    { dispose: () => mcpProviders.delete(id) }
  ),
};

export class LanguageModelTextPart {
  constructor(readonly value: string) {}
}

export class LanguageModelToolResult {
  constructor(readonly content: unknown[]) {}
}

/** As VS Code 1.101 declares it: how to start a stdio MCP server. */
export class McpStdioServerDefinition {
  constructor(
    readonly label: string,
    readonly command: string,
    readonly args: string[],
    readonly env: Record<string, string> = {},
    readonly version?: string,
  ) {}
}

export function reset(folders: string[]): void {
  answers.length = 0;
  for (const key of Object.keys(workspaceSettings)) delete workspaceSettings[key];
  recorded.info = [];
  recorded.progressTitles = [];
  recorded.infoButtons = [];
  recorded.warnings = [];
  recorded.warningButtons = [];
  recorded.errorButtons = [];
  recorded.quickPicks = [];
  recorded.errors = [];
  recorded.clipboard = '';
  recorded.opened = [];
  panels.length = 0;
  recorded.progress = [];
  recorded.refused = [];
  recorded.executed = [];
  commandResults.clear();
  recorded.shown = [];
  recorded.statusBar = [];
  recorded.steps = [];
  problems.clear();
  for (const k of Object.keys(settings)) delete settings[k];
  workspace.workspaceFolders = folders.map((f, index) => ({ uri: Uri.file(f), name: path.basename(f), index }));
}
