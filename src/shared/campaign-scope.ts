/** Which items a campaign covers: for its progress (core) and the dashboard's campaign filter (webview) alike. */

export interface CampaignScope {
  /** Flow names; empty = every flow. */
  flows: string[];
  /** Tiers; empty = every tier (an asset without a tier is then in too). */
  tiers: number[];
  /** Empty = every pillar. */
  pillar: string;
  /** Empty = every capability. */
  capability: string;
}

export function inCampaign(
  c: CampaignScope,
  at: { flow: string; tier: number | null | undefined; pillar: string; capability: string },
): boolean {
  return (
    (c.flows.length === 0 || c.flows.includes(at.flow)) &&
    (c.tiers.length === 0 || (typeof at.tier === 'number' && c.tiers.includes(at.tier))) &&
    (!c.pillar || c.pillar === at.pillar) &&
    (!c.capability || c.capability === at.capability)
  );
}
