/** What every report and page draws on, computed once (usecases/reports/report-data.ts), and the To-Do list's rules. */
import { DISPLAY_ORDER, isExempt, levelOfTarget, severity } from '../../shared/status';
import { type Campaign, type CampaignProgress, inScope } from './campaigns';
import { type ItemView } from './items';
import { type StatusCounts } from './summary';

export interface ReportData {
  items: ItemView[];
  counts: StatusCounts;
  todo: ItemView[];
  exemptions: ItemView[];
  campaigns: Campaign[];
  progress: CampaignProgress[];
  /** YYYY-MM-DD */
  generatedOn: string;
  /** The tracker's name: the To-Do table's column of work items. */
  trackerName: string;
}

export function storyIsOpen(item: ItemView): boolean {
  return item.link !== null && !item.link.done;
}

/** The To-Do tables' header row: the work-item column is named for the tracker. */
export function todoHeader(trackerName: string): string[] {
  return ['Key', 'Flow', 'Asset', 'Capability', 'Pillar', 'Level', 'Status', trackerName, 'Notes'];
}

/** Red, Amber, expired exemptions and items with an open story: worst first, then by key. */
export function todoItems(items: readonly ItemView[]): ItemView[] {
  return (
    items
      .filter(
        (i) =>
          i.status === 'Red' ||
          i.status === 'Amber' ||
          i.status === 'Exemption expired' ||
          (storyIsOpen(i) && !isExempt(i.status)),
      )
      // Keys compared by code unit: the same order on every machine, and far cheaper than localeCompare over 30,000.
      .sort((a, b) => severity(a.status) - severity(b.status) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  );
}

export function campaignsOf(item: ItemView, campaigns: readonly Campaign[]): Campaign[] {
  return campaigns.filter((c) => inScope(c, item));
}

/** "12 red · 4 amber · 30 green · 8 not assessed": what page and file summaries say. */
export function countsLine(counts: StatusCounts): string {
  return DISPLAY_ORDER.map((s) => `${counts[s]} ${s.toLowerCase()}`).join(' · ');
}

/** The Level cell of the To-Do tables: "-", "2", or "2 of 3", flagged when stale. */
export function levelCell(item: ItemView): string {
  const level = item.level === null ? '-' : levelOfTarget(item.level, item.target);
  return item.stale ? `${level} (stale)` : level;
}

/** Items that need new work: Red and not yet linked to any. Exempt items are never Red. */
export function itemsNeedingWork(items: readonly ItemView[]): ItemView[] {
  return items.filter((i) => i.status === 'Red' && i.link === null);
}
