/** Stale assessments, oldest first: what "Show Stale Assessments" and `status --stale` list. */
import { type ItemView } from './workspace';

export function staleItems(items: readonly ItemView[]): ItemView[] {
  return items.filter((i) => i.stale).sort((a, b) => (a.assessedAt ?? '').localeCompare(b.assessedAt ?? ''));
}
