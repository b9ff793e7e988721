/** `sre-tracker sync`: Rally stories → database → Confluence page, with --dry-run and --json. */
import { inputError } from '../core/errors';
import { confluencePage, workTracker } from '../core/integrations/clients';
import { trackerName } from '../core/integrations/registry';
import { sync } from '../core/usecases/sync/sync';
import { syncLines } from '../core/usecases/sync/sync-summary';
import { parse } from './args';
import { actor, cliContext, confluenceToken, openWorkspace, trackerSecret } from './context';
import { type Io } from './io';

export async function syncCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'no-tracker': { type: 'boolean' },
    'no-rally': { type: 'boolean' },
    'no-confluence': { type: 'boolean' },
  });
  const noTracker = values['no-tracker'] === true || values['no-rally'] === true;
  if (noTracker && values['no-confluence'])
    throw inputError('--no-tracker and --no-confluence together leave nothing to sync');
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const json = values.json === true;
  const say = (line: string) => {
    if (!json) io.stdout(`${line}\n`);
  };
  try {
    const result = await sync(ws, {
      tracker: noTracker
        ? undefined
        : workTracker(ctx.settings, trackerSecret(ctx), {
            // Named for the tracker in use: a Jira user was told "Rally warning".
            onWarning: (w) => say(`${trackerName(ctx.settings.tracker)} warning: ${w}`),
          }),
      page: values['no-confluence'] ? undefined : confluencePage(ctx.settings, confluenceToken(ctx)),
      dryRun: values['dry-run'] === true,
      by: actor(ctx, undefined),
      onProgress: say,
    });
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else for (const line of syncLines(result)) io.stdout(`${line}\n`);
    return 0;
  } finally {
    ws.dispose();
  }
}
