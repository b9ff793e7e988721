/** `sre-tracker sync`: the tracker's work items → database → the page, with --dry-run and --json. */
import { inputError } from '../core/errors';
import { pageTarget, workTracker } from '../core/integrations/clients';
import { pageService, trackerAdapters, trackerName } from '../core/integrations/registry';
import { sync } from '../core/usecases/sync/sync';
import { syncLines } from '../core/usecases/sync/sync-summary';
import { parse } from './args';
import { actor, cliContext, openWorkspace, pageToken, trackerSecret } from './context';
import { type Io } from './io';

export async function syncCommand(args: string[], io: Io): Promise<number> {
  // --no-tracker, or the tracker by its kind (--no-<kind>); the page by its service's kind (--no-<kind>).
  const noTrackers = ['no-tracker', ...trackerAdapters().map((a) => `no-${a.kind}`)];
  const noPage = `no-${pageService().kind}`;
  const flag = { type: 'boolean' } as const;
  const { values } = parse(args, {
    'dry-run': flag,
    json: flag,
    ...Object.fromEntries([...noTrackers, noPage].map((name) => [name, flag])),
  });
  const given = new Set(Object.entries(values).flatMap(([name, value]) => (value === true ? [name] : [])));
  const noTracker = noTrackers.some((name) => given.has(name));
  if (noTracker && given.has(noPage)) throw inputError(`--no-tracker and --${noPage} together leave nothing to sync`);
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
            // Named for the tracker in use: every tracker's users were told the first tracker's name.
            onWarning: (w) => say(`${trackerName(ctx.settings.tracker)} warning: ${w}`),
          }),
      page: given.has(noPage) ? undefined : await pageTarget(ctx.settings, pageToken(ctx)),
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
