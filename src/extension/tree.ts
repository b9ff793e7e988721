/** The sidebar tree: folders (multi-root) → flows → assets → capabilities, refreshed on demand. */
import * as vscode from 'vscode';

import { type ItemView } from '../core/domain/items';
import { type Dimension, isDimension } from '../core/domain/scores';
import { describeError } from '../core/errors';
import { isUnmerged } from '../core/usecases/merge/merge-files';
import { mayDecideIn } from '../core/usecases/not-applicable';
import { currentUser } from './actor';
import { type Changes } from './changes';
import { nameSetting } from './config';
import { type Folders } from './folders';
import { COMMAND, CONTEXT, NODE, PREFIX } from './ids';
import { buildTree, type NodeData, rollupNode, STATUS_ICON, type TreeFilter } from './tree-model';

export interface TreeNode {
  folder: vscode.WorkspaceFolder;
  data: NodeData;
}

function markdown(lines: NodeData['tooltip']): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  lines.forEach((l, i) => {
    md.appendMarkdown(`${i > 0 ? '\n\n' : ''}**`);
    md.appendText(l.label);
    md.appendMarkdown('**: ');
    md.appendText(l.text);
  });
  return md;
}

const FILTER_KEY = `${PREFIX}.treeFilter`;
const GROUP_KEY = `${PREFIX}.treeGroupBy`;
const EXPANSION_KEY = `${PREFIX}.treeExpansion`;
/** Enough for every node a person opens by hand; the oldest are forgotten first. */
const EXPANSION_KEPT = 1000;

/** The nodes the user opened or closed against their default, by id: kept across reloads. */
interface Expansion {
  opened: string[];
  closed: string[];
}
const FILTER_LABEL: Record<TreeFilter, string> = {
  all: '',
  red: 'Filter: Red only',
  notAssessed: 'Filter: Not assessed only',
};

function isFilter(value: unknown): value is TreeFilter {
  return typeof value === 'string' && value in FILTER_LABEL;
}

/** Git left sre_data.db unmerged (a merge ran without the driver): said first, with the action that merges it. */
function conflictNode(prefix: string): NodeData {
  const text = 'git left it unmerged; click to merge it row by row (then commit)';
  return {
    id: `conflict:${prefix}`,
    contextValue: NODE.conflict,
    label: 'sre_data.db has a merge conflict',
    description: text,
    status: undefined,
    tooltip: [
      {
        label: 'Merge conflict',
        text: `${text}. "SRE: Set Up Git Merge and Diff" lets git do this by itself next time.`,
      },
    ],
    item: undefined,
    children: () => [],
    hasChildren: false,
  };
}

const VIEW_TITLE: Record<Dimension, string> = {
  flow: 'Flows',
  owner: 'Owners',
  tier: 'Tiers',
  pillar: 'Pillars',
  kind: 'Kinds',
};

