/** Argument parsing for subcommands, on node's parseArgs, turning its errors into usage errors. */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { inputError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  dir: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw inputError((e as Error).message.replace(/\. To specify.*$/s, ''));
  }
}

export function yesNoList(text: string): boolean[] {
  return text.split(',').map((s, i) => {
    const v = s.trim().toLowerCase();
    if (v === 'yes' || v === 'y') return true;
    if (v === 'no' || v === 'n') return false;
    throw inputError(`--answers: answer ${i + 1} is "${s}"; use yes or no`);
  });
}
