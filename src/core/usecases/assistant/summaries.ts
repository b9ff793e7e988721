/** Scores and counts by flow, owner, tier, pillar or campaign: the same numbers as `sre-tracker status --by`. */
import { type Score, scoreOf } from '../../../shared/score';
import { DISPLAY_ORDER } from '../../../shared/status';
import { campaignProgress, inScope } from '../../domain/campaigns';
import { type ItemView } from '../../domain/items';
import { DIMENSIONS, groupItems } from '../../domain/scores';
import { countStatuses } from '../../domain/summary';
import { type ItemSource, type StatusSource } from '../ports';

export const SUMMARY_DIMENSIONS = [...DIMENSIONS, 'campaign'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

function group(name: string, items: readonly ItemView[]) {
  const score: Score = scoreOf(name, items);
  const counts = countStatuses(items);
  return {
    name,
    score: score.score,
    atTarget: score.atTarget,
    inScope: score.inScope,
    stale: items.filter((i) => i.stale).length,
    counts: Object.fromEntries(DISPLAY_ORDER.map((s) => [s, counts[s]])),
  };
}

export function summarize(ws: ItemSource & StatusSource, by: SummaryDimension, now: Date) {
  const items = ws.items(now);
  if (by !== 'campaign') {
    return { by, groups: groupItems(items, by).map((g) => group(g.name, g.items)), total: group('Total', items) };
  }
  const progress = campaignProgress(ws.campaigns(), items, ws.statusRules(now).today);
  return {
    by,
    groups: progress.map((p) => ({
      ...group(
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
    total: group('Total', items),
  };
}
