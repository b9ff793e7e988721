/** "SRE: Sync" and a tracker's Create: secrets asked once, progress with cancel, a preview before writing. */
import * as vscode from 'vscode';

import { count } from '../core/domain/words';
import { CancelledError, redact, type SettingKey } from '../core/errors';
import { pageGaps, pageTarget, trackerGaps, workTracker } from '../core/integrations/clients';
import { answerMayBeLost } from '../core/integrations/http-errors';
import { pageService, trackerAdapter, trackerName } from '../core/integrations/registry';
import { type ServiceDeclaration } from '../core/integrations/tracker-adapter';
import { hostOf } from '../core/settings';
import { createWorkForItem } from '../core/usecases/create-work';
import { sync, type SyncOptions, type SyncResult } from '../core/usecases/sync/sync';
import { syncLines } from '../core/usecases/sync/sync-summary';
import { type Workspace } from '../core/workspace';
import { currentUser } from './actor';
import { type Ctx } from './ctx';
import { failureText } from './failure-text';
import { PREFIX } from './ids';
import { missingText, offerSettings, settingErrorKeys } from './settings-prompt';

const PREVIEW_LINES = 25;

/** Hosts the user agreed to send credentials to although the repository's settings named them. */
const ALLOWED_HOSTS = 'sreTracker.allowedHosts';

/**
 * A service's secret (asked for once when missing), once it is sure where it goes (its address setting, as its
 * adapter declares): a server address from the
 * repository's settings never receives the user's credential unless the user allows that host, once per machine.
 * Undefined when the user cancelled or did not allow it.
 */
async function secretFor(ctx: Ctx, ws: Workspace, service: ServiceDeclaration): Promise<string | undefined> {
  if (!(await mayReceive(ctx, ws.dir, service.address, service.secret.name))) return undefined;
  return ctx.secrets.require(service.secret.key);
}

/**
 * Whether the address in `setting` may receive the user's `what`: yes when the user set it; when the repository's
 * settings name it, only once the user allowed that host (remembered per machine); never for a folder not open.
 */
export async function mayReceive(ctx: Ctx, dir: string, setting: string, what: string): Promise<boolean> {
  const folder = ctx.folders.all().find((f) => ctx.folders.dataDir(f) === dir);
  // Without its folder nobody can tell whether the repository chose the address: refuse rather than guess.
  if (!folder) {
    void vscode.window.showErrorMessage(
      `SRE: ${dir} is not the data folder of an open workspace folder, so your ${what} is not sent: open that folder and try again.`,
    );
    return false;
  }
  const address = ctx.folders.config(folder).fromRepository(setting);
  if (!address) return true;
  const host = hostOf(address) || address;
  const allowed = ctx.ext.globalState.get<string[]>(ALLOWED_HOSTS) ?? [];
  if (allowed.includes(host)) return true;
  const allow = `Send to ${host}`;
  // The safe choice first: a modal dialog's first button is the one Enter presses.
  const choice = await vscode.window.showWarningMessage(
    `This repository's settings (${PREFIX}.${setting}) send your ${what} to ${host}.`,
    {
      modal: true,
      detail:
        'Anyone who can change the repository can change this address. Allow it only if you trust the repository and the host.',
    },
    DO_NOT_SEND,
    allow,
  );
  if (choice !== allow) return false;
  await ctx.ext.globalState.update(ALLOWED_HOSTS, [...allowed, host]);
  return true;
}

const DO_NOT_SEND = 'Do Not Send';

/** The tracker's secret, asked for once when missing; undefined when the user cancelled. */
function trackerSecret(ctx: Ctx, ws: Workspace): Promise<string | undefined> {
  return secretFor(ctx, ws, trackerAdapter(ws.settings.tracker));
}

/** Runs `fn` under a cancellable progress notification; cancel aborts its HTTP requests. */
function withProgress<T>(
  title: string,
  fn: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return fn(controller.signal, (message) => progress.report({ message }));
    },
  );
}

