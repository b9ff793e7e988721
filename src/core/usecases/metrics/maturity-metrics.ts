/**
 * A workspace's maturity in the Prometheus text exposition format (or OpenMetrics), one consistent snapshot: the
 * items read once, every series from that read. Written with prom-client, which writes HELP and TYPE and escapes
 * label values; names follow Prometheus' naming guidelines (base units, `_seconds`, `_ratio` for 0–1 shares).
 *
 * Cardinality by design: counts per asset (the default) or flow, per-item series only when asked (item-series.ts,
 * keyed by the item alone). Every grouping has its own score family, so `avg` and `sum` over one family compare
 * like with like.
 */
import { Gauge, Registry, type RegistryContentType } from 'prom-client';

import { scoreOf } from '../../../shared/score';
import { type Campaign, campaignProgress } from '../../domain/campaigns';
import { type ItemView } from '../../domain/items';
import { redSince } from '../../domain/red-since';
import { DIMENSIONS, groupItems } from '../../domain/scores';
import { IDENTITY_FAMILY } from '../../integrations/prometheus/pushgateway';
import { type Granularity } from '../../settings';
import { readLevelChanges } from '../../storage/catalog';
import { type DataFiles, type DataStore, type ItemSource, type StatusSource } from '../ports';
import { dayEnd, type GaugeMaker, itemSeries, seconds, STATUS_LABEL } from './item-series';

/** Where a workspace's series come from: what tells two repositories' groups on one Pushgateway apart. */
export interface WorkspaceIdentity {
  /** The repository (its remote without credentials, else the machine and path), e.g. github.com/acme/checkout. */
  repository: string;
  /** The data folder inside it, e.g. sre. */
  folder: string;
  /** Which command wrote the series: a roll-up may delete only the groups a roll-up pushed. */
  via: 'metrics' | 'rollup';
}

export interface MetricsSource {
  /** The workspace's name: the `workspace` label of its series when several are written together (rollup). */
  name?: string;
  identity?: WorkspaceIdentity;
  ws: ItemSource & StatusSource & DataFiles & DataStore;
}

export interface MetricsOptions {
  granularity: Granularity;
  openMetrics: boolean;
  now: Date;
}

/** The family of the share of a grouping's items at target. */
export const scoreFamily = (by: (typeof DIMENSIONS)[number] | 'total') =>
  by === 'total' ? 'sre_maturity_score_ratio' : `sre_maturity_${by}_score_ratio`;

type Tally = { labels: Record<string, string>; n: number };

/** Adds one to the count kept under `labels`. */
function tally(into: Map<string, Tally>, labels: Record<string, string>) {
  const key = JSON.stringify(labels);
  const entry = into.get(key) ?? { labels, n: 0 };
  entry.n++;
  into.set(key, entry);
}

/**
 * The metrics of one workspace, or of several as one exposition with a `workspace` label (`options.workspaces`);
 * several are read one after another, so a roll-up never holds them all open.
 */
