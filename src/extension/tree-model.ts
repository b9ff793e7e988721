/** What the tree shows, computed from item views without VS Code: labels, roll-ups, icons, tooltips, filters. */
import { type ItemView } from '../core/domain/items';
import { requestSummary } from '../core/domain/not-applicable';
import { mixText, provenanceMix } from '../core/domain/provenance';
import { type Dimension, groupItems } from '../core/domain/scores';
import { countStatuses, rollup, worstStatus } from '../core/domain/summary';
import { trackerName } from '../core/integrations/registry';
import { groupBy } from '../shared/group-by';
import { levelInfo } from '../shared/maturity';
import { isExempt, levelOfTarget, type Status } from '../shared/status';
import { NODE } from './ids';

export type TreeFilter = 'all' | 'red' | 'notAssessed';

export interface StatusIcon {
  id: string;
  /** A theme colour id, so the icon follows light, dark and high-contrast themes. */
  color: string | undefined;
}

/** Shapes differ as well as colours, so status reads without colour too. */
export const STATUS_ICON: Record<Status, StatusIcon> = {
  Red: { id: 'error', color: 'charts.red' },
  Amber: { id: 'warning', color: 'charts.yellow' },
  Green: { id: 'pass-filled', color: 'charts.green' },
  Done: { id: 'check-all', color: 'charts.blue' },
  'Not assessed': { id: 'circle-large-outline', color: undefined },
  'Not applicable': { id: 'circle-slash', color: 'disabledForeground' },
  'Exemption expired': { id: 'history', color: 'charts.orange' },
};

/** A tooltip line: the label is ours, the text is user data and must be shown as plain text. */
export interface TooltipLine {
  label: string;
  text: string;
}

export interface NodeData {
  id: string;
  contextValue: string;
  label: string;
  description: string;
  status: Status | undefined;
  tooltip: TooltipLine[];
  item: ItemView | undefined;
  /** Built when VS Code asks for them (a node is expanded): a 30,000-item tree is never built whole. */
  children: () => NodeData[];
  hasChildren: boolean;
  /** What a screen reader says for the node, in words, when the description abbreviates. */
  ariaLabel?: string;
  /** The keys of the items beneath a group, flow or asset node, in tree order ("Assess All" walks them). */
  itemKeys?: readonly string[];
}

const NO_CHILDREN = (): NodeData[] => [];

const FILTERS: Record<TreeFilter, (i: ItemView) => boolean> = {
  all: () => true,
  red: (i) => i.status === 'Red',
  notAssessed: (i) => i.status === 'Not assessed' || i.status === 'Exemption expired',
};

/** Exempt items stay visible (greyed) but are left out of roll-up counts. */
function counted(items: readonly ItemView[]): ItemView[] {
  return items.filter((i) => !isExempt(i.status));
}

export function levelText(item: ItemView): string {
  if (item.level === null) return 'not assessed';
  return `level ${levelOfTarget(item.level, item.target)}`;
}

/** "L2/3": the level against its target, short enough for the default sidebar width. */
function shortLevel(item: ItemView): string {
  return item.level === null ? '' : `L${item.level}${item.target === undefined ? '' : `/${item.target}`}`;
}

/** "evidence changed", "stale", "due": whether its answers still hold, in a word or two. */
function freshness(item: ItemView): string {
  if (item.evidenceChanged) return 'evidence changed';
  return item.stale ? 'stale' : item.due ? 're-attest due' : '';
}

/** A Not applicable request awaiting its second key. */
function pending(item: ItemView): string {
  return item.notApplicableRequest?.state === 'pending' ? 'N/A pending approval' : '';
}

