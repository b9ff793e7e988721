/** What every command shares: refused when untrusted, failures said once with their fix, cancel as information. */
import * as vscode from 'vscode';

import { CancelledError, describeError, stackOf } from '../core/errors';
import { pageService } from '../core/integrations/registry';
import { type CommandSpec } from './commands';
import { nameSetting } from './config';
import { type Ctx } from './ctx';
import { failureText } from './failure-text';
import { PREFIX } from './ids';
import { offerSettings, settingErrorKeys } from './settings-prompt';

/** The handler VS Code registers for `id`: its result goes back to executeCommand's caller. */
export function guarded(ctx: Ctx, id: string, spec: CommandSpec): (...args: unknown[]) => Promise<unknown> {
  const handler = spec.run(ctx);
  return async (...args) => {
    if (spec.needsTrust && !vscode.workspace.isTrusted) return refuseUntrusted(spec.title);
    try {
      return await handler(...args);
    } catch (e) {
      // Cancel is the user's own choice: said once, in the user's words; which request stopped is for the log.
      if (e instanceof CancelledError) {
        ctx.log.info(`${spec.title}: ${e.message}`);
        void vscode.window.showInformationMessage(`SRE: ${spec.title} cancelled.`);
        return undefined;
      }
      ctx.log.error(`${spec.title}: ${stackOf(e) ?? describeError(e, nameSetting)}`);
      // A setting at fault (missing, or refused by the server) comes with the button that opens it; a credential
      // stored from its button (a 401's Set … Token) is tried at once, as the user meant.
      void offerSettings(failureText(spec.title, e), settingErrorKeys(e)).then(
        (stored) => stored && vscode.commands.executeCommand(`${PREFIX}.${id}`, ...args),
      );
      return undefined;
    }
  };
}

async function refuseUntrusted(title: string): Promise<undefined> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `"SRE: ${title}" writes files or reaches your tracker and ${pageService().name}, so it is disabled in an untrusted workspace. Browsing still works.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return undefined;
}
