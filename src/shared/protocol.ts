/**
 * Every message between the host and the webviews, compiled by both sides. Requests go webview → host as
 * `{id, type, params}` and are answered `{id, ok, result | error}`; the host pushes `{push, …}` messages.
 * Inbound messages are untrusted: `parseRequest` validates each one before any handler sees it.
 */
import type { CampaignScope } from './campaign-scope';
import type { HeatmapRow } from './heatmap-groups';
import type { HeatmapCell } from './heatmap-view';
import type { Level } from './model-types';
import type { Status, StatusRules } from './status';

export interface AssessmentItem {
  key: string;
  flow: string;
  asset: string;
  tier: number | null;
  capability: string;
  pillar: string;
  level: number | null;
  target: number | null;
  status: Status;
  stale: boolean;
  answers: Record<string, boolean>;
  notes: string;
  evidenceUrl: string;
  assessedAt: string | null;
  assessedBy: string | null;
  exemptReason: string | null;
  exemptUntil: string | null;
  rallyId: string | null;
}

/** What the repository shows for a question: a suggested yes, never applied without the person. */
export interface QuestionEvidence {
  question: string;
  findings: { file: string; line: number; detail: string }[];
}

/** Answers typed and not saved: kept by the host while the panel is open, and after it was closed without asking. */
export interface AssessmentDraft {
  answers: Record<string, boolean>;
  notes: string;
  evidenceUrl: string;
  /** When it was kept, ISO 8601. */
  at: string;
}

/**
 * What the host needs to open a panel again after a window reload: the workspace folder (its URI, or `all`) and,
 * for an assessment, the item. The page keeps it with its state; VS Code hands it to the panel serializer.
 */
export interface PanelRestore {
  folder: string;
  itemKey?: string;
}

export interface AssessmentState {
  restore: PanelRestore;
  item: AssessmentItem;
  levels: Level[];
  rules: StatusRules;
  evidence: QuestionEvidence[];
  /** Answers left unsaved when the panel was last closed: shown instead of the saved ones, marked as unsaved. */
  draft?: AssessmentDraft;
  /** Under Assess All: this capability's place in the walk (Cancel then skips to the next). */
  progress?: { at: number; of: number };
}

/** A heatmap row as the dashboard draws it. */
export type DashboardRow = HeatmapRow;

/**
 * The dashboard: the heatmap as data, drawn by the webview one flow at a time (2,000 rows × 15 cells would be
 * 30,000 cells at once), and the summary (legend, campaigns, scores, chart) as HTML from core's renderer, which
 * escapes every value it writes.
 */
export interface DashboardState {
  restore: PanelRestore;
  summaryHtml: string;
  /** The workspace folders shown: one, or all of a multi-root workspace's folders with data. */
  folders: string[];
  columns: { pillar: string; capability: string }[];
  rows: DashboardRow[];
  /** Campaigns by folder, for the campaign filter: a filtered heatmap shows only the cells a campaign covers. */
  campaigns: (CampaignScope & { name: string; folder: number })[];
  generatedAt: string;
}

/**
 * Each request's params as a schema; the params' types derive from it and the host validates every inbound
 * message against it, so a request cannot exist without its check, nor a field go unchecked.
 */
type TextField = { kind: 'text'; max: number };
type AnswersField = { kind: 'answers' };
type Field = TextField | AnswersField;
type ParamsSchema = Readonly<Record<string, Field>>;
type FieldType<F extends Field> = F extends TextField ? string : Record<string, boolean>;
type ParamsOf<S extends ParamsSchema> = { -readonly [K in keyof S]: FieldType<S[K]> };

const MAX_TEXT = 20_000;
const text = (max = MAX_TEXT): TextField => ({ kind: 'text', max });
const answers: AnswersField = { kind: 'answers' };