export async function maturityMetrics(
  sources: Iterable<MetricsSource> | AsyncIterable<MetricsSource>,
  options: MetricsOptions & { workspaces?: boolean },
): Promise<string> {
  // prom-client types a registry by its format: this one is chosen at run time.
  const registry = new Registry<RegistryContentType>();
  if (options.openMetrics) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const many = options.workspaces === true;
  const gauge: GaugeMaker = (name, help, labels) =>
    new Gauge({ name, help, labelNames: many ? ['workspace', ...labels] : [...labels], registers: [registry] });
  const perItem = options.granularity === 'item';
  // Counts per asset only at `asset`: at `item` the per-item series joined with their info give any breakdown.
  const perAsset = options.granularity === 'asset';
  const info = gauge(
    IDENTITY_FAMILY,
    'Where this workspace’s series come from: the repository, the data folder inside it and the command that wrote them.',
    ['repository', 'folder', 'via'],
  );
  const writeItem = perItem ? itemSeries(gauge) : undefined;
  const groupLabels = ['flow', ...(perAsset ? ['asset'] : []), 'owner', 'tier'];
  const counts = gauge('sre_maturity_items', 'Items by status.', [...groupLabels, 'status']);
  // By pillar in a family of its own: crossed with every asset, pillars would multiply the default's series by 5.
  const pillarCounts = gauge('sre_maturity_pillar_items', 'Items of each pillar by status.', ['pillar', 'status']);
  const redSinceFamily = gauge(
    'sre_maturity_red_since_timestamp_seconds',
    `Since when the ${perAsset ? 'asset' : 'flow'} has had a Red item: the earliest its Red items turned Red.`,
    groupLabels,
  );
  const writeSummaries = summarySeries(gauge);

  for await (const source of sources) {
    const ws = source.ws;
    const items = ws.items(options.now);
    const rules = ws.statusRules(options.now);
    const workspace: Record<string, string> = many ? { workspace: source.name ?? '' } : {};
    if (source.identity) {
      const { repository, folder, via } = source.identity;
      info.set({ ...workspace, repository, folder, via }, 1);
    }
    const since = redSince(items, ws.store.read(readLevelChanges), rules);
    // The evidence scan (and its formats) loads only for the per-item series, which read it.
    const goneKeys = perItem
      ? (await import('../evidence/workspace-evidence')).changedEvidence(ws)
      : new Map<string, string>();
    const [counted, byPillar] = [new Map<string, Tally>(), new Map<string, Tally>()];
    const earliestRed = new Map<string, { labels: Record<string, string>; at: number }>();
    for (const i of items) {
      const tier = i.tier === undefined ? '' : String(i.tier);
      const group = {
        ...workspace,
        flow: i.flowName,
        ...(perAsset ? { asset: i.assetName } : {}),
        owner: i.owner,
        tier,
      };
      tally(counted, { ...group, status: STATUS_LABEL[i.status] });
      tally(byPillar, { ...workspace, pillar: i.pillar, status: STATUS_LABEL[i.status] });
      const redAt = since.get(i.key);
      if (redAt !== undefined) {
        const key = JSON.stringify(group);
        const at = seconds(redAt);
        if (at < (earliestRed.get(key)?.at ?? Infinity)) earliestRed.set(key, { labels: group, at });
      }
      writeItem?.(workspace, i, { redSince: redAt, evidenceGone: goneKeys.has(i.key) || i.evidenceChanged !== null });
    }
    for (const { labels, n } of counted.values()) counts.set(labels, n);
    for (const { labels, n } of byPillar.values()) pillarCounts.set(labels, n);
    for (const { labels, at } of earliestRed.values()) redSinceFamily.set(labels, at);
    writeSummaries(workspace, items, ws.campaigns(), rules.today);
  }
  return registry.metrics();
}

/** Registers the families of shares and deadlines; the function it returns writes one workspace's. */
function summarySeries(gauge: GaugeMaker) {
  const reattest = gauge(
    'sre_maturity_reattestation_items',
    'Items whose answers are due for re-attestation (within dueSoonDays) or stale (expired, or their evidence changed).',
    ['flow', 'state'],
  );
  const scores = new Map(
    (['total', ...DIMENSIONS] as const).map((by) => [
      by,
      gauge(
        scoreFamily(by),
        by === 'total'
          ? 'Share (0-1) of in-scope items (Not applicable left out) at or above their target, as sre-tracker status.'
          : `Share (0-1) of each ${by}'s in-scope items (Not applicable left out) at or above their target, as sre-tracker status --by ${by}.`,
        by === 'total' ? [] : [by],
      ),
    ]),
  );
  const progress = gauge(
    'sre_maturity_campaign_progress_ratio',
    'Share (0-1) of a campaign’s in-scope items at its target level.',
    ['campaign'],
  );
  const due = gauge('sre_maturity_campaign_due_timestamp_seconds', 'End of a campaign’s due date.', ['campaign']);
  const campaignTarget = gauge('sre_maturity_campaign_target_level', 'The level a campaign asks for.', ['campaign']);

  return (
    workspace: Readonly<Record<string, string>>,
    items: readonly ItemView[],
    campaigns: readonly Campaign[],
    today: string,
  ): void => {
    for (const g of groupItems(items, 'flow')) {
      reattest.set({ ...workspace, flow: g.name, state: 'due' }, g.items.filter((i) => i.due).length);
      reattest.set({ ...workspace, flow: g.name, state: 'stale' }, g.items.filter((i) => i.stale).length);
    }
    for (const by of DIMENSIONS)
      for (const g of groupItems(items, by)) {
        const first = g.items[0];
        // Owner and tier as every other family labels them (owner="", tier="1"), not as status prints them.
        const label = by === 'owner' ? first?.owner : by === 'tier' ? String(first?.tier ?? '') : g.name;
        scores.get(by)?.set({ ...workspace, [by]: label ?? '' }, ratio(g.items));
      }
    scores.get('total')?.set(workspace, ratio(items));
    for (const p of campaignProgress(campaigns, items, today)) {
      const labels = { ...workspace, campaign: p.campaign.name };
      progress.set(labels, p.total ? p.done / p.total : 1);
      due.set(labels, dayEnd(p.campaign.due));
      campaignTarget.set(labels, p.campaign.targetLevel);
    }
  };
}

/** The share at target, unrounded (status rounds the same share to a percent); 1 when nothing is in scope. */
function ratio(items: readonly ItemView[]): number {
  const s = scoreOf('', items);
  return s.inScope ? s.atTarget / s.inScope : 1;
}
