/** Missing or wrong settings, said the same way by every command, with the button that fixes them. */
import * as vscode from 'vscode';

import { SettingError, type SettingKey } from '../core/errors';
import { COMMAND, PREFIX } from './ids';

/** The secrets are not settings: each has the command that stores it. */
const SECRET_COMMAND: Partial<Record<SettingKey, { title: string; command: string }>> = {
  'rally.apiKey': { title: 'Set Rally API Key', command: COMMAND.setRallyApiKey },
  'confluence.token': { title: 'Set Confluence API Token', command: COMMAND.setConfluenceToken },
  'jira.apiToken': { title: 'Set Jira API Token', command: COMMAND.setJiraApiToken },
};

/** Shows `message` with Open Settings (filtered to exactly `keys`) and the credential command where a secret is among them. */
export async function offerSettings(message: string, keys: readonly SettingKey[]): Promise<void> {
  const settings = keys.filter((k) => !SECRET_COMMAND[k]);
  const secret = keys.map((k) => SECRET_COMMAND[k]).find((c) => c !== undefined);
  const open = 'Open Settings';
  const actions = [...(settings.length ? [open] : []), ...(secret ? [secret.title] : [])];
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === open)
    await vscode.commands.executeCommand(
      'workbench.action.openSettings',
      `@id:${settings.map((k) => `${PREFIX}.${k}`).join(',')}`,
    );
  else if (secret && choice === secret.title) await vscode.commands.executeCommand(`${PREFIX}.${secret.command}`);
}

/** "Rally needs sreTracker.rally.workspace and sreTracker.rally.parentId": the keys as the Settings editor shows them. */
export function missingText(what: string, keys: readonly SettingKey[]): string {
  const names = keys.map((k) => `${PREFIX}.${k}`);
  if (names.length === 0) return '';
  return `${what} needs ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}` : (names[0] ?? '')} to be set.`;
}

/** A command failed on a setting (one missing, or one the server refused): its message, and the button that fixes it. */
export function settingErrorKeys(e: unknown): SettingKey[] {
  return e instanceof SettingError ? [e.setting] : [];
}