export class ItemsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: TreeFilter;
  private groupBy: Dimension;
  private view: vscode.TreeView<TreeNode> | undefined;
  /** Each folder's items as last read, by folder URI: redrawing after a filter or a one-item change reads nothing. */
  private readonly items = new Map<string, ItemView[]>();
  /** Per folder URI, the keys of items changed since they were read: re-read alone when the tree next draws. */
  private readonly changedKeys = new Map<string, Set<string>>();
  private readonly state: vscode.Memento | undefined;
  private readonly expansion: Expansion;

  /** Told once, when the tree first has rows to show: how long start-up took, in the log. */
  private firstRows: ((count: number) => void) | undefined;

  /** `state` (the workspace's memento) keeps the filter across reloads; `changes` are our own writes, followed here. */
  constructor(
    private readonly folders: Folders,
    options: { state?: vscode.Memento; changes?: Changes; onFirstRows?: (count: number) => void } = {},
  ) {
    this.state = options.state;
    this.firstRows = options.onFirstRows;
    const saved = this.state?.get<unknown>(FILTER_KEY);
    this.filter = isFilter(saved) ? saved : 'all';
    const group = this.state?.get<unknown>(GROUP_KEY);
    this.groupBy = typeof group === 'string' && isDimension(group) ? group : 'flow';
    this.expansion = expansionOf(this.state?.get<unknown>(EXPANSION_KEY));
    options.changes?.onDidChange((c) => (c.folder && c.key ? this.itemChanged(c.folder, c.key) : this.refresh()));
  }

  /** Shows the active filter on the view, where the user sees it, and sets the context key its "Clear Filter" needs. */
  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    view.onDidExpandElement((e) => this.keepExpansion(e.element.data, true));
    view.onDidCollapseElement((e) => this.keepExpansion(e.element.data, false));
    this.showFilter();
  }

  /** Remembers a node opened or closed by hand, so a reload shows the tree as the user left it. */
  private keepExpansion(node: NodeData, open: boolean): void {
    const { opened, closed } = this.expansion;
    const [add, remove] = open ? [opened, closed] : [closed, opened];
    const at = remove.indexOf(node.id);
    if (at >= 0) remove.splice(at, 1);
    if (open !== expandedByDefault(node) && !add.includes(node.id)) add.push(node.id);
    if (add.length > EXPANSION_KEPT) add.splice(0, add.length - EXPANSION_KEPT);
    void this.state?.update(EXPANSION_KEY, this.expansion);
  }

  private showFilter(): void {
    if (this.view) {
      // The view is named for what its top level shows: "Flows" grouped by flow, "Tiers" by tier (issue 28.16).
      this.view.title = VIEW_TITLE[this.groupBy];
      this.view.description = FILTER_LABEL[this.filter];
      // The title bar cuts the description off at the default width: a filter also says so above the items. Before
      // set-up there are no items to filter, and a message would hide the welcome view and its Set Up button.
      const hasData = this.folders.all().some((f) => this.folders.hasData(f));
      this.view.message =
        this.filter === 'all' || !hasData
          ? undefined
          : `${FILTER_LABEL[this.filter]}: Clear Filter on the toolbar shows all.`;
    }
    void vscode.commands.executeCommand('setContext', CONTEXT.filter, this.filter);
    void vscode.commands.executeCommand('setContext', CONTEXT.groupBy, this.groupBy);
  }

  grouping(): Dimension {
    return this.groupBy;
  }

  /** Flows, owners, tiers or pillars at the top: remembered for the workspace, like the filter. */
  setGroupBy(by: Dimension): void {
    this.groupBy = by;
    void this.state?.update(GROUP_KEY, by);
    this.showFilter();
    this.fireSoon();
  }

  private pending: NodeJS.Timeout | undefined;

  /**
   * Coalesces the refreshes that follow one change (the command, the panel, the file watcher): each one makes
   * VS Code drop its tree elements, and a context menu opened meanwhile would lose its node.
   */
  refresh(): void {
    this.items.clear();
    this.changedKeys.clear();
    this.showFilter(); // set-up may have just made the data the filter applies to
    this.fireSoon();
  }

  private fireSoon(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.changed.fire(undefined), 50);
  }

  /**
   * One item changed (an assessment, an exemption, a story): the next draw re-reads that item alone and uses the
   * cached items for the rest, instead of reading and judging every item again.
   */
  itemChanged(folder: vscode.WorkspaceFolder, key: string): void {
    const id = folder.uri.toString();
    if (!this.items.has(id)) return this.fireSoon(); // nothing cached: the next draw reads everything anyway
    const keys = this.changedKeys.get(id) ?? new Set<string>();
    keys.add(key);
    this.changedKeys.set(id, keys);
    this.fireSoon();
  }

  setFilter(filter: TreeFilter): void {
    this.filter = filter;
    void this.state?.update(FILTER_KEY, filter);
    this.showFilter();
    this.fireSoon();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const d = node.data;
    const open =
      this.expansion.opened.includes(d.id) || (expandedByDefault(d) && !this.expansion.closed.includes(d.id));
    const collapsible = !d.hasChildren
      ? vscode.TreeItemCollapsibleState.None
      : open
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(d.label, collapsible);
    item.id = d.id;
    item.contextValue = d.contextValue;
    item.description = d.description;
    item.tooltip = markdown(d.tooltip);
    if (d.ariaLabel) item.accessibilityInformation = { label: d.ariaLabel };
    if (d.status) {
      const icon = STATUS_ICON[d.status];
      item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    } else if (d.contextValue === NODE.conflict) {
      item.iconPath = new vscode.ThemeIcon(
        'git-merge',
        new vscode.ThemeColor('gitDecoration.conflictingResourceForeground'),
      );
      item.command = {
        command: `${PREFIX}.${COMMAND.mergeDatabase}`,
        title: 'Merge sre_data.db Row by Row',
        arguments: [node],
      };
    } else if (d.contextValue === NODE.folder) {
      item.iconPath = new vscode.ThemeIcon(d.id.startsWith('error:') ? 'error' : 'root-folder');
    }
    if (d.item)
      item.command = {
        command: `${PREFIX}.${COMMAND.assessCapability}`,
        title: 'Assess Capability',
        arguments: [node],
      };
    return item;
  }

  /** Each drawn node's parent, by node id: what VS Code walks up when a node is revealed. */
  private readonly parents = new Map<string, TreeNode>();

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.data.id);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.childrenOf(node);
    if (!node && children.length > 0) {
      this.firstRows?.(children.length);
      this.firstRows = undefined;
    }
    for (const child of children) {
      if (node) this.parents.set(child.data.id, node);
      else this.parents.delete(child.data.id);
    }
    return children;
  }

  /**
   * Shows an item's node: expands its ancestors, selects and focuses it. An item the filter hides clears the
   * filter first, saying so; false when the item is not in the tree at all.
   */
  async reveal(folder: vscode.WorkspaceFolder, key: string, focus = true): Promise<boolean> {
    const find = async (nodes: TreeNode[]): Promise<TreeNode | undefined> => {
      for (const n of nodes) {
        if (n.folder !== folder && n.data.contextValue !== NODE.folder) continue;
        if (n.data.item?.key === key) return n;
        if (n.data.contextValue === NODE.folder ? n.folder === folder : n.data.itemKeys?.includes(key)) {
          const inner = await find(await this.getChildren(n));
          if (inner) return inner;
        }
      }
      return undefined;
    };
    let node = await find(await this.getChildren());
    if (!node && this.filter !== 'all') {
      void vscode.window.showInformationMessage(`${key} was hidden by the filter: showing all.`);
      this.setFilter('all');
      node = await find(await this.getChildren());
    }
    if (!node || !this.view) return false;
    await this.view.reveal(node, { select: true, focus, expand: true });
    return true;
  }

  private async childrenOf(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.data.children().map((data) => ({ folder: node.folder, data }));
    const folders = this.folders.all().filter((f) => this.folders.hasData(f));
    const perFolder = await Promise.all(
      folders.map(async (folder) => ({ folder, nodes: await this.folderNodes(folder, folders.length > 1) })),
    );
    if (folders.length === 1) return perFolder[0]?.nodes ?? [];
    // Each folder counts its items as a flow does, so a multi-root workspace compares at a glance.
    return Promise.all(
      perFolder.map(async ({ folder, nodes }) => {
        const data = rollupNode(
          `${folder.uri.toString()}#`,
          NODE.folder,
          folder.name,
          await this.folderItems(folder).catch(() => []),
          () => nodes.map((n) => n.data),
        );
        return { folder, data: { ...data, tooltip: [...data.tooltip, { label: 'Folder', text: folder.uri.fsPath }] } };
      }),
    );
  }

  private async folderNodes(folder: vscode.WorkspaceFolder, multiRoot: boolean): Promise<TreeNode[]> {
    const prefix = multiRoot ? `${folder.uri.toString()}#` : '';
    try {
      // git runs only in a trusted workspace: a hostile repository's config can make it run anything.
      const unmerged = vscode.workspace.isTrusted && (await isUnmerged(this.folders.dataDir(folder)));
      const conflict = unmerged ? [{ folder, data: conflictNode(prefix) }] : [];
      const items = await this.folderItems(folder);
      const ws = await this.folders.workspace(folder);
      return [
        ...conflict,
        ...buildTree(items, {
          groupBy: this.groupBy,
          groupByPillar: this.folders.config(folder).groupByPillar,
          filter: this.filter,
          idPrefix: prefix,
          mayDecide: ws && mayDecideIn(ws, currentUser()),
        }).map((data) => ({
          folder,
          data,
        })),
      ];
    } catch (e) {
      // A damaged database or a bad CSV shows in the tree itself, where the user is looking.
      const message = describeError(e, nameSetting);
      return [
        {
          folder,
          data: {
            id: `error:${prefix}`,
            contextValue: NODE.folder,
            label: 'Cannot read the SRE data',
            description: message,
            status: undefined,
            tooltip: [{ label: 'Error', text: message }],
            item: undefined,
            children: () => [],
            hasChildren: false,
          },
        },
      ];
    }
  }

  /**
   * The folder's items as the tree last read them, with the items changed since re-read alone: the tree and the
   * status bar share them, so a saved assessment costs one item's read, not the folder's.
   */
  async folderItems(folder: vscode.WorkspaceFolder): Promise<ItemView[]> {
    const id = folder.uri.toString();
    const ws = await this.folders.workspace(folder);
    const cached = this.items.get(id);
    const changed = this.changedKeys.get(id);
    this.changedKeys.delete(id);
    if (cached && ws) {
      for (const key of changed ?? []) {
        const at = cached.findIndex((i) => i.key === key);
        const fresh = ws.item(key);
        if (at >= 0 && fresh) cached[at] = fresh;
      }
      return cached;
    }
    const items = ws ? ws.items() : [];
    this.items.set(id, items);
    return items;
  }
}

/** Folders, flows and groups start open; assets (each a list of capabilities) start closed. */
function expandedByDefault(d: NodeData): boolean {
  return d.contextValue === NODE.folder || d.contextValue === NODE.flow || d.contextValue === NODE.group;
}

/** The kept expansion, checked: the memento may hold anything an older version wrote. */
function expansionOf(kept: unknown): Expansion {
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const k = (kept ?? {}) as Record<string, unknown>;
  return { opened: ids(k.opened), closed: ids(k.closed) };
}
