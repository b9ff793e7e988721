/** When to ask a server again: what a 429 or 5xx said (Retry-After, X-RateLimit-Reset), else backoff; said in words. */

/** What a 429 or 5xx said about when to ask again. */
export interface RetryHint {
  /** Retry-After: seconds, or an HTTP date. */
  retryAfter?: unknown;
  /** X-RateLimit-Reset: when the limit resets, ISO 8601 (Atlassian: yyyy-MM-ddTHH:mmZ). */
  reset?: unknown;
}

/** The longest we wait between two attempts, so a hostile header cannot stall us for long. */
export const MAX_WAIT_MS = 60_000;

function headerMs(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/** How long the server asked us to wait, uncapped: Retry-After, else X-RateLimit-Reset. */
export function askedWaitMs(hint: RetryHint): number | undefined {
  const now = Date.now();
  return headerMs(hint.retryAfter, now) ?? headerMs(hint.reset, now);
}

/** "40 s", "5 min", "3 h". */
export function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return seconds < 7200 ? `${Math.ceil(seconds / 60)} min` : `${Math.ceil(seconds / 3600)} h`;
}

/** The local time "14:05", with the date when it is not today. */
export function clock(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  if (at.toDateString() === new Date().toDateString()) return time;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

/**
 * How long to wait before attempt `attempt + 1`, as Atlassian's rate-limiting guide says
 * (developer.atlassian.com/cloud/jira/platform/rate-limiting/): Retry-After is the least wait (asking sooner is
 * refused again), else X-RateLimit-Reset, else exponential backoff. A random extra of up to a fifth is added, never
 * taken off, so clients throttled together do not all come back at the same moment.
 */
export function retryDelayMs(hint: RetryHint, attempt: number, random: () => number = Math.random): number {
  const now = Date.now();
  const base = headerMs(hint.retryAfter, now) ?? headerMs(hint.reset, now) ?? Math.min(30_000, 500 * 2 ** attempt);
  return Math.min(MAX_WAIT_MS, Math.round(base * (1 + random() / 5)));
}
