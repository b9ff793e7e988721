/** What every report draws on, computed once: item views, campaign progress, the To-Do selection. */
import { type Campaign, campaignProgress, type CampaignProgress, inScope } from '../campaigns';
import { isoDay, severity, isExempt, DISPLAY_ORDER, levelOfTarget } from '../../shared/status';
import { countStatuses, type StatusCounts } from '../summary';
import { type ItemView, type Workspace } from '../workspace';

export interface ReportData {
  items: ItemView[];
  counts: StatusCounts;
  todo: ItemView[];
  exemptions: ItemView[];
  campaigns: Campaign[];
  progress: CampaignProgress[];
  /** YYYY-MM-DD */
  generatedOn: string;
  rallyServer: string;
}

/** States after which a Rally story counts as finished. */
export const DONE_STATES = ['Completed', 'Accepted', 'Released'];

export function storyIsOpen(item: ItemView): boolean {
  return item.rallyFormattedId !== null && !DONE_STATES.includes(item.rallyState ?? '');
}

/** Red, Amber, expired exemptions and items with an open story: worst first, then by key. */
export function todoItems(items: readonly ItemView[]): ItemView[] {
  return items
    .filter((i) => i.status === 'Red' || i.status === 'Amber' || i.status === 'Exemption expired' || (storyIsOpen(i) && !isExempt(i.status)))
    .sort((a, b) => severity(a.status) - severity(b.status) || a.key.localeCompare(b.key));
}

export function campaignsOf(item: ItemView, campaigns: readonly Campaign[]): Campaign[] {
  return campaigns.filter((c) => inScope(c, item));
}

export function reportData(ws: Workspace, now: Date): ReportData {
  const model = ws.model();
  const items = ws.items(now);
  const campaigns = ws.campaigns(model);
  const today = isoDay(now);
  return {
    items,
    counts: countStatuses(items),
    todo: todoItems(items),
    exemptions: items.filter((i) => isExempt(i.status)),
    campaigns,
    progress: campaignProgress(campaigns, items, today),
    generatedOn: today,
    rallyServer: ws.settings.rally.server,
  };
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

/** A link to the story in Rally's UI, `<server>/#/<project>/detail/userstory/<ObjectID>` (Broadcom KB 57624), when its ObjectID is known. */
export function rallyLink(server: string, item: ItemView): string | undefined {
  if (!item.rallyObjectId) return undefined;
  // Links made before the project was recorded lack it; the next sync records it.
  const project = item.rallyProjectId ? `/${item.rallyProjectId}` : '';
  return `${server.replace(/\/+$/, '')}/#${project}/detail/userstory/${item.rallyObjectId}`;
}
