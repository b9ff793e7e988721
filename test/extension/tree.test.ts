import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import type { Memento, TreeView } from 'vscode';

import { exemptItem, saveAssessment } from '../../src/core/usecases/assessment';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { Folders } from '../../src/extension/folders';
import { ItemsTree, type TreeNode } from '../../src/extension/tree';
import { buildTree, type NodeData } from '../../src/extension/tree-model';
import { answersForLevel } from '../../src/shared/maturity';
import { assessAtLevel, setUpWorkspace, tempDir } from '../helpers/workspace';
import { recorded, reset, settings, type TreeItem, TreeItemCollapsibleState, TreeViewDouble } from './vscode-double';

/** Workspace state in memory, as VS Code keeps it across a reload. */
function workspaceState(): { memory: Map<string, unknown>; state: Memento } {
  const memory = new Map<string, unknown>();
  const state = {
    get: (k: string) => memory.get(k),
    update: async (k: string, v: unknown) => void memory.set(k, v),
  } as unknown as Memento;
  return { memory, state };
}

async function assessed() {
  const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,web,1\nCheckout,api,2\nLogin,auth,\n' });
  const at = new Date();
  const save = (key: string, level: number, notes = '') => {
    const item = ws.items().find((i) => i.key === key);
    assert.ok(item, key);
    saveAssessment(ws.store, {
      itemKey: key,
      capability: item.capability,
      answers: answersForLevel(item.capability, level),
      notes,
      evidenceUrl: '',
      by: 'ana',
      at,
    });
  };
  save('checkout/web/monitoring-alerting', 3, 'notes with *markdown* [link](x)'); // tier 1 target 3: Green
  save('checkout/web/logging-tracing', 2); // Amber
  save('checkout/web/slis-slos', 0); // Red
  save('checkout/api/monitoring-alerting', 2); // tier 2 target 2: Green
  exemptItem(ws.store, {
    itemKey: 'checkout/api/backup-disaster-recovery',
    reason: 'stateless',
    until: '',
    by: 'ana',
    at,
  });
  return ws;
}

function find(nodes: NodeData[], id: string): NodeData | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = find(n.children(), id);
    if (inner) return inner;
  }
  return undefined;
}

describe('tree model', () => {
  it('rolls up flows and assets with counts and the worst status, leaving exempt items out of the counts', async () => {
    const ws = await assessed();
    const tree = buildTree(ws.items(), { groupByPillar: false, filter: 'all' });
    assert.deepEqual(
      tree.map((n) => n.label),
      ['Checkout', 'Login'],
    );
    const web = find(tree, 'checkout/web');
    assert.equal(web?.label, 'web (tier 1)');
    assert.equal(web?.description, '1 Red · 1 Amber · 1 Green · 12 Not assessed');
    assert.equal(web?.status, 'Red');
    const api = find(tree, 'checkout/api');
    assert.equal(api?.description, '1 Green · 13 Not assessed', 'the exempt item is not counted');
    assert.equal(find(tree, 'checkout')?.status, 'Red');
  });

  it('shows level against target, status and a tooltip with criteria, notes and who assessed', async () => {
    const ws = await assessed();
    const tree = buildTree(ws.items(), { groupByPillar: false, filter: 'all' });
    const mon = find(tree, 'checkout/web/monitoring-alerting');
    assert.equal(mon?.description, 'Green · L3/3');
    assert.equal(mon?.ariaLabel, 'Monitoring & Alerting: Green, level 3 · target 3');
    const lines = Object.fromEntries(mon?.tooltip.map((l) => [l.label, l.text]) ?? []);
    assert.equal(lines['Level 3 (Defined)'], 'Paging alerts are actionable and tied to user impact');
    assert.equal(lines['Next: level 4 (Optimized)'], 'Alert quality is reviewed and tuned continuously');
    assert.equal(lines.Notes, 'notes with *markdown* [link](x)');
    assert.match(lines['Last assessed'] ?? '', /UTC by ana$/);
    const exempt = find(tree, 'checkout/api/backup-disaster-recovery');
    assert.equal(exempt?.status, 'Not applicable');
    assert.equal(exempt?.contextValue, 'capability.exempt');
  });

  it('groups by pillar, and filters to Red or Not assessed, dropping empty branches', async () => {
    const ws = await assessed();
    const grouped = buildTree(ws.items(), { groupByPillar: true, filter: 'all' });
    assert.deepEqual(
      find(grouped, 'checkout/web')
        ?.children()
        .map((c) => c.label),
      ws.model().pillars,
    );
    assert.equal(find(grouped, 'checkout/web#Observability')?.description, '1 Amber · 1 Green');
    const red = buildTree(ws.items(), { groupByPillar: false, filter: 'red' });
    assert.deepEqual(
      red.map((n) => n.label),
      ['Checkout'],
    );
    assert.deepEqual(
      red[0]?.children().map((a) => a.children().map((c) => c.id)),
      [['checkout/web/slis-slos']],
    );
    const todo = buildTree(ws.items(), { groupByPillar: false, filter: 'notAssessed' });
    assert.equal(find(todo, 'checkout/web/monitoring-alerting'), undefined);
    assert.ok(find(todo, 'login/auth/monitoring-alerting'));
  });
});

