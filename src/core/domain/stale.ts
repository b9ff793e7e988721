/** Stale and due assessments, oldest first, each with why: what "Show Stale Assessments" and `status --stale` list. */
import { type ItemView } from './items';

export interface StaleItem {
  item: ItemView;
  why: string;
}

/**
 * Stale assessments as of `today` (past their re-attestation date, or resting on evidence that changed: recorded,
 * or seen now in `gone`, item key → what changed); with `due`, those due for re-attestation instead.
 */
export function staleItems(
  items: readonly ItemView[],
  today: string,
  gone: ReadonlyMap<string, string> = new Map(),
  due = false,
): StaleItem[] {
  return items
    .filter((i) => (due ? i.due && !gone.has(i.key) : i.stale || gone.has(i.key)))
    .sort((a, b) => (a.assessedAt ?? '').localeCompare(b.assessedAt ?? ''))
    .map((item) => {
      const expired = item.expiresOn !== null && item.expiresOn < today;
      const expiry = expired
        ? `answers expired on ${item.expiresOn}: re-attest`
        : item.due
          ? `answers expire on ${item.expiresOn}`
          : '';
      return { item, why: [expiry, item.evidenceChanged ?? gone.get(item.key) ?? ''].filter(Boolean).join('; ') };
    });
}
