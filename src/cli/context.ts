/** Where a CLI run works (the data folder) and with which settings (.env plus environment). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { settingsFromEnv, type TrackerSettings } from '../core/settings';
import { Workspace } from '../core/workspace';
import { type Io } from './io';

export interface CliContext {
  io: Io;
  dir: string;
  env: Readonly<Record<string, string | undefined>>;
  settings: TrackerSettings;
}

/** `--dir`, else SRE_TRACKER_DIR, else the current folder; .env from the data folder, else the current folder. */
export function cliContext(io: Io, dirOption: string | undefined): CliContext {
  const dir = path.resolve(io.cwd, dirOption ?? io.env.SRE_TRACKER_DIR ?? io.cwd);
  const envFile = [path.join(dir, '.env'), path.join(io.cwd, '.env')].find((f) => fs.existsSync(f));
  // Real environment variables win over .env, as dotenv does by default.
  const env = { ...(envFile ? parseDotenv(fs.readFileSync(envFile)) : {}), ...io.env };
  return { io, dir, env, settings: settingsFromEnv(env) };
}

export function openWorkspace(ctx: CliContext): Promise<Workspace> {
  return Workspace.open(ctx.dir, ctx.settings);
}

/** The configured tracker's secret from the environment: RALLY_API_KEY or JIRA_API_TOKEN. */
export function trackerSecret(ctx: CliContext): string | undefined {
  return ctx.settings.tracker === 'jira' ? ctx.env.JIRA_API_TOKEN : ctx.env.RALLY_API_KEY;
}

/** Who made a change, for the history: --by, else SRE_USER, else the login name. */
export function actor(ctx: CliContext, by: string | undefined): string {
  return by ?? ctx.env.SRE_USER ?? ctx.env.USER ?? ctx.env.USERNAME ?? 'cli';
}