describe('tree provider', () => {
  it('shows nothing (so the welcome view appears) in a folder without a workspace', async () => {
    reset(['/nonexistent-folder']);
    const tree = new ItemsTree(new Folders());
    assert.deepEqual(await tree.getChildren(), []);
  });

  it('shows flows of one folder at the top, with theme icons and an escaped markdown tooltip', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const tree = new ItemsTree(new Folders());
    const flows = await tree.getChildren();
    assert.deepEqual(
      flows.map((f) => f.data.label),
      ['Checkout', 'Login'],
    );
    const web = (await tree.getChildren(flows[0] as TreeNode))[0] as TreeNode;
    const mon = (await tree.getChildren(web)).find((n) => n.data.label === 'Monitoring & Alerting') as TreeNode;
    const item = tree.getTreeItem(mon) as unknown as TreeItem;
    assert.equal(item.iconPath?.id, 'pass-filled');
    assert.equal(item.iconPath?.color?.id, 'charts.green');
    assert.match(item.tooltip?.value ?? '', /notes with \\\*markdown\\\* \\\[link\\\]\\\(x\\\)/);
    assert.equal(item.contextValue, 'capability.assessed', 'Green: no Create Story; assessed: Undo');
  });

  it('redraws one changed item from its cached items, and reads everything again only on refresh', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const folders = new Folders();
    const tree = new ItemsTree(folders);
    const descriptionOf = async (flow: string, asset: string) => {
      const flows = await tree.getChildren();
      const assets = await tree.getChildren(flows.find((f) => f.data.label === flow));
      return assets.find((a) => a.data.label.startsWith(asset))?.data.description;
    };
    assert.equal(await descriptionOf('Login', 'auth'), '15 Not assessed');
    const folder = (await tree.getChildren())[0]?.folder;
    assert.ok(folder);
    assessAtLevel(ws, ['login/auth/slis-slos'], 0);
    assessAtLevel(ws, ['login/auth/on-call'], 4);
    tree.itemChanged(folder, 'login/auth/slis-slos');
    assert.equal(
      await descriptionOf('Login', 'auth'),
      '1 Red · 14 Not assessed',
      'only the item said to have changed is read again',
    );
    tree.refresh();
    assert.equal(
      await descriptionOf('Login', 'auth'),
      '1 Red · 1 Green · 13 Not assessed',
      'a refresh reads every item',
    );
  });

  it("groups by owner, tier or pillar at the top, remembered, said in the view description, and Assess All walks a group's assets", async () => {
    const ws = await setUpWorkspace({
      flowsCsv: 'flow,asset,owner,tier\nCheckout,web,team-web,1\nCheckout,api,team-pay,2\nLogin,auth,team-pay,\n',
    });
    reset([ws.dir]);
    const { state } = workspaceState();
    const view = new TreeViewDouble<TreeNode>() as unknown as TreeView<TreeNode>;
    const tree = new ItemsTree(new Folders(), { state });
    tree.attach(view);
    tree.setGroupBy('owner');
    assert.deepEqual([view.title, view.description], ['Owners', ''], 'the view is named for its grouping');
    const owners = await tree.getChildren();
    assert.deepEqual(
      owners.map((o) => [o.data.label, o.data.description]),
      [
        ['team-pay', '30 Not assessed'],
        ['team-web', '15 Not assessed'],
      ],
    );
    const assets = await tree.getChildren(owners[0]);
    assert.deepEqual(
      assets.map((a) => a.data.label),
      ['Checkout / api (tier 2)', 'Login / auth'],
    );
    assert.equal(assets[0]?.data.itemKeys?.[0], 'checkout/api/monitoring-alerting');
    const tip = Object.fromEntries(assets[0]?.data.tooltip.map((l) => [l.label, l.text]) ?? []);
    assert.deepEqual(
      [tip.Owner, tip.Tier, tip.Kind],
      ['team-pay', '2', 'any: asked everything'],
      'an asset tells its owner, tier and kind',
    );
    tree.setGroupBy('flow');
    const checkout = (await tree.getChildren())[0];
    assert.equal(checkout?.data.tooltip.find((l) => l.label === 'Owners')?.text, 'team-pay, team-web');
    tree.setGroupBy('owner');
    const again = new ItemsTree(new Folders(), { state });
    assert.deepEqual(
      (await again.getChildren()).map((o) => o.data.label),
      ['team-pay', 'team-web'],
      'remembered for the workspace',
    );
    again.setGroupBy('pillar');
    const pillars = await again.getChildren();
    assert.equal(pillars[0]?.data.label, ws.model().pillars[0]);
    const firstAsset = (await again.getChildren(pillars[0]))[0];
    assert.ok(
      (firstAsset?.data.itemKeys ?? []).every((k) => ws.item(k)?.pillar === ws.model().pillars[0]),
      'a pillar holds only its capabilities',
    );
    again.setGroupBy('tier');
    assert.deepEqual(
      (await again.getChildren()).map((o) => o.data.label),
      ['no tier', 'tier 1', 'tier 2'],
    );
  });

  it('says once when it first has rows, for the start-up time in the log (issue 44)', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const told: number[] = [];
    const tree = new ItemsTree(new Folders(), { onFirstRows: (n) => told.push(n) });
    await tree.getChildren();
    await tree.getChildren();
    assert.deepEqual(told, [2], 'Checkout and Login, told once');
  });

  it('shows one node per set-up folder in a multi-root workspace', async () => {
    const a = await assessed();
    const b = await setUpWorkspace();
    reset([a.dir, b.dir, '/no-data-here']);
    const roots = await new ItemsTree(new Folders()).getChildren();
    assert.equal(roots.length, 2);
    assert.deepEqual(
      roots[1]?.data.children().map((c) => c.label),
      ['Checkout', 'Login'],
    );
    // Each folder row counts its items as a flow row does (issue 43.14).
    const flows = (root: (typeof roots)[number] | undefined) => root?.data.children() ?? [];
    const total = (root: (typeof roots)[number] | undefined) =>
      flows(root).reduce((n, f) => n + (f.itemKeys?.length ?? 0), 0);
    assert.equal(roots[0]?.data.itemKeys?.length, total(roots[0]));
    assert.match(roots[0]?.data.description ?? '', /^\d+ Red · .*\d+ Not assessed$/);
    assert.equal(roots[1]?.data.description, `${total(roots[1])} Not assessed`);
  });

  it('groups by pillar when the setting says so', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    settings.groupByPillar = true;
    const tree = new ItemsTree(new Folders());
    const web = (await tree.getChildren((await tree.getChildren())[0]))[0] as TreeNode;
    assert.equal((await tree.getChildren(web))[0]?.data.contextValue, 'pillar');
  });

  it('shows a damaged database as an error node instead of failing', async () => {
    const ws = await setUpWorkspace();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(ws.file('db'), 'garbage that is not sqlite');
    reset([ws.dir]);
    const nodes = await new ItemsTree(new Folders()).getChildren();
    assert.equal(nodes[0]?.data.label, 'Cannot read the SRE data');
    assert.match(nodes[0]?.data.description ?? '', /is not an SQLite database/);
    assert.equal(recorded.errors.length, 0);
  });

  it('keeps the filter across a reload (workspace state) and shows it on the view', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const { state } = workspaceState();
    const view = new TreeViewDouble<TreeNode>() as unknown as TreeView<TreeNode>;
    const first = new ItemsTree(new Folders(), { state });
    first.attach(view);
    assert.equal(view.description, '');
    first.setFilter('red');
    assert.equal(view.description, 'Filter: Red only');
    const reloaded = new ItemsTree(new Folders(), { state });
    const reloadedView = new TreeViewDouble<TreeNode>() as unknown as TreeView<TreeNode>;
    reloaded.attach(reloadedView);
    assert.equal(reloadedView.description, 'Filter: Red only');
    assert.equal(recorded.context['sreTracker.filter'], 'red');
    const flows = await reloaded.getChildren();
    assert.deepEqual(
      flows.map((f) => f.data.label),
      ['Checkout'],
      'only the flow with a Red item is shown',
    );
  });
});

