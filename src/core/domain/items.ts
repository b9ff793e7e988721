/** The item, the unit everything is about: an asset's capability, as stored and as every consumer views it. */
import { type Answers } from '../../shared/maturity';
import { type Status } from '../../shared/status';
import { type Capability } from './model';
import { type NotApplicableRequest } from './not-applicable';

/** A tracker adapter's kind (integrations/registry.ts), as the tracker setting names it. */
export type TrackerKind = string;

/** An item's link to its work item, as stored. */
export interface WorkLink {
  tracker: TrackerKind;
  id: string;
  displayId: string;
  url: string | null;
  state: string | null;
  done: boolean;
}

/** An item as stored: what was assessed, exempted and linked, without anything derived. */
export interface ItemRecord {
  key: string;
  flowKey: string;
  flowName: string;
  assetKey: string;
  assetName: string;
  owner: string;
  tier: number | undefined;
  /** The asset's kind (flows.csv); '' for any. */
  kind: string;
  capabilityKey: string;
  level: number | null;
  /** The answers as stored (JSON): parsed by `answersOf` only where needed, since most reads never look at them. */
  answersJson: string | null;
  notes: string;
  evidenceUrl: string;
  assessedAt: string | null;
  assessedBy: string | null;
  /** The work item (a story, an issue) the item is linked to. */
  link: WorkLink | null;
  remediationDoneAt: string | null;
  exemptReason: string | null;
  exemptUntil: string | null;
  /** What in the repository changed since the assessment, once seen: the assessment stays stale until re-assessed. */
  evidenceChanged: string | null;
  /** The latest request to mark it Not applicable, while approvers decide (and after). */
  notApplicableRequest: NotApplicableRequest | null;
  /** The questions whose yes was taken from repository evidence, as recorded with the assessment. */
  evidenceQuestions: readonly string[];
}

/** An item with what follows from the model and the targets: its capability, pillar, target, status and staleness. */
export interface ItemView extends ItemRecord {
  capability: Capability;
  pillar: string;
  target: number | undefined;
  status: Status;
  /** Its answers are past their re-attestation date, or the evidence they rest on changed. */
  stale: boolean;
  /** Its answers expire within the due window (the dueSoonDays setting): re-attest soon. */
  due: boolean;
  /** The day its answers expire (YYYY-MM-DD), or null when not assessed. */
  expiresOn: string | null;
}

/** What viewing a record adds: `viewItems` works it out. */
export type ViewFields = Omit<ItemView, keyof ItemRecord>;

/**
 * A record as the store reads it, with its view's fields there but not yet worked out: `viewItems` fills them in
 * place. Over 30,000 items a copy per item costs a tenth of `status` and 7 MiB of a report's peak (issue 44).
 */
export type ItemDraft = ItemRecord & { [K in keyof ViewFields]: ViewFields[K] | undefined };

export function answersOf(item: Pick<ItemRecord, 'answersJson'>): Answers {
  return item.answersJson ? (JSON.parse(item.answersJson) as Answers) : {};
}
