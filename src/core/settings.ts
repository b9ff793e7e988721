/**
 * The settings every part of core reads, and the one way settings are read: from a SettingSource, which the CLI
 * builds on its environment (.env) and the extension on VS Code's settings. Core declares its own in
 * domain/core-settings.ts; each service's belong to its adapter (integrations/settings.ts puts them together).
 */
import { DEFAULT_THRESHOLDS, type StatusMode, type Thresholds } from '../shared/status';
import { type TrackerKind } from './domain/items';
import { inputError, type SettingKey } from './errors';

/** Limits on every request to an outside service. */
export interface NetworkSettings {
  /** The whole of one attempt, answer included. */
  timeoutSeconds: number;
  /** Largest answer accepted. */
  maxResponseMegabytes: number;
}

/** How finely the metrics are labelled: per item, per asset or per flow (issue 30). */
export const GRANULARITIES = ['item', 'asset', 'flow'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Reopen the done work item, open a follow-up linked to it, or only comment on it. */
export const STILL_SHORT = ['reopen', 'follow-up', 'comment'] as const;
export type StillShort = (typeof STILL_SHORT)[number];

/** Where and how the Prometheus metrics go. */
export interface MetricsSettings {
  /** A Pushgateway's address; '' for none. */
  pushUrl: string;
  granularity: Granularity;
}

export interface CoreSettings {
  /** undefined: `targets` when targets.csv exists, else `thresholds`. */
  statusMode: StatusMode | undefined;
  thresholds: Thresholds;
  staleAfterDays: number;
  /** Items are due for re-attestation this many days before their answers expire. */
  dueSoonDays: number;
  storyNameTemplate: string | undefined;
  /** What sync does when a done work item's item is re-assessed still short of its target (issue 39). */
  stillShort: StillShort;
  /** Where gaps become work: the kind of a registered tracker adapter. */
  tracker: TrackerKind;
  network: NetworkSettings;
  metrics: MetricsSettings;
}

/**
 * Core's settings, and where every service reads its own from, typed, when it needs them (its adapter's reader
 * over `settings.source`): one way to read a setting, whatever declared it.
 */
export interface TrackerSettings extends CoreSettings {
  source: SettingSource;
}

/** Where setting values come from; every reader below takes one, so the CLI and the extension read alike. */
export interface SettingSource {
  /** The value, trimmed; '' when not given. */
  text(key: SettingKey): string;
  /** A list; undefined when not given (the default applies), [] when given empty. */
  list(key: SettingKey): string[] | undefined;
  /** A number as given; undefined when not given. */
  number(key: SettingKey): number | string | undefined;
  /** The status thresholds as given, each undefined when not given. */
  thresholds(): Partial<Thresholds>;
  /** What an error calls the setting: its variable (SRE_STATUS_MODE) or "Setting sreTracker.statusMode". */
  name(key: SettingKey): string;
}

export const DEFAULT_NETWORK: NetworkSettings = { timeoutSeconds: 30, maxResponseMegabytes: 64 };
/** Every SRE work item carries it (a tag, a label), so sync reads ours and not every item under the parent. */
export const DEFAULT_TAGS = ['sre'];
export const DEFAULT_STALE_AFTER_DAYS = 180;
export const DEFAULT_DUE_SOON_DAYS = 14;

/** The range each numeric setting takes: beyond it a value is a typo, or overflows a timer (setTimeout's 24.8 days). */
export const LIMITS = {
  staleAfterDays: { min: 0, max: 3650 },
  dueSoonDays: { min: 0, max: 365 },
  timeoutSeconds: { min: 1, max: 3600 },
  maxResponseMegabytes: { min: 1, max: 1024 },
  redDays: { min: 1, max: 3650 },
} as const;

/** A whole number from a setting, variable or option within `range`, or the default when it is not given. */
export function parseLimit(
  value: string | number | undefined,
  fallback: number,
  source: string,
  range: { min: number; max: number },
): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max)
    throw inputError(`${source} must be a whole number from ${range.min} to ${range.max}, not "${value}"`);
  return n;
}

