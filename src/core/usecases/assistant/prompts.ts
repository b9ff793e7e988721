/** Prompts an assistant offers its user: ready-made requests that lead the model through the tools in a sound order. */
export interface AssistantPrompt {
  name: string;
  title: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
  text(args: Record<string, string | undefined>): string;
}

export const PROMPTS: readonly AssistantPrompt[] = [
  {
    name: 'assess-asset',
    title: 'Assess an asset with its evidence',
    description: "Walks an asset's capabilities with what its repository shows, proposing answers for you to confirm.",
    arguments: [
      { name: 'flow', description: 'The business flow, e.g. Checkout', required: true },
      { name: 'asset', description: 'The asset in it, e.g. payments-api', required: true },
    ],
    text: (a) =>
      `Help me assess the asset "${a.asset ?? ''}" of the flow "${a.flow ?? ''}". First call find_evidence for it and list_items for it. For each capability below its target, call get_item, then propose answers to its next level's questions, saying which repository finding supports each yes. Do not record anything until I confirm the answers for a capability; then use record_assessment for that capability only.`,
  },
  {
    name: 'weekly-status',
    title: 'Weekly status for an owner',
    description: "A short weekly status of one team's maturity: score, what is Red, what changed, what to do next.",
    arguments: [{ name: 'owner', description: 'The owning team, as in flows.csv', required: true }],
    text: (a) =>
      `Write a weekly SRE maturity status for the team "${a.owner ?? ''}". Call summarize by owner for its score, list_items with owner "${a.owner ?? ''}" and status red, and list_items with stale true. Say the score, the Red items with their next step (get_item), stale assessments to redo, and at most three actions for the week. Keep it under 200 words.`,
  },
  {
    name: 'plan-campaign',
    title: 'Plan a campaign',
    description: 'Proposes a campaign (scope, target level, due date) from where the gaps are, with the work to draft.',
    arguments: [
      { name: 'tier', description: 'Limit to this tier, e.g. 1', required: false },
      { name: 'pillar', description: 'Limit to this pillar, e.g. Observability', required: false },
    ],
    text: (a) =>
      `Plan an SRE maturity campaign${a.tier ? ` for tier ${a.tier}` : ''}${a.pillar ? ` in the pillar "${a.pillar}"` : ''}. Call summarize by pillar and by tier, then list_items for the weakest area. Propose one campaign: a name, the flows, tiers, pillar or capability, the target level and a due date, with how many items it covers and why. Then call draft_work for the items that need work and show the drafts. Create nothing.`,
  },
];