describe('keeping the place (issue 43.15)', () => {
  it('a node opened or closed by hand is drawn the same way after a reload', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const { memory, state } = workspaceState();
    const first = new ItemsTree(new Folders(), { state });
    const view = new TreeViewDouble<TreeNode>();
    first.attach(view as unknown as TreeView<TreeNode>);
    const [checkout, login] = await first.getChildren();
    const [web] = await first.getChildren(checkout);
    assert.ok(checkout && login && web);
    const drawn = (tree: ItemsTree, node: TreeNode) => tree.getTreeItem(node).collapsibleState;
    assert.equal(drawn(first, web), TreeItemCollapsibleState.Collapsed, 'an asset starts closed');
    view.expand(web);
    view.collapse(login);

    const reloaded = new ItemsTree(new Folders(), { state });
    reloaded.attach(new TreeViewDouble<TreeNode>() as unknown as TreeView<TreeNode>);
    const [checkout2, login2] = await reloaded.getChildren();
    const [web2, api2] = await reloaded.getChildren(checkout2);
    assert.ok(checkout2 && login2 && web2 && api2);
    assert.equal(drawn(reloaded, web2), TreeItemCollapsibleState.Expanded, 'the asset opened by hand');
    assert.equal(drawn(reloaded, api2), TreeItemCollapsibleState.Collapsed, 'its sibling as it was');
    assert.equal(drawn(reloaded, login2), TreeItemCollapsibleState.Collapsed, 'the flow closed by hand');
    assert.equal(drawn(reloaded, checkout2), TreeItemCollapsibleState.Expanded);

    // Back to its default: nothing is kept for it.
    view.collapse(web);
    view.expand(login);
    assert.deepEqual(memory.get('sreTracker.treeExpansion'), { opened: [], closed: [] });
  });
});

