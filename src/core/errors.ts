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

/** Credentials pasted into a URL (`https://user:secret@host`) never reach a message or a log line. */
export function redact(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]*@/gi, '$1***@');
}

/**
 * What to tell a user about any thrown value: our errors' own words; anything else (sql.js throws plain strings)
 * as an unexpected error, with its text, never "undefined".
 */
export function describeError(e: unknown): string {
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
