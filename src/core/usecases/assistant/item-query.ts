/**
 * Items as an assistant asks for them: filtered by names (matched like the CLI's flags, with near matches on a
 * typo), tier, status, campaign and staleness, and summarised as plain data.
 */
import { type Status } from '../../../shared/status';
import { inScope } from '../../domain/campaigns';
import { pickName } from '../../domain/item-lookup';
import { type ItemView } from '../../domain/items';
import { capabilityFor, notForKind } from '../../domain/kinds';
import { mixText, provenanceMix } from '../../domain/provenance';
import { inputError } from '../../errors';
import { type ItemSource } from '../ports';

export const STATUS_FILTERS = ['red', 'amber', 'green', 'not-assessed', 'not-applicable', 'done'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The statuses each filter word stands for: an expired exemption is still Not applicable, due for review. */
const STATUSES_OF: Record<StatusFilter, readonly Status[]> = {
  red: ['Red'],
  amber: ['Amber'],
  green: ['Green'],
  'not-assessed': ['Not assessed'],
  'not-applicable': ['Not applicable', 'Exemption expired'],
  done: ['Done'],
};

export interface ItemFilter {
  flow?: string;
  asset?: string;
  owner?: string;
  tier?: number;
  /** The asset kind (flows.csv's `kind`). */
  kind?: string;
  pillar?: string;
  capability?: string;
  status?: StatusFilter;
  campaign?: string;
  stale?: boolean;
  /** Due for re-attestation within the dueSoonDays window. */
  due?: boolean;
}

const distinct = (values: readonly string[]) => [...new Set(values)];

/** The items `filter` selects; a name that matches nothing is an error naming the argument and its near matches. */
export function filterItems(ws: ItemSource, items: readonly ItemView[], filter: ItemFilter): ItemView[] {
  const named = (argument: keyof ItemFilter, typed: string | undefined, names: readonly string[]) =>
    typed === undefined ? undefined : pickName(argument, typed, distinct(names));
  const flow = named(
    'flow',
    filter.flow,
    items.map((i) => i.flowName),
  );
  const inFlow = flow === undefined ? items : items.filter((i) => i.flowName === flow);
  const asset = named(
    'asset',
    filter.asset,
    inFlow.map((i) => i.assetName),
  );
  const owner = named('owner', filter.owner, items.map((i) => i.owner).filter(Boolean));
  const kind = named('kind', filter.kind, items.map((i) => i.kind).filter(Boolean));
  const model = ws.model();
  const pillar = named('pillar', filter.pillar, model.pillars);
  const capability = named(
    'capability',
    filter.capability,
    model.capabilities.map((c) => c.name),
  );
  const campaigns = ws.campaigns(model);
  const campaignName = named(
    'campaign',
    filter.campaign,
    campaigns.map((c) => c.name),
  );
  const campaign = campaigns.find((c) => c.name === campaignName);
  if (filter.tier !== undefined && !items.some((i) => i.tier === filter.tier))
    throw inputError(
      `tier: no asset has tier ${filter.tier} (tiers in use: ${distinct(items.flatMap((i) => (i.tier === undefined ? [] : [String(i.tier)]))).join(', ') || 'none'})`,
    );
  const statuses = filter.status && STATUSES_OF[filter.status];
  return inFlow.filter(
    (i) =>
      (asset === undefined || i.assetName === asset) &&
      (owner === undefined || i.owner === owner) &&
      (kind === undefined || i.kind === kind) &&
      (filter.tier === undefined || i.tier === filter.tier) &&
      (pillar === undefined || i.pillar === pillar) &&
      (capability === undefined || i.capability.name === capability) &&
      (!statuses || statuses.includes(i.status)) &&
      (!campaign || inScope(campaign, i)) &&
      (filter.stale === undefined || i.stale === filter.stale) &&
      (filter.due === undefined || i.due === filter.due),
  );
}

/** One item as plain data: what a list shows. */
export function itemSummary(i: ItemView) {
  return {
    key: i.key,
    flow: i.flowName,
    asset: i.assetName,
    capability: i.capability.name,
    pillar: i.pillar,
    owner: i.owner,
    tier: i.tier ?? null,
    kind: i.kind || null,
    level: i.level,
    target: i.target ?? null,
    status: i.status,
    stale: i.stale,
    due: i.due,
    expiresOn: i.expiresOn,
    evidenceChanged: i.evidenceChanged,
    provenance: mixText(i.level, provenanceMix(i)) || null,
    notApplicableRequest: i.notApplicableRequest && {
      state: i.notApplicableRequest.state,
      requestedBy: i.notApplicableRequest.requestedBy,
      decidedBy: i.notApplicableRequest.decidedBy ?? null,
    },
    assessedAt: i.assessedAt,
    assessedBy: i.assessedBy,
    link: i.link && { id: i.link.displayId, url: i.link.url, state: i.link.state, done: i.link.done },
  };
}

export type ItemSummary = ReturnType<typeof itemSummary>;

/** The one item three names pick, each matched like a filter. */
export function findItem(ws: ItemSource, flow: string, asset: string, capability: string): ItemView {
  const items = ws.items();
  const found = filterItems(ws, items, { flow, asset, capability });
  const item = found[0];
  if (item) return item;
  // Not in any list because the model leaves it out for the asset's kind: say so, not "no item".
  const sibling = filterItems(ws, items, { flow, asset })[0];
  const modelled = ws.model().capabilities.find(
    (c) =>
      c.name ===
      pickName(
        'capability',
        capability,
        ws.model().capabilities.map((m) => m.name),
      ),
  );
  if (sibling && modelled && !capabilityFor(modelled, sibling.kind))
    throw inputError(
      `${sibling.flowName} / ${sibling.assetName} / ${modelled.name} is not applicable by the model: ${notForKind(modelled, sibling.kind)}`,
    );
  throw inputError(`no item for flow "${flow}", asset "${asset}", capability "${capability}"`);
}
