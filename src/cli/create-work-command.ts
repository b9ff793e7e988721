/**
 * `sre-tracker create-work`: the tree's Create (a story, an issue: the tracker's work item) for scripts and CI. Idempotent:
 * an item already linked, or whose key a work item already carries, is reported, never made twice.
 */
import { workTracker } from '../core/integrations/clients';
import { trackerAdapter } from '../core/integrations/registry';
import { createWorkForItem, draftWork } from '../core/usecases/create-work';
import { isExempt } from '../shared/status';
import { parse } from './args';
import { actor, cliContext, openWorkspace, trackerSecret } from './context';
import { type Io } from './io';
import { ITEM_OPTIONS, resolveItem } from './item-args';

export async function createWorkCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...ITEM_OPTIONS,
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    by: { type: 'string' },
  });
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  try {
    const item = await resolveItem(ws.items(), values, undefined, ws.model());
    const what = trackerAdapter(ctx.settings.tracker).workName;
    const say = (result: Record<string, unknown>, line: string) =>
      io.stdout(values.json ? `${JSON.stringify({ key: item.key, ...result }, null, 2)}\n` : `${line}\n`);
    if (isExempt(item.status)) {
      say({ refused: 'not applicable' }, `${item.key} is marked Not applicable: no ${what} is made for it`);
      return 1;
    }
    const tracker = workTracker(ctx.settings, trackerSecret(ctx));
    if (values['dry-run']) {
      const work = draftWork(ws, item, tracker.titleLimit);
      if (item.link)
        say({ dryRun: true, linked: item.link }, `${item.key} is linked to ${item.link.displayId} already`);
      else
        say({ dryRun: true, title: work.title, labels: work.extraLabels }, `Would create the ${what} "${work.title}"`);
      return 0;
    }
    const result = await createWorkForItem(ws, tracker, item.key, actor(ctx, values.by));
    say(
      { created: result.created, link: result.link },
      result.created
        ? `Created ${what} ${result.link.displayId} for ${item.key}${result.link.url ? ` (${result.link.url})` : ''}`
        : `${item.key} is linked to the existing ${what} ${result.link.displayId}`,
    );
    return 0;
  } finally {
    ws.dispose();
  }
}
