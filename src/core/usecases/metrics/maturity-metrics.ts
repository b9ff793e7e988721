/**
 * A workspace's maturity in the Prometheus text exposition format (or OpenMetrics), one consistent snapshot: the
 * items read once, every series from that read. Written with prom-client, which writes HELP and TYPE and escapes
 * label values; names follow Prometheus' naming guidelines (base units, `_seconds`, `_timestamp_seconds`).
 */
import { Gauge, Registry, type RegistryContentType } from 'prom-client';

import { scoreOf } from '../../../shared/score';
import { type Status } from '../../../shared/status';
import { campaignProgress } from '../../domain/campaigns';
import { type ItemView } from '../../domain/items';
import { DIMENSIONS, groupItems } from '../../domain/scores';
import { type Granularity } from '../../settings';
import { changedEvidence } from '../evidence/workspace-evidence';
import { type DataFiles, type DataStore, type ItemSource, type StatusSource } from '../ports';

/** The `status` label's values: lower case, one word, as Prometheus label values usually are. */
export const STATUS_LABEL: Record<Status, string> = {
  Red: 'red',
  Amber: 'amber',
  Green: 'green',
  'Not assessed': 'not_assessed',
  'Not applicable': 'not_applicable',
  // An exemption past its review date is still Not applicable; its expiry series says it is due.
  'Exemption expired': 'not_applicable',
  Done: 'done',
};

export interface MetricsSource {
  /** The workspace's name: the `workspace` label of its series when several are written together (rollup). */
  name?: string;
  ws: ItemSource & StatusSource & DataFiles & DataStore;
}

export interface MetricsOptions {
  granularity: Granularity;
  openMetrics: boolean;
  now: Date;
}

const ITEM_LABELS = ['flow', 'asset', 'capability', 'pillar', 'owner', 'tier'] as const;
const seconds = (iso: string) => Date.parse(iso) / 1000;
const dayEnd = (day: string) => Date.parse(`${day}T23:59:59Z`) / 1000;

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
  const withWorkspace = <L extends readonly string[]>(labels: L) =>
    (many ? ['workspace', ...labels] : [...labels]) as string[];
  const gauge = (name: string, help: string, labels: readonly string[]) =>
    new Gauge({ name, help, labelNames: withWorkspace(labels), registers: [registry] });
  const perItem = options.granularity === 'item';
  const level = perItem
    ? gauge(
        'sre_maturity_level',
        'Maturity level an item reached (0-4), with its status; items never assessed have no series.',
        [...ITEM_LABELS, 'status'],
      )
    : undefined;
  const target = perItem
    ? gauge('sre_maturity_target_level', 'Level an item should reach for its tier (targets.csv).', ITEM_LABELS)
    : undefined;
  const assessed = perItem
    ? gauge('sre_maturity_assessment_timestamp_seconds', 'When an item was last assessed.', ITEM_LABELS)
    : undefined;
  const expiry = perItem
    ? gauge(
        'sre_maturity_exemption_expiry_timestamp_seconds',
        'End of the review date of an item marked Not applicable; an exemption without one has no series.',
        ITEM_LABELS,
      )
    : undefined;
  const gone = perItem
    ? gauge(
        'sre_maturity_evidence_gone',
        '1 when repository evidence an assessment was based on is no longer found.',
        ITEM_LABELS,
      )
    : undefined;
  const answersExpiry = perItem
    ? gauge(
        'sre_maturity_answers_expiry_timestamp_seconds',
        'End of the day an item’s answers expire and must be re-attested (reattest_days, else staleAfterDays).',
        ITEM_LABELS,
      )
    : undefined;
  const reattest = gauge(
    'sre_maturity_reattestation_items',
    'Items whose answers are due for re-attestation (within dueSoonDays) or stale (expired, or their evidence changed).',
    ['flow', 'state'],
  );
  const countLabels = [
    'flow',
    ...(options.granularity === 'asset' ? ['asset'] : []),
    'owner',
    'tier',
    'pillar',
    'status',
  ];
  const counts = gauge('sre_maturity_items', 'Items by status.', countLabels);
  const score = gauge(
    'sre_maturity_score',
    'Percent (0-100) of in-scope items (Not applicable left out) at or above their target, as sre-tracker status --by.',
    ['by', 'group'],
  );
  const progress = gauge(
    'sre_maturity_campaign_progress',
    'Share (0-1) of a campaign’s in-scope items at its target level.',
    ['campaign'],
  );
  const due = gauge('sre_maturity_campaign_due_timestamp_seconds', 'End of a campaign’s due date.', ['campaign']);
  const campaignTarget = gauge('sre_maturity_campaign_target_level', 'The level a campaign asks for.', ['campaign']);

  for await (const source of sources) {
    const ws = source.ws;
    const items = ws.items(options.now);
    const workspace: Record<string, string> = many ? { workspace: source.name ?? '' } : {};
    const itemLabels = (i: ItemView) => ({
      ...workspace,
      flow: i.flowName,
      asset: i.assetName,
      capability: i.capability.name,
      pillar: i.pillar,
      owner: i.owner,
      tier: i.tier === undefined ? '' : String(i.tier),
    });
    const goneKeys = perItem ? changedEvidence(ws) : new Map<string, string>();
    const tally = new Map<string, { labels: Record<string, string>; n: number }>();
    for (const i of items) {
      const labels = itemLabels(i);
      if (i.level !== null) level?.set({ ...labels, status: STATUS_LABEL[i.status] }, i.level);
      if (i.target !== undefined) target?.set(labels, i.target);
      if (i.assessedAt) assessed?.set(labels, seconds(i.assessedAt));
      if (i.exemptReason && i.exemptUntil) expiry?.set(labels, dayEnd(i.exemptUntil));
      if (goneKeys.has(i.key) || i.evidenceChanged !== null) gone?.set(labels, 1);
      if (i.expiresOn) answersExpiry?.set(labels, dayEnd(i.expiresOn));
      const counted: Record<string, string> = {
        ...workspace,
        flow: i.flowName,
        ...(options.granularity === 'asset' ? { asset: i.assetName } : {}),
        owner: i.owner,
        tier: labels.tier,
        pillar: i.pillar,
        status: STATUS_LABEL[i.status],
      };
      const key = JSON.stringify(counted);
      const entry = tally.get(key) ?? { labels: counted, n: 0 };
      entry.n++;
      tally.set(key, entry);
    }
    for (const { labels, n } of tally.values()) counts.set(labels, n);
    for (const g of groupItems(items, 'flow')) {
      reattest.set({ ...workspace, flow: g.name, state: 'due' }, g.items.filter((i) => i.due).length);
      reattest.set({ ...workspace, flow: g.name, state: 'stale' }, g.items.filter((i) => i.stale).length);
    }
    for (const by of DIMENSIONS)
      for (const g of groupItems(items, by))
        score.set({ ...workspace, by, group: g.name }, scoreOf(g.name, g.items).score);
    score.set({ ...workspace, by: 'total', group: 'total' }, scoreOf('total', items).score);
    const campaigns = ws.campaigns();
    for (const p of campaignProgress(campaigns, items, ws.statusRules(options.now).today)) {
      const labels = { ...workspace, campaign: p.campaign.name };
      progress.set(labels, p.total ? p.done / p.total : 1);
      due.set(labels, dayEnd(p.campaign.due));
      campaignTarget.set(labels, p.campaign.targetLevel);
    }
  }
  return registry.metrics();
}
