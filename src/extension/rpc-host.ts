/** The host end of the webview protocol: validates every inbound message, runs its typed handler, answers with the same id. */
import type * as vscode from 'vscode';

import { describeError, stackOf } from '../core/errors';
import { type Handlers, parseRequest, type Push, type Response } from '../shared/protocol';
import { nameSetting } from './config';

export function serveRequests<R>(
  webview: vscode.Webview,
  validators: Parameters<typeof parseRequest<R>>[1],
  handlers: Handlers<R>,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return webview.onDidReceiveMessage(async (message: unknown) => {
    const parsed = parseRequest<R>(message, validators);
    if ('error' in parsed) {
      log.warn(`webview message refused: ${parsed.error}`);
      if (parsed.id !== undefined)
        void webview.postMessage({ id: parsed.id, ok: false, error: parsed.error } satisfies Response);
      return;
    }
    const { id, type, params } = parsed.request;
    let response: Response;
    try {
      const handler = handlers[type as keyof R] as (p: unknown) => Promise<unknown>;
      response = { id, ok: true, result: await handler(params) };
    } catch (e) {
      const error = describeError(e, nameSetting);
      const stack = stackOf(e);
      if (stack) log.error(`${String(type)}: ${stack}`);
      response = { id, ok: false, error };
    }
    void webview.postMessage(response);
  });
}

export function push(webview: vscode.Webview, message: Push): void {
  void webview.postMessage(message);
}