/** `mayDecide`: whether this user may approve or reject the item's pending Not applicable request. */
export function capabilityNode(item: ItemView, idPrefix: string, mayDecide: MayDecide = () => false): NodeData {
  // The important part first ("Red · L1/3 · stale"): a narrow sidebar cuts the end off.
  const parts = [item.status, shortLevel(item), freshness(item), pending(item), item.link?.displayId ?? ''].filter(
    Boolean,
  );
  const spoken = `${item.capability.name}: ${item.status}${item.level === null ? '' : `, ${levelText(item)}`}${[
    freshness(item),
    pending(item),
  ]
    .filter(Boolean)
    .map((p) => `, ${p}`)
    .join('')}${item.link ? `, ${item.link.displayId}` : ''}`;
  // Menus show an action only where it applies: Create Story on a gap without work, Undo on what was assessed.
  const gap = item.status === 'Red' || item.status === 'Amber' || item.status === 'Exemption expired';
  const contextValue = `${
    isExempt(item.status)
      ? NODE.capabilityExempt
      : item.link
        ? NODE.capabilityWithStory
        : `${NODE.capability}${gap ? NODE.gap : ''}`
  }${item.assessedAt ? NODE.assessed : ''}${item.notApplicableRequest?.state === 'pending' && mayDecide(item) ? NODE.pending : ''}`;
  return {
    id: `${idPrefix}${item.key}`,
    contextValue,
    label: item.capability.name,
    description: parts.join(' · '),
    ariaLabel: spoken,
    status: item.status,
    tooltip: tooltipOf(item),
    item,
    children: NO_CHILDREN,
    hasChildren: false,
  };
}

export function tooltipOf(item: ItemView): TooltipLine[] {
  const lines: TooltipLine[] = [
    { label: item.capability.name, text: `${item.flowName} / ${item.assetName} · ${item.pillar}` },
    {
      label: 'Status',
      text: `${item.status}${item.level === null ? '' : `, ${levelText(item)}`}${item.stale ? ' (stale: re-assess)' : ''}`,
    },
  ];
  if (item.evidenceChanged) lines.push({ label: 'Evidence changed since the assessment', text: item.evidenceChanged });
  if (item.expiresOn)
    lines.push({
      label: item.stale ? 'Answers expired' : item.due ? 'Re-attestation due' : 'Answers hold until',
      text: item.expiresOn,
    });
  const mix = mixText(item.level, provenanceMix(item));
  if (mix) lines.push({ label: 'Where the level came from', text: mix });
  if (item.notApplicableRequest)
    lines.push({ label: 'Not applicable request', text: requestSummary(item.notApplicableRequest) });
  const current = item.level ? levelInfo(item.capability, item.level) : undefined;
  const next = levelInfo(item.capability, (item.level ?? 0) + 1);
  if (current) lines.push({ label: `Level ${current.level} (${current.name})`, text: current.criteria });
  if (next) lines.push({ label: `Next: level ${next.level} (${next.name})`, text: next.criteria });
  if (item.exemptReason)
    lines.push({
      label: 'Not applicable',
      text: `${item.exemptReason}${item.exemptUntil ? ` (review by ${item.exemptUntil})` : ''}`,
    });
  if (item.notes) lines.push({ label: 'Notes', text: item.notes });
  if (item.evidenceUrl) lines.push({ label: 'Evidence', text: item.evidenceUrl });
  if (item.assessedAt)
    lines.push({
      label: 'Last assessed',
      text: `${item.assessedAt.slice(0, 16).replace('T', ' ')} UTC by ${item.assessedBy ?? 'unknown'}`,
    });
  if (item.link)
    lines.push({
      label: trackerName(item.link.tracker),
      text: `${item.link.displayId}${item.link.state ? ` (${item.link.state})` : ''}`,
    });
  lines.push({ label: 'Key', text: item.key });
  return lines;
}

/** A node that counts its members' statuses ("1 Red · 1 Amber · 13 Not assessed"): a folder, flow, group or asset. */
export function rollupNode(
  id: string,
  contextValue: string,
  label: string,
  members: readonly ItemView[],
  children: () => NodeData[],
): NodeData {
  const kept = counted(members);
  const summary = rollup(countStatuses(kept));
  return {
    id,
    contextValue,
    label,
    description: summary,
    status: worstStatus(kept),
    tooltip: [{ label, text: summary || 'nothing to count' }],
    item: undefined,
    children,
    hasChildren: true,
    itemKeys: members.map((m) => m.key),
  };
}

export type MayDecide = (item: ItemView) => boolean;

