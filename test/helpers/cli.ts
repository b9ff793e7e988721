/** Runs the CLI under test (see cli-under-test.ts) with scripted stdin, capturing its output. */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';

import { run } from '../../src/cli/main';
import { CLI_ARGS, UNDER_TEST_IS_SOURCE } from './cli-under-test';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

/** The CLI users run, as a child process (asynchronous: the fakes it talks to live in this process). */
export async function cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (UNDER_TEST_IS_SOURCE) return cliInProcess(args, options);
  // The CLI sees only the variables a test gives, as in-process; PATH and HOME let it find git as a user's would.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: options.cwd ?? process.cwd(), env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  return { code, stdout, stderr };
}

/** The CLI's `run` in this process: for tests that register a tracker of their own, which only this process knows. */
export async function cliInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
