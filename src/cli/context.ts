/** Where a CLI run works (the data folder) and with which settings (.env plus environment). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { parse as parseDotenv } from 'dotenv';

import { controlCharacterIn } from '../core/domain/control-characters';
import { inputError, keepSecret } from '../core/errors';
import { trackerAdapter, trackerAdapters } from '../core/integrations/registry';
import { settingsFromEnv, type TrackerSettings } from '../core/integrations/settings';
import { hostOf, splitList } from '../core/settings';
import { Workspace } from '../core/workspace';
import { type Io } from './io';

export interface CliContext {
  io: Io;
  dir: string;
  env: Readonly<Record<string, string | undefined>>;
  settings: TrackerSettings;
  /** The .env file read, if any, and the variables whose value came from it (not overridden by the environment). */
  envFile?: { path: string; names: ReadonlySet<string> };
}

/** `--dir`, else SRE_TRACKER_DIR, else the current folder; .env from the data folder, else the current folder. */
export function cliContext(io: Io, dirOption: string | undefined): CliContext {
  const dir = path.resolve(io.cwd, dirOption ?? io.env.SRE_TRACKER_DIR ?? io.cwd);
  const envFile = [path.join(dir, '.env'), path.join(io.cwd, '.env')].find((f) => fs.existsSync(f));
  const fromFile = envFile ? parseDotenv(fs.readFileSync(envFile)) : {};
  // Real environment variables win over .env, as dotenv does by default.
  const env = { ...fromFile, ...io.env };
  for (const name of [...trackerAdapters().map((a) => a.secret.env), CONFLUENCE.secret]) {
    const value = env[name];
    if (value) keepSecret(value);
  }
  const names = new Set(Object.keys(fromFile).filter((n) => io.env[n] === undefined));
  const settings = settingsFromEnv(env);
  // Each tracker adapter's own settings, by the variables it declares.
  for (const s of trackerAdapters().flatMap((a) => a.settings)) {
    const value = env[s.env]?.trim();
    if (value) settings.extra[s.key] = value;
  }
  return { io, dir, env, settings, envFile: envFile ? { path: envFile, names } : undefined };
}

/**
 * A service's credential, once it is sure where it goes. A .env file sits in the repository, where anyone who can
 * push may write it: an address read from it never receives a credential from somewhere else (the environment, a
 * CI secret), unless the environment names that host in SRE_ALLOWED_HOSTS. Address and credential from the same
 * source are the user's own choice.
 */
function guardedCredential(ctx: CliContext, server: string, secret: string): string | undefined {
  const value = ctx.env[secret];
  const file = ctx.envFile;
  if (!value || !file?.names.has(server) || file.names.has(secret)) return value;
  const host = hostOf(ctx.env[server] ?? '');
  const allowed = splitList(ctx.io.env.SRE_ALLOWED_HOSTS ?? '').map((h) => h.toLowerCase());
  if (host && allowed.includes(host)) return value;
  throw inputError(
    `${server} comes from ${file.path} but ${secret} from the environment: the credential is not sent to ${host || ctx.env[server]} ` +
      `named by a file in the repository. Set ${server} in the environment too, or allow the host with SRE_ALLOWED_HOSTS=${host || 'HOST'} in the environment`,
  );
}

export function openWorkspace(ctx: CliContext): Promise<Workspace> {
  return Workspace.open(ctx.dir, ctx.settings);
}

/** The data folder as it was at `ref` (`--at`), read from git, with the settings of now; as it is without `ref`. */
export function openWorkspaceAt(ctx: CliContext, ref: string | undefined): Promise<Workspace> {
  return Workspace.at(ctx.dir, ctx.settings, ref);
}

const CONFLUENCE = { server: 'CONFLUENCE_URL', secret: 'CONFLUENCE_API_TOKEN' };

/** The configured tracker's secret from the environment (its adapter's variable: RALLY_API_KEY, JIRA_API_TOKEN…). */
export function trackerSecret(ctx: CliContext): string | undefined {
  const adapter = trackerAdapter(ctx.settings.tracker);
  const address = adapter.settings.find((s) => s.key === adapter.address)?.env ?? '';
  return guardedCredential(ctx, address, adapter.secret.env);
}

/** The Confluence token from the environment, under the same rule as the tracker's secret. */
export function confluenceToken(ctx: CliContext): string | undefined {
  return guardedCredential(ctx, CONFLUENCE.server, CONFLUENCE.secret);
}

/** Who made a change, for the history: --by, else SRE_USER, else the login name. */
export function actor(ctx: CliContext, by: string | undefined): string {
  const [source, name] =
    by !== undefined
      ? ['--by', by]
      : ctx.env.SRE_USER !== undefined
        ? ['SRE_USER', ctx.env.SRE_USER]
        : ['', ctx.env.USER ?? ctx.env.USERNAME ?? 'cli'];
  // A line break here would forge a line of its own in `dump`, which reviewers read in pull requests.
  const found = controlCharacterIn(name, true);
  if (found)
    throw inputError(
      `${source || 'the login name'} "${name.replace(/[^\x20-\x7e]/g, '?')}" contains ${found}: give a name on one line`,
    );
  return name;
}
