/** Commands that store and clear credentials, and show what AI assistants are offered. */
import * as vscode from 'vscode';

import { showAssistantTools } from '../assistant-tools';
import { type CommandId } from '../ids';
import { storedSecrets } from '../service-commands';
import { type CommandSpec } from './spec';

/** True when a credential was stored: the command that asked for it (a 401's Set … Token) then runs again. */
function storedSaid(secret: string | undefined, what: string): boolean {
  if (secret) void vscode.window.showInformationMessage(`${what} stored in VS Code secret storage.`);
  return secret !== undefined;
}

/** Set … for every credential a service or the Pushgateway declares: asks, stores, and says so. */
export function secretCommands(): Record<string, CommandSpec> {
  return Object.fromEntries(
    storedSecrets().map((secret): [string, CommandSpec] => [
      secret.id,
      {
        title: secret.title,
        needsTrust: false,
        run: (ctx) => async () => storedSaid(await ctx.secrets.ask(secret.key), secret.name),
      },
    ]),
  );
}

export const SETTINGS_COMMANDS = {
  showAssistantTools: {
    title: 'Show AI Assistant Tools',
    needsTrust: false,
    run: (ctx) => () => showAssistantTools(ctx),
  },
  clearCredentials: {
    title: 'Clear Credentials',
    needsTrust: false,
    // Asks which, then confirms: a credential removed by mistake means asking a vendor for a new one.
    run: (ctx) => async () => {
      const stored = await ctx.secrets.stored();
      if (stored.length === 0) {
        void vscode.window.showInformationMessage('No SRE credentials are stored in VS Code secret storage.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        stored.map((s) => ({ label: s.label, key: s.key })),
        {
          canPickMany: true,
          title: 'Clear Credentials',
          placeHolder: 'Tick the credentials to remove from secret storage (Space), then Enter',
        },
      );
      if (!picked) return;
      // Enter with nothing ticked is said, not a silent close that looks like it worked (issue 43.14).
      if (picked.length === 0) {
        void vscode.window.showInformationMessage('Nothing was removed: tick a credential first (Space), then Enter.');
        return;
      }
      const names = picked.map((p) => p.label).join(', ');
      const remove = 'Remove';
      const sure = await vscode.window.showWarningMessage(
        `Remove ${names} from secret storage?`,
        { modal: true, detail: 'You will be asked for them again the next time they are needed.' },
        remove,
      );
      if (sure !== remove) return;
      await ctx.secrets.clear(picked.map((p) => p.key));
      void vscode.window.showInformationMessage(`Removed ${names} from secret storage.`);
    },
  },
} satisfies Partial<Record<CommandId, CommandSpec>>;
