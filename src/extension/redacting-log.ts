/**
 * The output channel, with every line redacted on its way in: a secret a server echoed, or an address that held
 * credentials, never reaches the log, whichever code logs it (retry messages, warnings, errors).
 */
import type * as vscode from 'vscode';

import { redact } from '../core/errors';

const WRITES = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

export function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && WRITES.has(property))
        return (message: unknown, ...rest: unknown[]) =>
          (value as (...a: unknown[]) => unknown).call(
            target,
            typeof message === 'string'
              ? redact(message)
              : message instanceof Error
                ? redact(message.stack ?? message.message)
                : message,
            ...rest,
          );
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