async function syncOptions(
  ctx: Ctx,
  ws: Workspace,
  signal: AbortSignal,
  report: (m: string) => void,
  dryRun: boolean,
): Promise<SyncOptions | undefined> {
  const useTracker = trackerGaps(ws.settings).missing.length === 0;
  const usePage = pageGaps(ws.settings).missing.length === 0;
  const secret = useTracker ? await trackerSecret(ctx, ws) : undefined;
  if (useTracker && !secret) return undefined;
  const token = usePage ? await secretFor(ctx, ws, pageService()) : undefined;
  if (usePage && !token) return undefined;
  // VS Code's proxy support (http.proxy, http.noProxy, system certificates) applies to requests that bring no agent.
  const hooks = {
    signal,
    network: 'host' as const,
    onWarning: (w: string) => ctx.log.warn(`${trackerName(ws.settings.tracker)}: ${w}`),
    // A server that does not answer shows as such while it happens, not only at the end.
    onRetry: (m: string) => (ctx.log.warn(m), report(m)),
  };
  return {
    tracker: useTracker ? workTracker(ws.settings, secret, hooks) : undefined,
    page: usePage ? await pageTarget(ws.settings, token, hooks) : undefined,
    dryRun,
    by: currentUser(),
    signal,
    onProgress: (m) => {
      ctx.log.info(m);
      report(m);
    },
  };
}

/** Preview (a dry run), then Apply or Cancel; nothing is written before Apply. */
export async function runSync(ctx: Ctx, ws: Workspace): Promise<SyncResult | undefined> {
  const name = trackerName(ws.settings.tracker);
  const pageName = pageService().name;
  const tracker = trackerGaps(ws.settings);
  const pageSetup = pageGaps(ws.settings);
  // Nothing set up, or a part half set up: say what is missing (the list Create Story gives) rather than
  // syncing less than the person expects.
  const half = [...(tracker.started ? tracker.missing : []), ...(pageSetup.started ? pageSetup.missing : [])];
  const none = !tracker.started && !pageSetup.started;
  if (none || half.length) {
    const keys = none ? [...tracker.missing, ...pageSetup.missing] : half;
    const message = none
      ? `Sync needs ${name} or ${pageName} set up. ${missingText(name, tracker.missing)} ${missingText(pageName, pageSetup.missing)}`
      : [
          tracker.started ? missingText(name, tracker.missing) : '',
          pageSetup.started ? missingText(pageName, pageSetup.missing) : '',
        ]
          .join(' ')
          .trim();
    void offerSettings(message, keys, true);
    return undefined;
  }
  const preview = await withProgress('SRE: previewing the sync', async (signal, report) => {
    const options = await syncOptions(ctx, ws, signal, report, true);
    return options && sync(ws, options);
  });
  if (!preview) return undefined;
  const lines = syncLines(preview).slice(1);
  const adapter = trackerAdapter(ws.settings.tracker);
  if (preview.unchanged) {
    void vscode.window.showInformationMessage('SRE sync: nothing to change; the database and the page are up to date.');
    return preview;
  }
  const shown =
    lines.slice(0, PREVIEW_LINES).join('\n') +
    (lines.length > PREVIEW_LINES
      ? `\n… and ${lines.length - PREVIEW_LINES} more (see the SRE Maturity Tracker output)`
      : '');
  lines.forEach((l) => ctx.log.info(`preview: ${l}`));
  const apply = 'Apply';
  const adoptions = preview.plan?.changes.filter((c) => c.kind === 'adopt').length ?? 0;
  const itemChanges = (preview.plan?.changes.length ?? 0) - adoptions;
  const adopt = adoptions
    ? `, ${count(adoptions, `imported ${adapter.workName}`, `imported ${adapter.workNames}`)} to adopt (parent and tags)`
    : '';
  const choice = await vscode.window.showInformationMessage(
    `Sync preview: ${count(itemChanges, 'item change')}${adopt}${preview.loop.length ? `, ${count(preview.loop.length, `${adapter.workName} to reopen, follow up, comment on or date`, `${adapter.workNames} to reopen, follow up, comment on or date`)}` : ''}${preview.page?.changed ? ', page update' : ''}. Apply?`,
    { modal: true, detail: shown },
    apply,
  );
  if (choice !== apply) return undefined;
  const result = await withProgress(`SRE: syncing with ${name} and ${pageName}`, async (signal, report) => {
    const options = await syncOptions(ctx, ws, signal, report, false);
    return options && sync(ws, options);
  });
  if (result) {
    syncLines(result).forEach((l) => ctx.log.info(l));
    const page = result.page?.changed
      ? ` Page ${result.page.pageId} updated${result.page.version ? ` (version ${result.page.version})` : ''}.`
      : '';
    void vscode.window.showInformationMessage(
      `SRE sync done: ${count(result.plan?.changes.length ?? 0, 'item change')}, ${count(result.stories, adapter.workName, adapter.workNames)} read.${page}`,
    );
  }
  return result;
}

