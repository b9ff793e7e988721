/** What every assistant tool shares: its shape, its host, and the schema pieces and readers the tools reuse. */
import { type WorkTracker } from '../../integrations/work-tracker';
import { type Store } from '../../storage/store';
import {
  type DataFiles,
  type ItemSource,
  type SettingsSource,
  type StatusSource,
  type TemplateSource,
  type TrendSource,
} from '../ports';
import { findItem, type ItemFilter, STATUS_FILTERS } from './item-query';
import { type JsonSchema, type ObjectSchema } from './tool-arguments';

/** What a tool runs against: a data folder read fresh, who is calling, and (for create_work) the tracker. */
export interface ToolHost {
  ws: ItemSource & DataFiles & StatusSource & TemplateSource & SettingsSource & TrendSource & { readonly store: Store };
  now: Date;
  /** The person the server or window runs as (SRE_USER, the git or login name): a write is theirs, via the assistant. */
  by: string;
  tracker?: () => Promise<WorkTracker>;
}

export interface ToolResult {
  structured: Record<string, unknown>;
  text: string;
}

export interface AssistantTool {
  name: string;
  title: string;
  /** For the model: what it does, when to use it, what comes back. */
  description: string;
  inputSchema: ObjectSchema;
  outputSchema: { type: 'object'; properties: Record<string, unknown>; required: readonly string[] };
  /** Writes the data folder or reaches a tracker: offered only when writes are allowed. */
  writes: boolean;
  annotations: { readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: boolean };
  run(host: ToolHost, args: Record<string, unknown>): Promise<ToolResult> | ToolResult;
}

export const text = (description: string): JsonSchema => ({ type: 'string', description });
export const ITEM_NAMES = {
  flow: text('The business flow, e.g. "Checkout" (case and punctuation do not matter).'),
  asset: text('The asset in the flow: a service, database or queue, e.g. "payments-api".'),
  capability: text('The capability, e.g. "On-call" or "SLIs & SLOs".'),
};
export const FILTER: Record<keyof ItemFilter, JsonSchema> = {
  ...ITEM_NAMES,
  owner: text('The owning team, as in flows.csv.'),
  tier: { type: 'integer', description: 'The asset tier (1 is the most critical).', minimum: 1, maximum: 99 },
  kind: text('The asset kind, as in flows.csv: service, database, queue…'),
  pillar: text('The maturity model pillar, e.g. "Observability".'),
  status: {
    type: 'string',
    description: 'Only items with this status.',
    enum: STATUS_FILTERS,
  },
  campaign: text('Only items in this campaign (campaigns.csv).'),
  stale: {
    type: 'boolean',
    description: 'true: only stale assessments (answers expired, or their evidence changed); false: only fresh ones.',
  },
  due: { type: 'boolean', description: 'true: only items whose answers expire soon and must be re-attested.' },
};
export const object = (properties: Record<string, JsonSchema>, required: readonly string[] = []): ObjectSchema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
export const output = (properties: Record<string, unknown>) => ({
  type: 'object' as const,
  properties,
  required: Object.keys(properties),
});
export const ARRAY_OF_OBJECTS = { type: 'array', items: { type: 'object' } };
export const READ = { readOnlyHint: true, openWorldHint: false } as const;

export function filterOf(args: Record<string, unknown>): ItemFilter {
  return args as ItemFilter;
}

export function itemOf(host: ToolHost, args: Record<string, unknown>) {
  return findItem(host.ws, String(args.flow), String(args.asset), String(args.capability));
}

/** At most this many items come back from list_items: a model reads the count and narrows the filter. */
export const LIST_LIMIT = 200;
