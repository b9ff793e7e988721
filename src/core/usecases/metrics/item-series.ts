/**
 * The per-item series (`--granularity item`), keyed by the item alone as kube-state-metrics keys its objects: what
 * describes an item is one info series to join with `group_left`, so a changed status, owner or tier ends no
 * level's history.
 */
import { type Gauge } from 'prom-client';

import { type Status } from '../../../shared/status';
import { type ItemView } from '../../domain/items';

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

export const seconds = (iso: string) => Date.parse(iso) / 1000;
/** The end of a day (YYYY-MM-DD) in seconds: a date is due until it is over. */
export const dayEnd = (day: string) => Date.parse(`${day}T23:59:59Z`) / 1000;

export type GaugeMaker = (name: string, help: string, labels: readonly string[]) => Gauge;

/** What the item's own record does not say: since when it is Red, and whether its evidence is gone. */
export interface ItemFacts {
  redSince: string | undefined;
  evidenceGone: boolean;
}

/** Registers the per-item families; the function it returns writes one item's series. */
export function itemSeries(gauge: GaugeMaker) {
  const one = (name: string, help: string, labels: readonly string[] = []) => gauge(name, help, ['item', ...labels]);
  const info = one(
    'sre_maturity_item_info',
    'What an item is: join it on item with group_left to label the other per-item series.',
    ['flow', 'asset', 'capability', 'pillar', 'owner', 'tier'],
  );
  const level = one(
    'sre_maturity_item_level',
    'Maturity level an item reached (0-4); items never assessed have no series.',
  );
  const target = one('sre_maturity_item_target_level', 'Level an item should reach for its tier (targets.csv).');
  const status = one(
    'sre_maturity_item_status',
    'An item’s status: 1 on the series of its current status, and no series for the others.',
    ['status'],
  );
  const answersExpiry = one(
    'sre_maturity_item_answers_expiry_timestamp_seconds',
    'End of the day an item’s answers expire and must be re-attested (reattest_days, else staleAfterDays).',
  );
  const exemptionExpiry = one(
    'sre_maturity_item_exemption_expiry_timestamp_seconds',
    'End of the review date of an item marked Not applicable; an exemption without one has no series.',
  );
  const gone = one(
    'sre_maturity_item_evidence_gone',
    '1 when repository evidence an assessment was based on is no longer found.',
  );
  const redSince = one(
    'sre_maturity_item_red_since_timestamp_seconds',
    'Since when a Red item has been Red (its first Red assessment in a row).',
  );
  return (workspace: Readonly<Record<string, string>>, i: ItemView, facts: ItemFacts): void => {
    const item = { ...workspace, item: i.key };
    const tier = i.tier === undefined ? '' : String(i.tier);
    const what = { flow: i.flowName, asset: i.assetName, capability: i.capability.name, pillar: i.pillar };
    info.set({ ...item, ...what, owner: i.owner, tier }, 1);
    if (i.level !== null) level.set(item, i.level);
    if (i.target !== undefined) target.set(item, i.target);
    status.set({ ...item, status: STATUS_LABEL[i.status] }, 1);
    if (i.expiresOn) answersExpiry.set(item, dayEnd(i.expiresOn));
    if (i.exemptReason && i.exemptUntil) exemptionExpiry.set(item, dayEnd(i.exemptUntil));
    if (facts.evidenceGone) gone.set(item, 1);
    if (facts.redSince !== undefined) redSince.set(item, seconds(facts.redSince));
  };
}