export async function createStory(ctx: Ctx, ws: Workspace, itemKey: string): Promise<void> {
  const name = trackerName(ws.settings.tracker);
  const adapter = trackerAdapter(ws.settings.tracker);
  const what = adapter.workName;
  const { missing } = trackerGaps(ws.settings);
  if (missing.length) {
    void offerSettings(missingText(name, missing), missing, true);
    return;
  }
  const secret = await trackerSecret(ctx, ws);
  if (!secret) return;
  let result: Awaited<ReturnType<typeof createWorkForItem>>;
  try {
    result = await withProgress(`SRE: creating a ${what} for ${itemKey}`, (signal, report) => {
      // Each try said as it happens, as Sync does: a server that does not answer is seen while it happens.
      const hooks = {
        signal,
        network: 'host' as const,
        onWarning: (w: string) => ctx.log.warn(`${name}: ${w}`),
        onRetry: (m: string) => (ctx.log.warn(m), report(m)),
      };
      return createWorkForItem(ws, workTracker(ws.settings, secret, hooks), itemKey, currentUser());
    });
  } catch (e) {
    // A setting at fault, or the user's own cancel: the command's usual handling says so.
    if (e instanceof CancelledError || settingErrorKeys(e).length > 0 || !answerMayBeLost(e)) throw e;
    if (await offerRetry(failureText(`Create ${capitalized(what)}`, e), adapter.address))
      return createStory(ctx, ws, itemKey);
    return;
  }
  const message = result.created
    ? `Created ${what} ${result.link.displayId} for ${itemKey}.`
    : `${itemKey} is linked to the existing ${what} ${result.link.displayId}.`;
  const url = result.link.url;
  const open = `Open ${result.link.displayId}`;
  // Not awaited: the command returns now (the tree shows the new id), the button works while the message stays.
  void vscode.window.showInformationMessage(message, ...(url ? [open] : [])).then((choice) => {
    if (url && choice === open) void vscode.env.openExternal(vscode.Uri.parse(url));
  });
}

const capitalized = (s: string) => s.replace(/(^|\s)\w/g, (c) => c.toUpperCase());

/**
 * A request that got no answer (or a server error): offered again, with the setting that decides where it went —
 * VS Code's http.proxy when one is set, named as what may have failed, else the server's address. True to retry.
 */
async function offerRetry(message: string, address: SettingKey): Promise<boolean> {
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
  const [retry, settings] = ['Retry', proxy ? 'Open Proxy Setting' : 'Open Settings'];
  const through = proxy
    ? ` The request went through the proxy in http.proxy (${redact(proxy)}): check that it is running, or change the setting.`
    : '';
  const choice = await vscode.window.showErrorMessage(`${message}${through}`, retry, settings);
  if (choice === settings)
    await vscode.commands.executeCommand(
      'workbench.action.openSettings',
      proxy ? '@id:http.proxy' : `@id:${PREFIX}.${address}`,
    );
  return choice === retry;
}
