/** `sre-tracker sync`: Rally stories → database → Confluence page, with --dry-run and --json. */
import { confluenceTarget, rallyClient } from '../core/clients';
import { inputError } from '../core/errors';
import { sync } from '../core/sync/sync';
import { syncLines } from '../core/sync/sync-summary';
import { parse } from './args';
import { actor, cliContext, openWorkspace } from './context';
import { type Io } from './io';

export const SYNC_USAGE = 'sre-tracker sync [--dir DIR] [--dry-run] [--json] [--no-rally] [--no-confluence]';

export async function syncCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'no-rally': { type: 'boolean' },
    'no-confluence': { type: 'boolean' },
  });
  if (values['no-rally'] && values['no-confluence']) throw inputError('--no-rally and --no-confluence together leave nothing to sync');
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const json = values.json === true;
  const say = (line: string) => {
    if (!json) io.stdout(`${line}\n`);
  };
  try {
    const result = await sync(ws, {
      rally: values['no-rally'] ? undefined : rallyClient(ctx.settings, ctx.env.RALLY_API_KEY, { onWarning: (w) => say(`Rally warning: ${w}`) }),
      confluence: values['no-confluence'] ? undefined : confluenceTarget(ctx.settings, ctx.env.CONFLUENCE_API_TOKEN),
      dryRun: values['dry-run'] === true,
      by: actor(ctx, undefined),
      onProgress: say,
    });
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else for (const line of syncLines(result)) io.stdout(`${line}\n`);
    return 0;
  } finally {
    ws.store.close();
  }
}
