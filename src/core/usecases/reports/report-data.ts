/** Builds the data every report draws on, from a workspace at a moment. */
import { isExempt, isoDay } from '../../../shared/status';
import { campaignProgress } from '../../domain/campaigns';
import { countStatuses } from '../../domain/summary';
import { type ReportData, todoItems } from '../../domain/todo-list';
import { trackerName } from '../../integrations/registry';
import { type ItemSource, type SettingsSource } from '../ports';

/** `ws`'s items, campaigns and To-Do list at `now`. */
export function reportData(ws: ItemSource & SettingsSource, now: Date): ReportData {
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
    trackerName: trackerName(ws.settings.tracker),
  };
}
