/** `sre-tracker status`: counts per status per flow, targets, stale assessments and campaign progress. */
import { campaignProgress } from '../core/domain/campaigns';
import { asOf } from '../core/domain/dates';
import { type ItemView } from '../core/domain/items';
import { mixText, provenanceMix, restsOnAttestation } from '../core/domain/provenance';
import { type Dimension, DIMENSIONS, groupItems, isDimension } from '../core/domain/scores';
import { staleItems } from '../core/domain/stale';
import { groupStatus } from '../core/domain/summary';
import { inputError } from '../core/errors';
import { type Workspace } from '../core/workspace';
import { DISPLAY_ORDER, isoDay } from '../shared/status';
import { parse } from './args';
import { cliContext, openWorkspaceAt } from './context';
import { type Io } from './io';
import { textTable } from './table';

const COLUMNS = DISPLAY_ORDER;

export async function statusCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    stale: { type: 'boolean' },
    due: { type: 'boolean' },
    attested: { type: 'boolean' },
    by: { type: 'string' },
    'as-of': { type: 'string' },
    at: { type: 'string' },
  });
  const by = values.by ?? 'flow';
  if (!isDimension(by)) throw inputError(`--by must be one of ${DIMENSIONS.join(', ')}, not "${by}"`);
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspaceAt(ctx, values.at);
  try {
    // The evidence scan (and its YAML parser) is loaded only for the lists that read it.
    const evidence =
      values.stale || values.due
        ? (await import('../core/usecases/evidence/workspace-evidence')).changedEvidence(ws)
        : undefined;
    statusOf(ws, io, values, by, values.at === undefined ? ws.dir : `${ctx.dir} at ${values.at}`, evidence);
    return 0;
  } finally {
    ws.dispose();
  }
}

/** The table, the stale or due list, or the attested levels, as `values` ask; `where` names the folder (and commit). */
function statusOf(
  ws: Workspace,
  io: Io,
  values: { stale?: boolean; due?: boolean; attested?: boolean; 'as-of'?: string },
  by: Dimension,
  where: string,
  /** Items whose recorded evidence changed, by key: read for --stale and --due. */
  evidence = new Map<string, string>(),
): void {
  const now = asOf(values['as-of']);
  if (values.stale || values.due) {
    const stale = staleItems(ws.items(now), isoDay(now), evidence, values.due);
    io.stdout(
      stale.length === 0
        ? values.due
          ? `No assessment falls due for re-attestation within ${ws.settings.dueSoonDays} days of ${isoDay(now)}.\n`
          : `No assessment is past its re-attestation date on ${isoDay(now)} or rests on repository evidence that changed.\n`
        : textTable(
            ['Assessed', 'Key', 'Level', 'Status', 'By', 'Why'],
            stale.map(({ item: i, why }) => [
              isoDay(new Date(i.assessedAt ?? 0)),
              i.key,
              String(i.level ?? ''),
              i.status,
              i.assessedBy ?? '',
              why,
            ]),
          ),
    );
    return;
  }
  if (values.attested) printAttested(ws.items(now), by, io);
  else printStatus(ws, io, now, undefined, by, where);
}

/** The levels that rest mostly on someone's word rather than on repository evidence, grouped by `by`. */
function printAttested(items: readonly ItemView[], by: Dimension, io: Io): void {
  const rows = groupItems(items, by).flatMap((g) =>
    g.items.flatMap((i) => {
      const mix = provenanceMix(i);
      return restsOnAttestation(mix) ? [[g.name, i.key, String(i.level ?? ''), mixText(i.level, mix)]] : [];
    }),
  );
  io.stdout(
    rows.length === 0
      ? 'No level rests mostly on attestation: every assessed level rests on repository evidence.\n'
      : textTable([by.charAt(0).toUpperCase() + by.slice(1), 'Key', 'Level', 'Where the level came from'], rows),
  );
}

/** The summary table, targets met, campaign progress and the stale count: shared by status, report and demo. */
export function printStatus(
  ws: Workspace,
  io: Io,
  now: Date,
  items: readonly ItemView[] = ws.items(now),
  by: Dimension = 'flow',
  where: string = ws.dir,
): void {
  const rules = ws.statusRules(now);
  const row = (name: string, scoped: readonly ItemView[]) => {
    const g = groupStatus(name, scoped);
    return [
      name,
      ...COLUMNS.map((c) => String(g.counts[c])),
      `${g.atTarget}/${g.inScope}`,
      `${g.score}%`,
      String(g.stale),
      String(g.due),
    ];
  };
  io.stdout(
    `Workspace ${where} (status by ${rules.mode}${rules.mode === 'thresholds' ? `: amber from level ${rules.thresholds.amberFrom}, green from ${rules.thresholds.greenFrom}` : ' per tier from targets.csv'})\n\n`,
  );
  const title = by.charAt(0).toUpperCase() + by.slice(1);
  io.stdout(
    textTable(
      [title, ...COLUMNS, 'At target', 'Score', 'Stale', 'Due'],
      [...groupItems(items, by).map((g) => row(g.name, g.items)), row('Total', items)],
    ),
  );
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
  const due = items.filter((i) => i.due).length;
  if (stale > 0)
    io.stdout(`\n${stale} assessment(s) are stale on ${rules.today}: "sre-tracker status --stale" lists them.\n`);
  if (due > 0)
    io.stdout(
      `\n${due} assessment(s) fall due for re-attestation within ${ws.settings.dueSoonDays} days: "sre-tracker status --due" lists them.\n`,
    );
}