function parseStillShort(value: string, source: string): StillShort {
  if (value === '') return 'reopen';
  if ((STILL_SHORT as readonly string[]).includes(value)) return value as StillShort;
  throw inputError(`${source} must be one of ${STILL_SHORT.join(', ')}, not "${value}"`);
}

export function parseStatusMode(value: string, source: string): StatusMode | undefined {
  // "auto" (or nothing): targets when targets.csv exists, else thresholds.
  if (value === '' || value === 'auto') return undefined;
  if (value === 'thresholds' || value === 'targets') return value;
  throw inputError(`${source} must be "auto", "thresholds" or "targets", not "${value}"`);
}

/** A tracker kind as given; whether an adapter knows it is the registry's to say (integrations/registry.ts). */
export function parseTracker(value: string, source: string, fallback: TrackerKind): TrackerKind {
  if (value === '') return fallback;
  if (!/^[a-z][a-z0-9-]*$/.test(value))
    throw inputError(`${source} must name a tracker such as "${fallback}" (lower-case letters), not "${value}"`);
  return value;
}

export function checkThresholds(t: Thresholds, source: string): Thresholds {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 4;
  if (!ok(t.amberFrom) || !ok(t.greenFrom) || t.amberFrom > t.greenFrom) {
    throw inputError(`${source}: amberFrom and greenFrom must be levels 0..4 with amberFrom ≤ greenFrom`);
  }
  return t;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A list that is given and not empty, else undefined (for lists whose default applies when left empty). */
export function nonEmpty(list: string[] | undefined): string[] | undefined {
  return list?.length ? list : undefined;
}

export function parseGranularity(value: string, source: string): Granularity {
  if (value === '') return 'asset';
  if (!(GRANULARITIES as readonly string[]).includes(value))
    throw inputError(`${source} must be one of ${GRANULARITIES.join(', ')}, not "${value}"`);
  return value as Granularity;
}

/** The host (and port) a credential would go to, lower-cased, as SRE_ALLOWED_HOSTS and VS Code's consent name it; '' for no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** Core's own settings from `s`; `defaultTracker` applies when none is named. */
export function readCoreSettings(s: SettingSource, defaultTracker: TrackerKind): CoreSettings {
  const t = s.thresholds();
  return {
    statusMode: parseStatusMode(s.text('statusMode'), s.name('statusMode')),
    thresholds: checkThresholds(
      {
        amberFrom: t.amberFrom ?? DEFAULT_THRESHOLDS.amberFrom,
        greenFrom: t.greenFrom ?? DEFAULT_THRESHOLDS.greenFrom,
      },
      s.name('statusThresholds'),
    ),
    staleAfterDays: parseLimit(
      s.number('staleAfterDays'),
      DEFAULT_STALE_AFTER_DAYS,
      s.name('staleAfterDays'),
      LIMITS.staleAfterDays,
    ),
    dueSoonDays: parseLimit(s.number('dueSoonDays'), DEFAULT_DUE_SOON_DAYS, s.name('dueSoonDays'), LIMITS.dueSoonDays),
    storyNameTemplate: s.text('storyNameTemplate') || undefined,
    tracker: parseTracker(s.text('tracker'), s.name('tracker'), defaultTracker),
    stillShort: parseStillShort(s.text('sync.stillShort'), s.name('sync.stillShort')),
    network: {
      timeoutSeconds: parseLimit(
        s.number('network.timeoutSeconds'),
        DEFAULT_NETWORK.timeoutSeconds,
        s.name('network.timeoutSeconds'),
        LIMITS.timeoutSeconds,
      ),
      maxResponseMegabytes: parseLimit(
        s.number('network.maxResponseMegabytes'),
        DEFAULT_NETWORK.maxResponseMegabytes,
        s.name('network.maxResponseMegabytes'),
        LIMITS.maxResponseMegabytes,
      ),
    },
    metrics: {
      pushUrl: s.text('metrics.pushUrl'),
      granularity: parseGranularity(s.text('metrics.granularity'), s.name('metrics.granularity')),
    },
  };
}
