/** Stable keys for flows, assets, capabilities and items: derived from names only, so a rebuild gives the same keys. */

/** Lower-case letters and digits of any script, runs of anything else folded to one dash. */
export function slug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** `checkout/payments-api/monitoring-alerting`: what stories, reports and the CLI use to name an item. */
export function itemKey(flow: string, asset: string, capability: string): string {
  return `${slug(flow)}/${slug(asset)}/${slug(capability)}`;
}