describe('before set-up (issue 28.9)', () => {
  it('a filter picked before the folder is set up never hides the welcome view, and shows once there is data', async () => {
    const dir = tempDir();
    reset([dir]);
    const view = new TreeViewDouble<TreeNode>() as unknown as TreeView<TreeNode>;
    const tree = new ItemsTree(new Folders());
    tree.attach(view);
    tree.setFilter('red');
    assert.equal(view.message, undefined, 'no message: the welcome view and its Set Up button stay');
    assert.deepEqual(await tree.getChildren(), []);
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset\nCheckout,web\n');
    await setupWorkspace({ dir });
    tree.refresh();
    assert.match(view.message ?? '', /^Filter: Red only/);
  });
});

describe('find and reveal', () => {
  it('reveals an item with its ancestors for VS Code to expand, clearing a filter that hides it and saying so', async () => {
    const ws = await assessed();
    reset([ws.dir]);
    const double = new TreeViewDouble<TreeNode>();
    const { revealed } = double;
    const view = double as unknown as TreeView<TreeNode>;
    const tree = new ItemsTree(new Folders());
    tree.attach(view);
    tree.setFilter('red');
    assert.equal(view.description, 'Filter: Red only');
    assert.equal(view.message, 'Filter: Red only: Clear Filter on the toolbar shows all.', 'said above the items too');
    const folder = new Folders().all()[0]!;
    assert.equal(await tree.reveal(folder, 'checkout/api/monitoring-alerting'), true);
    assert.match(
      recorded.info.at(-1) ?? '',
      /checkout\/api\/monitoring-alerting was hidden by the filter: showing all/,
    );
    assert.equal(view.description, '', 'the filter is off, and the view says so');
    assert.equal(view.message, undefined);
    const [{ node, options }] = revealed as [{ node: TreeNode; options: unknown }];
    assert.equal(node.data.item?.key, 'checkout/api/monitoring-alerting');
    assert.deepEqual(options, { select: true, focus: true, expand: true });
    const chain: string[] = [];
    for (let n: TreeNode | undefined = tree.getParent(node); n; n = tree.getParent(n)) chain.push(n.data.label);
    assert.deepEqual(chain, ['api (tier 2)', 'Checkout'], 'VS Code walks up these to expand them');
    assert.equal(await tree.reveal(folder, 'no/such/item'), false);
  });
});
