/** Stable keys for flows, assets, capabilities and items: derived from names only, so a rebuild gives the same keys. */
import { createHash } from 'node:crypto';

/** The longest slug; longer ones keep a readable start and a hash of the whole, so three always fit a work item's title (256). */
export const MAX_SLUG_LENGTH = 60;
/** flow/asset/capability at their longest. */
export const MAX_KEY_LENGTH = 3 * MAX_SLUG_LENGTH + 2;
const HASH_LENGTH = 8;

/** A slug cut to MAX_SLUG_LENGTH: its start, a dash, and the first hex digits of its SHA-256 (stable across runs and machines). */
export function boundSlug(full: string): string {
  if (full.length <= MAX_SLUG_LENGTH) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  return `${full.slice(0, MAX_SLUG_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
}

/** Lower-case letters and digits of any script, runs of anything else folded to one dash, at most MAX_SLUG_LENGTH long. */
export function slug(name: string): string {
  return boundSlug(
    name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  );
}

/** `checkout/payments-api/monitoring-alerting`: what stories, reports and the CLI use to name an item. */
export function itemKey(flow: string, asset: string, capability: string): string {
  return `${slug(flow)}/${slug(asset)}/${slug(capability)}`;
}
