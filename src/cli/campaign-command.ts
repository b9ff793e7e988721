/** `sre-tracker campaign list|add|remove`: campaigns in campaigns.csv, with their progress. */
import { campaignProgress } from '../core/domain/campaigns';
import { inputError } from '../core/errors';
import { isoDay } from '../shared/status';
import { parse } from './args';
import { cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { textTable } from './table';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function campaignCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      name: { type: 'string' },
      target: { type: 'string' },
      due: { type: 'string' },
      flows: { type: 'string' },
      tiers: { type: 'string' },
      pillar: { type: 'string' },
      capability: { type: 'string' },
    },
    1,
  );
  const action = positionals[0] ?? 'list';
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  try {
    if (action === 'list') {
      const now = new Date();
      const progress = campaignProgress(ws.campaigns(), ws.items(now), isoDay(now));
      io.stdout(
        progress.length === 0
          ? 'No campaigns yet: add one with "sre-tracker campaign add".\n'
          : textTable(
              ['Campaign', 'Scope', 'Target', 'Due', 'Progress'],
              progress.map(({ campaign: c, done, total, overdue }) => [
                c.name,
                [
                  c.flows.join(';') || 'all flows',
                  c.tiers.length ? `tier ${c.tiers.join(';')}` : 'all tiers',
                  c.capability || c.pillar || 'all capabilities',
                ].join(', '),
                `level ${c.targetLevel}`,
                `${c.due}${overdue ? ' (overdue)' : ''}`,
                `${done}/${total}`,
              ]),
            ),
      );
      return 0;
    }
    if (!values.name?.trim()) throw inputError('--name is required');
    if (action === 'add') {
      if (!values.target || !values.due) throw inputError('--target LEVEL and --due YYYY-MM-DD are required');
      const tiers = list(values.tiers).map((t) => {
        if (!/^[1-9]\d*$/.test(t)) throw inputError(`--tiers: "${t}" is not a tier number`);
        return Number(t);
      });
      if (!/^[1-4]$/.test(values.target)) throw inputError(`--target must be a level 1..4, not "${values.target}"`);
      const added = ws.addCampaign({
        name: values.name.trim(),
        flows: list(values.flows),
        tiers,
        pillar: values.pillar ?? '',
        capability: values.capability ?? '',
        targetLevel: Number(values.target),
        due: values.due,
      });
      io.stdout(`Added campaign "${added.name}" to ${ws.file('campaigns')}\n`);
      return 0;
    }
    if (action === 'remove') {
      ws.removeCampaign(values.name.trim());
      io.stdout(`Removed campaign "${values.name.trim()}"\n`);
      return 0;
    }
    throw inputError(`unknown campaign action "${action}": use list, add or remove`);
  } finally {
    ws.dispose();
  }
}
