/** Real git repositories in temp folders for the tests of sre_data.db in git: set up, committed, assessed on branches. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { defaultSettings } from '../../src/core/integrations/settings';
import { Workspace } from '../../src/core/workspace';
import { cli } from './cli';
import { CLI_COMMAND } from './cli-under-test';
import { assessAtLevel, tempDir } from './workspace';

export const ROOT = path.resolve(__dirname, '../..');
/** sre-tracker as git will run it: the CLI under test. */
export const CLI = CLI_COMMAND;
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository whose data folder is its root: set up, first commit on main; `drivers`: with sre-tracker registered as merge and diff driver. */
export async function repository(drivers: boolean): Promise<string> {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  const setup = await cli([
    'setup',
    '--dir',
    dir,
    '--flow',
    'Checkout',
    '--assets',
    'web,api',
    '--flow',
    'Login',
    '--assets',
    'auth',
  ]);
  assert.equal(setup.code, 0, setup.stderr);
  assert.match(
    fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'),
    /^sre_data\.db -text merge=sre-tracker diff=sre-tracker$/m,
  );
  if (drivers) {
    const registered = await cli(['git-setup', '--dir', dir, '--cli', CLI]);
    assert.equal(registered.code, 0, registered.stderr);
    assert.match(registered.stdout, /^Registered/);
    assert.match((await cli(['git-setup', '--dir', dir, '--cli', CLI])).stdout, /^Already registered/, 'idempotent');
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'set up');
  return dir;
}

export async function on<T>(dir: string, fn: (ws: Workspace) => T): Promise<T> {
  const ws = await Workspace.open(dir, defaultSettings());
  try {
    return fn(ws);
  } finally {
    ws.store.close();
  }
}

export async function commitAssessment(
  dir: string,
  branch: string,
  key: string,
  level: number,
  by: string,
): Promise<void> {
  git(dir, 'checkout', '-q', branch);
  await on(dir, (ws) => assessAtLevel(ws, [key], level, by));
  git(dir, 'commit', '-q', '-am', `${by} assesses ${key}`);
}
