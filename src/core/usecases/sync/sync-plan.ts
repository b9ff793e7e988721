/** Plans a sync from the tracker's work items and our items: links learnt, work adopted, states changed, remediation done; applied in one transaction. */
import { isExempt } from '../../../shared/status';
import { keysInName } from '../../domain/item-keys';
import { type ItemView, type TrackerKind } from '../../domain/items';
import { linkOf, type WorkItem } from '../../integrations/work-tracker';
import { appendHistory, type HistoryKind, markRemediationDone, saveLink } from '../../storage/catalog';
import { type Db } from '../../storage/store';

export interface SyncChange {
  itemKey: string;
  /** `adopt`: a work item found by its title gets the configured parent and tags/labels (with the loop's writes, loop-plan.ts, all sync writes in the tracker). */
  kind: 'link' | 'adopt' | 'state' | 'done';
  work: WorkItem;
  /** The stored state before the change. */
  before: string | null;
}

export interface SyncPlan {
  tracker: TrackerKind;
  changes: SyncChange[];
  /** Work items found that no item claims (no key, or a key no item has): listed, never touched. */
  unknown: WorkItem[];
  /** Items linked to a work item that the tracker no longer returns (deleted, moved, or untagged). */
  missing: { itemKey: string; displayId: string }[];
  /** Items matched to a work item, changed or not. */
  matched: number;
}

export function planSync(tracker: TrackerKind, items: readonly ItemView[], linkable: readonly WorkItem[]): SyncPlan {
  const byId = new Map(linkable.map((w) => [w.id, w]));
  const byDisplayId = new Map(linkable.map((w) => [w.displayId, w]));
  const byKey = new Map<string, WorkItem[]>();
  for (const w of linkable) for (const k of keysInName(w.title)) byKey.set(k, [...(byKey.get(k) ?? []), w]);
  const claimed = new Set<string>();
  const changes: SyncChange[] = [];
  const missing: SyncPlan['missing'] = [];
  for (const item of items) {
    const stored = item.link?.tracker === tracker ? item.link : null;
    const linked = stored ? (byId.get(stored.id) ?? byDisplayId.get(stored.displayId)) : undefined;
    if (stored && !linked) {
      missing.push({ itemKey: item.key, displayId: stored.displayId });
      continue;
    }
    // Work imported by hand (from the tracker's import file) carries the key in its title: the oldest one wins.
    const work = linked ?? byKey.get(item.key)?.find((w) => !claimed.has(w.id));
    if (!work) continue;
    claimed.add(work.id);
    if (!stored) {
      changes.push({ itemKey: item.key, kind: 'link', work, before: null });
      if (!work.placed) changes.push({ itemKey: item.key, kind: 'adopt', work, before: work.parent });
    } else if (stored.state !== work.state || stored.id !== work.id || stored.url !== work.url) {
      changes.push({ itemKey: item.key, kind: 'state', work, before: stored.state });
    }
    // Done once, when the work reaches a done state: a later re-assessment is not undone by the next sync.
    const newlyDone = work.done && !stored?.done;
    if (newlyDone && item.remediationDoneAt === null && !isExempt(item.status))
      changes.push({ itemKey: item.key, kind: 'done', work, before: stored?.state ?? null });
  }
  return {
    tracker,
    changes,
    unknown: [...linkable]
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
      .filter((w) => !claimed.has(w.id)),
    missing,
    matched: claimed.size,
  };
}

const HISTORY_KIND: Record<SyncChange['kind'], HistoryKind> = {
  link: 'work-link',
  adopt: 'work-link',
  state: 'work-state',
  done: 'remediation-done',
};

export function applyPlan(db: Db, plan: SyncPlan, at: Date, by: string): void {
  const when = at.toISOString();
  for (const c of plan.changes) {
    if (c.kind === 'done') {
      markRemediationDone(db, c.itemKey, when);
    } else if (c.kind !== 'adopt') saveLink(db, c.itemKey, linkOf(plan.tracker, c.work));
    appendHistory(db, { itemKey: c.itemKey, at: when, by, kind: HISTORY_KIND[c.kind], detail: describeChange(c) });
  }
}

export function describeChange(c: SyncChange): string {
  switch (c.kind) {
    case 'link':
      return `linked to ${c.work.displayId} (${c.work.state})`;
    case 'adopt':
      return `${c.work.displayId} was found by its title ${c.before ? `under ${c.before}` : 'with no parent'}: adopted (parent and tags set)`;
    case 'state':
      return c.before === c.work.state
        ? `${c.work.displayId}: link details updated`
        : `${c.work.displayId}: ${c.before ?? 'unknown'} → ${c.work.state}`;
    case 'done':
      return `${c.work.displayId} is ${c.work.state}: remediation done, awaiting re-assessment`;
  }
}