export const ASSESSMENT_PARAMS = {
  ready: {},
  /** `fromEvidence`: the questions answered by "Use suggested answers" and left so. */
  save: { answers, notes: text(), evidenceUrl: text(2048), fromEvidence: answers },
  openEvidence: { file: text(4096), line: text(10) },
  /** The answers as typed, sent as they change; `dirty` is "yes" when they differ from the saved ones. */
  draft: { answers, notes: text(), evidenceUrl: text(2048), dirty: text(3) },
  /** Asks before discarding unsaved answers; the result says whether the panel closed. */
  cancel: {},
  markNotApplicable: { reason: text(), until: text(10) },
} as const satisfies Record<string, ParamsSchema>;

export const DASHBOARD_PARAMS = {
  ready: {},
  openAssessment: { key: text(1000), folder: text(6) },
  /** Writes the dashboard's content to a file the person picks: "html" (the report page) or "csv" (the matrix). */
  exportReport: { format: text(4) },
} as const satisfies Record<string, ParamsSchema>;

/** Request types with their params (from the schemas) and results, per webview: both maps must name the same requests. */
type Requests<P extends Record<string, ParamsSchema>, R extends { [K in keyof P]: unknown }> = {
  [K in keyof P]: { params: ParamsOf<P[K]>; result: R[K] };
};

export type AssessmentRequests = Requests<
  typeof ASSESSMENT_PARAMS,
  {
    ready: AssessmentState;
    save: { level: number; status: Status };
    draft: null;
    cancel: { closed: boolean };
    markNotApplicable: null;
    openEvidence: null;
  }
>;

export type DashboardRequests = Requests<
  typeof DASHBOARD_PARAMS,
  { ready: DashboardState; openAssessment: null; exportReport: { written: string | null } }
>;

export type Push =
  | { push: 'assessmentState'; state: AssessmentState }
  | { push: 'dashboardState'; state: DashboardState }
  /** One item changed: its cell is redrawn in place. */
  | { push: 'dashboardCell'; folder: number; cell: HeatmapCell };

export type RequestOf<R> = {
  [K in keyof R & string]: { id: number; type: K; params: R[K] extends { params: infer P } ? P : never };
}[keyof R & string];

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Host-side handlers: the compiler insists on one per request type. */
export type Handlers<R> = {
  [K in keyof R]: (
    params: R[K] extends { params: infer P } ? P : never,
  ) => Promise<R[K] extends { result: infer T } ? T : never>;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why `params` does not fit `schema` (a field missing, extra, of the wrong type or too long), or undefined. */
function check(schema: ParamsSchema, params: Record<string, unknown>): string | undefined {
  const extra = Object.keys(params).find((k) => !Object.prototype.hasOwnProperty.call(schema, k));
  if (extra !== undefined)
    return Object.keys(schema).length === 0 ? 'expects no parameters' : `unknown parameter ${JSON.stringify(extra)}`;
  for (const [field, spec] of Object.entries(schema)) {
    const value = params[field];
    if (spec.kind === 'text') {
      if (typeof value !== 'string') return `${field} must be text`;
      if (value.length > spec.max) return `${field} is longer than ${spec.max} characters`;
    } else {
      if (!isRecord(value)) return `${field} must be an object`;
      if (!Object.values(value).every((v) => typeof v === 'boolean')) return 'every answer must be true or false';
    }
  }
  return undefined;
}

/** Validates an untrusted message against the schemas; returns the typed request or why it was refused. */
export function parseRequest<R>(
  message: unknown,
  schemas: Record<keyof R & string, ParamsSchema>,
): { request: RequestOf<R> } | { error: string; id: number | undefined } {
  if (!isRecord(message)) return { error: 'message is not an object', id: undefined };
  const id = typeof message.id === 'number' && Number.isInteger(message.id) ? message.id : undefined;
  if (id === undefined) return { error: 'message has no numeric id', id };
  const type = message.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, type))
    return { error: `unknown request type ${JSON.stringify(type)}`, id };
  const params = message.params ?? {};
  if (!isRecord(params)) return { error: `${type}: params must be an object`, id };
  const problem = check(schemas[type as keyof R & string], params);
  if (problem) return { error: `${type}: ${problem}`, id };
  return { request: { id, type, params } as unknown as RequestOf<R> };
}