export interface TreeOptions {
  /** The top level: flows (the default), owners, tiers or pillars. */
  groupBy?: Dimension;
  groupByPillar: boolean;
  filter: TreeFilter;
  idPrefix?: string;
  /** Whether this user may decide an item's pending Not applicable request: Approve and Reject show only then. */
  mayDecide?: MayDecide;
}

/**
 * Flows → assets → (pillars →) capabilities; a filter hides capabilities and any branch left empty. Only the
 * flows are built here, with their roll-ups over all their items; each level below is built on expansion.
 */
export function buildTree(items: readonly ItemView[], options: TreeOptions): NodeData[] {
  const prefix = options.idPrefix ?? '';
  const shown = FILTERS[options.filter];
  const leaves = (members: readonly ItemView[]) => () =>
    members.map((m) => capabilityNode(m, prefix, options.mayDecide));
  const assetNode = (
    flowKey: string,
    assetKey: string,
    all: ItemView[],
    visible: ItemView[],
    group?: string,
  ): NodeData => {
    const first = all[0];
    const name = group
      ? `${first?.flowName ?? flowKey} / ${first?.assetName ?? assetKey}`
      : (first?.assetName ?? assetKey);
    const label = first?.tier ? `${name} (tier ${first.tier})` : name;
    const children =
      options.groupByPillar && options.groupBy !== 'pillar'
        ? () => {
            const byPillar = groupBy(all, (i) => i.pillar);
            return [...groupBy(visible, (i) => i.pillar)].map(([pillar, members]) =>
              rollupNode(
                `${prefix}${flowKey}/${assetKey}#${pillar}`,
                NODE.pillar,
                pillar,
                byPillar.get(pillar) ?? [],
                leaves(members),
              ),
            );
          }
        : leaves(visible);
    const node = rollupNode(`${prefix}${group ?? ''}${flowKey}/${assetKey}`, NODE.asset, label, all, children);
    node.tooltip.push(
      { label: 'Owner', text: first?.owner || 'none' },
      { label: 'Tier', text: first?.tier ? String(first.tier) : 'none' },
      // Why some capabilities are not under it: the model asks each kind what fits it (issue 37).
      {
        label: 'Kind',
        text: first?.kind ? `${first.kind}: asked what the model gives ${first.kind} assets` : 'any: asked everything',
      },
    );
    return node;
  };
  const by = options.groupBy ?? 'flow';
  if (by !== 'flow') {
    // Owners, tiers or pillars at the top, each with its assets (named with their flow) beneath.
    return groupItems(items, by).flatMap(({ name, items: all }) => {
      const visible = all.filter(shown);
      if (visible.length === 0) return [];
      const group = `${by}:${name}|`;
      return [
        rollupNode(`${prefix}${group}`, NODE.group, name, all, () => {
          const byAsset = groupBy(all, (i) => `${i.flowKey}/${i.assetKey}`);
          return [...groupBy(visible, (i) => `${i.flowKey}/${i.assetKey}`)].map(([key, members]) => {
            const [flowKey = '', assetKey = ''] = key.split('/');
            return assetNode(flowKey, assetKey, byAsset.get(key) ?? [], members, group);
          });
        }),
      ];
    });
  }
  const flows: NodeData[] = [];
  for (const [flowKey, flowAll] of groupBy(items, (i) => i.flowKey)) {
    const flowShown = flowAll.filter(shown);
    if (flowShown.length === 0) continue;
    const flow = rollupNode(`${prefix}${flowKey}`, NODE.flow, flowAll[0]?.flowName ?? flowKey, flowAll, () => {
      const byAsset = groupBy(flowAll, (i) => i.assetKey);
      return [...groupBy(flowShown, (i) => i.assetKey)].map(([assetKey, visible]) =>
        assetNode(flowKey, assetKey, byAsset.get(assetKey) ?? [], visible),
      );
    });
    const owners = [...new Set(flowAll.map((i) => i.owner).filter(Boolean))].sort();
    flow.tooltip.push({ label: 'Owners', text: owners.join(', ') || 'none' });
    flows.push(flow);
  }
  return flows;
}
