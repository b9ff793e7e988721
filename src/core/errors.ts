/** The one error type core throws: a message a user can act on, and whether the cause was their input. */

/** `input`: bad usage, configuration or file content (CLI exit 2); `runtime`: failed while running (exit 1). */
export type ErrorKind = 'input' | 'runtime';

export class SreError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind = 'runtime',
    options?: { cause?: unknown },
  ) {
    super(redact(message), options);
    this.name = 'SreError';
  }
}

/**
 * A setting a user may be asked to set, by its key under `sreTracker.` (secrets included; integrations/settings.ts
 * lists them all). Core names the key; each adapter words it for its user: the CLI names the environment variable,
 * the extension the setting or command.
 */
export type SettingKey = string;

/** "The parent is not set" + the setting to fix it; `hint` says what a good value looks like. */
export class SettingError extends SreError {
  constructor(
    readonly problem: string,
    readonly setting: SettingKey,
    readonly hint = '',
  ) {
    super(`${problem}: set ${setting}${hint ? ` (${hint})` : ''}`, 'input');
    this.name = 'SettingError';
  }

  /** The message with the setting named as `name` calls it. */
  wordedWith(name: (key: SettingKey) => string): string {
    return redact(`${this.problem}: ${name(this.setting)}${this.hint ? ` (${this.hint})` : ''}`);
  }
}

/** The user cancelled: information, not a failure; `message` says what was (not) done. */
export class CancelledError extends SreError {
  constructor(message: string) {
    super(message, 'runtime');
    this.name = 'CancelledError';
  }
}

/** The forms of every secret in use (as given, base64, URL-encoded), longest first so a form is never half-replaced. */
let secretForms: string[] = [];

/** Shorter values are not worth hiding and would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;

/**
 * Marks a credential (an API key, a token, a basic-auth `user:token`) as secret for this process: from now on
 * `redact`, and so every message, log line and error, hides it and its base64 and URL-encoded forms, whatever
 * their source (a server echoing a header back included).
 */
export function keepSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  const base64 = Buffer.from(value).toString('base64');
  const forms = [value, base64, base64.replace(/=+$/, ''), encodeURIComponent(value), encodeURIComponent(base64)];
  secretForms = [...new Set([...secretForms, ...forms])].sort((a, b) => b.length - a.length);
}

/** Credentials pasted into a URL (`https://user:secret@host`) and every kept secret never reach a message or a log line. */
export function redact(text: string): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]*@/gi, '$1***@');
  for (const form of secretForms) if (out.includes(form)) out = out.split(form).join('***');
  return out;
}

/**
 * What to tell a user about any thrown value: our errors' own words; anything else (sql.js throws plain strings)
 * as an unexpected error, with its text, never "undefined".
 */
export function describeError(e: unknown, nameSetting?: (key: SettingKey) => string): string {
  if (e instanceof SettingError && nameSetting) return e.wordedWith(nameSetting);
  return e instanceof SreError ? e.message : `unexpected error: ${errorText(e)}`;
}

/** The text of any thrown value, redacted. */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
  return redact(text);
}

/** The stack of an unexpected error, for --verbose and the output channel; undefined for our own errors. */
export function stackOf(e: unknown): string | undefined {
  return e instanceof Error && !(e instanceof SreError) && e.stack ? redact(e.stack) : undefined;
}

export function inputError(message: string): SreError {
  return new SreError(message, 'input');
}

/** One problem found while reading a file, located by line and column so the user can find it. */
export interface Problem {
  file: string;
  line: number;
  column?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.column ? `${p.file} line ${p.line}, column ${p.column}` : `${p.file} line ${p.line}`;
  return `${where}: ${p.message}`;
}

/** Raised with every problem of a file at once, so one run shows the user all they must fix. */
export class FileProblemsError extends SreError {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'), 'input');
    this.name = 'FileProblemsError';
  }
}
