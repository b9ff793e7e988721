/** Builds the work tracker and the page through their adapters from settings and secrets, the same way for the CLI and the extension. */
import { type SettingKey } from '../errors';
import { type TrackerSettings } from '../settings';
import { type ClientHooks } from './client-options';
import { type PageTarget } from './page-target';
import { pageService, trackerAdapter } from './registry';
import { isGiven } from './settings';
import { type ServiceDeclaration } from './tracker-adapter';
import { type WorkTracker } from './work-tracker';

/** The configured tracker, built by its adapter; `secret` is its API key or token. */
export function workTracker(
  settings: TrackerSettings,
  secret: string | undefined,
  hooks: ClientHooks = {},
): WorkTracker {
  return trackerAdapter(settings.tracker).create(settings, secret, hooks);
}

/** The page the To-Do list goes on, built by its service; `token` is its credential. */
export function pageTarget(
  settings: TrackerSettings,
  token: string | undefined,
  hooks: ClientHooks = {},
): Promise<PageTarget> {
  return pageService().create(settings, token, hooks);
}

/** A service's settings (its secret aside): the ones it lacks, and whether any of them is given at all. */
export interface SetupGaps {
  missing: SettingKey[];
  started: boolean;
}

/** What `service` needs and lacks, as it declares: what Create and Sync both say. */
function gapsOf(service: ServiceDeclaration, settings: TrackerSettings): SetupGaps {
  const required = service.settings.filter((s) =>
    typeof s.required === 'function' ? s.required(settings) : s.required === true,
  );
  const given = required.map((s) => [s.key, isGiven(settings, s)] as const);
  return { missing: given.filter(([, g]) => !g).map(([k]) => k), started: given.some(([, g]) => g) };
}

/** What the configured tracker needs and lacks. */
export function trackerGaps(settings: TrackerSettings): SetupGaps {
  return gapsOf(trackerAdapter(settings.tracker), settings);
}

/** What the page needs and lacks (for Confluence, the account email only on Cloud). */
export function pageGaps(settings: TrackerSettings): SetupGaps {
  return gapsOf(pageService(), settings);
}
