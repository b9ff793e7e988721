/** Argument parsing for subcommands, on node's parseArgs, turning its errors into usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { errorText, inputError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  dir: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Parses options; words beyond the `positionals` a command takes (none by default) are refused, never ignored. */
export function parse<O extends Options>(args: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (e) {
    throw inputError(errorText(e).replace(/\. To specify.*$/s, ''));
  }
  const extra = parsed.positionals.slice(positionals);
  if (extra.length > 0)
    throw inputError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => `"${a}"`).join(' ')} (options start with --; quote values with spaces)`,
    );
  return parsed;
}

export function yesNoList(text: string): boolean[] {
  return text.split(',').map((s, i) => {
    const v = s.trim().toLowerCase();
    if (v === 'yes' || v === 'y') return true;
    if (v === 'no' || v === 'n') return false;
    throw inputError(`answer ${i + 1} is "${s}"; use yes or no`);
  });
}
