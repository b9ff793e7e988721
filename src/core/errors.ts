/** The one error type core throws: a message a user can act on, and whether the cause was their input. */

/** `input`: bad usage, configuration or file content (CLI exit 2); `runtime`: failed while running (exit 1). */
export type ErrorKind = 'input' | 'runtime';

export class SreError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind = 'runtime',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SreError';
  }
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
