/** Missing or wrong settings, said the same way by every command, with the button that fixes them. */
import * as vscode from 'vscode';

import { SettingError, type SettingKey } from '../core/errors';
import { HttpError } from '../core/integrations/http-errors';
import { PREFIX } from './ids';
import { storedSecrets } from './service-commands';

/** The secrets are not settings: each has the command that stores it (a service's, as its adapter declares it). */
export function secretCommand(key: SettingKey): { title: string; command: string } | undefined {
  const secret = storedSecrets().find((s) => s.key === key);
  return secret && { title: secret.title, command: secret.id };
}

/**
 * Shows `message` with Open Settings (filtered to exactly `keys`) and the credential command where a secret is among
 * them: as an error when something failed, as information (`notYet`) when a part is simply not set up yet. True when
 * the user stored the credential, so the caller can try again.
 */
export async function offerSettings(message: string, keys: readonly SettingKey[], notYet = false): Promise<boolean> {
  const settings = keys.filter((k) => !secretCommand(k));
  const secret = keys.map(secretCommand).find((c) => c !== undefined);
  const open = 'Open Settings';
  const actions = [...(settings.length ? [open] : []), ...(secret ? [secret.title] : [])];
  const show = notYet ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  const choice = await show(message, ...actions);
  if (choice === open)
    await vscode.commands.executeCommand(
      'workbench.action.openSettings',
      `@id:${settings.map((k) => `${PREFIX}.${k}`).join(',')}`,
    );
  return (
    secret !== undefined &&
    choice === secret.title &&
    (await vscode.commands.executeCommand<boolean>(`${PREFIX}.${secret.command}`)) === true
  );
}

/**
 * "<Service> needs Workspace and Parent Id in Settings": the settings by the names the Settings editor shows (the key's
 * last part, words split), never raw ids; Open Settings then shows exactly those.
 */
export function missingText(what: string, keys: readonly SettingKey[]): string {
  const names = keys.map(settingTitle);
  if (names.length === 0) return '';
  return `${what} needs ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}` : (names[0] ?? '')} in Settings.`;
}

/** `<service>.parentId` → "Parent Id", as VS Code's Settings editor titles it. */
function settingTitle(key: SettingKey): string {
  const last = key.split('.').at(-1) ?? key;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * A command failed on a setting (one missing, or one the server refused): the keys whose button fixes it. A 401
 * names its own service's credential (a tracker's 401 offers the tracker's Set … command, never the page's).
 */
export function settingErrorKeys(e: unknown): SettingKey[] {
  if (e instanceof SettingError) return [e.setting];
  const cause = e instanceof Error && e.cause instanceof HttpError ? e.cause : e;
  return cause instanceof HttpError && cause.credentialKey ? [cause.credentialKey] : [];
}
