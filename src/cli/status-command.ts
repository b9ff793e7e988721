/** `sre-tracker status`: counts per status per flow, targets, stale assessments and campaign progress. */
import { campaignProgress } from '../core/campaigns';
import { isoDay, DISPLAY_ORDER, isExempt } from '../shared/status';
import { byFlow, countStatuses } from '../core/summary';
import { goneEvidence } from '../core/evidence/workspace-evidence';
import { staleItems } from '../core/stale';
import { parse } from './args';
import { type ItemView, type Workspace } from '../core/workspace';
import { cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { textTable } from './table';

const COLUMNS = DISPLAY_ORDER;

export async function statusCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { stale: { type: 'boolean' } });
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const now = new Date();
  if (values.stale) {
    const stale = staleItems(ws.items(now), ctx.settings.staleAfterDays, goneEvidence(ws));
    io.stdout(
      stale.length === 0
        ? `No assessment is older than ${ctx.settings.staleAfterDays} days or has lost its repository evidence.\n`
        : textTable(
            ['Assessed', 'Key', 'Level', 'Status', 'By', 'Why'],
            stale.map(({ item: i, why }) => [isoDay(new Date(i.assessedAt ?? 0)), i.key, String(i.level ?? ''), i.status, i.assessedBy ?? '', why]),
          ),
    );
    return 0;
  }
  printStatus(ws, io, now);
  return 0;
}

/** The summary table, targets met, campaign progress and the stale count: shared by status, report and demo. */
export function printStatus(ws: Workspace, io: Io, now: Date, items: readonly ItemView[] = ws.items(now)): void {
  const rules = ws.statusRules(now);
  const row = (name: string, scoped: typeof items) => {
    const counts = countStatuses(scoped);
    const targeted = scoped.filter((i) => i.target !== undefined && !isExempt(i.status));
    const atTarget = targeted.filter((i) => (i.level ?? -1) >= (i.target ?? 0)).length;
    return [name, ...COLUMNS.map((c) => String(counts[c])), `${atTarget}/${targeted.length}`, String(scoped.filter((i) => i.stale).length)];
  };
  io.stdout(
    `Workspace ${ws.dir} (status by ${rules.mode}${rules.mode === 'thresholds' ? `: amber from level ${rules.thresholds.amberFrom}, green from ${rules.thresholds.greenFrom}` : ' per tier from targets.csv'})\n\n`,
  );
  io.stdout(textTable(['Flow', ...COLUMNS, 'At target', 'Stale'], [...byFlow(items).map((group) => row(group.flow, group.items)), row('Total', items)]));
  const progress = campaignProgress(ws.campaigns(), items, rules.today);
  if (progress.length > 0) {
    io.stdout('\nCampaigns\n');
    io.stdout(
      textTable(
        ['Campaign', 'Target', 'Due', 'Progress'],
        progress.map((p) => [
          p.campaign.name,
          `level ${p.campaign.targetLevel}`,
          `${p.campaign.due}${p.overdue ? ' (overdue)' : ''}`,
          `${p.done}/${p.total}${p.total ? ` (${Math.round((100 * p.done) / p.total)}%)` : ''}`,
        ]),
      ),
    );
  }
  const stale = items.filter((i) => i.stale).length;
  if (stale > 0) io.stdout(`\n${stale} assessment(s) are older than ${ws.settings.staleAfterDays} days: "sre-tracker status --stale" lists them.\n`);
}
