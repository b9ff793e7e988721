/** Where a CLI run works (the data folder) and with which settings (.env plus environment). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { parse as parseDotenv } from 'dotenv';

import { controlCharacterIn } from '../core/domain/control-characters';
import { inputError, keepSecret } from '../core/errors';
import { pageService, services, trackerAdapter } from '../core/integrations/registry';
import { settingsFromEnv } from '../core/integrations/settings';
import { type ServiceDeclaration } from '../core/integrations/tracker-adapter';
import { hostOf, splitList, type TrackerSettings } from '../core/settings';
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
  for (const service of services()) {
    const value = env[service.secret.env];
    if (value) keepSecret(value);
  }
  const names = new Set(Object.keys(fromFile).filter((n) => io.env[n] === undefined));
  const settings = settingsFromEnv(env);
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

/** A service's credential from the environment (its declared variable), under the rule above. */
function serviceSecret(ctx: CliContext, service: ServiceDeclaration): string | undefined {
  const address = service.settings.find((s) => s.key === service.address)?.env ?? '';
  return guardedCredential(ctx, address, service.secret.env);
}

/** The configured tracker's secret (the variable its adapter declares, such as ACME_API_KEY). */
export function trackerSecret(ctx: CliContext): string | undefined {
  return serviceSecret(ctx, trackerAdapter(ctx.settings.tracker));
}

/** The page's token (its service's variable). */
export function pageToken(ctx: CliContext): string | undefined {
  return serviceSecret(ctx, pageService());
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
