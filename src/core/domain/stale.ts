/** Stale assessments, oldest first, each with why: what "Show Stale Assessments" and `status --stale` list. */

export interface StaleItem {
  item: ItemView;
  why: string;
}

/** Old assessments, and those whose repository evidence is gone (`gone`: item key → which evidence went). */
export function staleItems(
  items: readonly ItemView[],
  staleAfterDays: number,
  gone: ReadonlyMap<string, string> = new Map(),
): StaleItem[] {
  return items
    .filter((i) => i.stale || gone.has(i.key))
    .sort((a, b) => (a.assessedAt ?? '').localeCompare(b.assessedAt ?? ''))
    .map((item) => ({
      item,
      why: [item.stale ? `older than ${staleAfterDays} days` : '', gone.get(item.key) ?? ''].filter(Boolean).join('; '),
    }));
}
import { type ItemView } from './items';
