/** Scores and counts by flow, owner, tier, pillar or campaign: the same numbers as `sre-tracker status --by`. */
import { campaignProgress, inScope } from '../../domain/campaigns';
import { DIMENSIONS, groupItems } from '../../domain/scores';
import { groupStatus } from '../../domain/summary';
import { type ItemSource, type StatusSource } from '../ports';

export const SUMMARY_DIMENSIONS = [...DIMENSIONS, 'campaign'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

export function summarize(ws: ItemSource & StatusSource, by: SummaryDimension, now: Date) {
  const items = ws.items(now);
  if (by !== 'campaign') {
    return {
      by,
      groups: groupItems(items, by).map((g) => groupStatus(g.name, g.items)),
      total: groupStatus('Total', items),
    };
  }
  const progress = campaignProgress(ws.campaigns(), items, ws.statusRules(now).today);
  return {
    by,
    groups: progress.map((p) => ({
      ...groupStatus(
        p.campaign.name,
        items.filter((i) => inScope(p.campaign, i)),
      ),
      campaign: {
        targetLevel: p.campaign.targetLevel,
        due: p.campaign.due,
        overdue: p.overdue,
        done: p.done,
        of: p.total,
      },
    })),
    total: groupStatus('Total', items),
  };
}
