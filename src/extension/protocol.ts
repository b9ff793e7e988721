/**
 * Every message between the host and the webviews, compiled by both sides. Requests go webview → host as
 * `{id, type, params}` and are answered `{id, ok, result | error}`; the host pushes `{push, …}` messages.
 * Inbound messages are untrusted: `parseRequest` validates each one before any handler sees it.
 */
import type { Level } from '../core/model-types';
import type { Status, StatusRules } from '../core/status';

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

export interface AssessmentState {
  item: AssessmentItem;
  levels: Level[];
  rules: StatusRules;
}

/** The dashboard as rendered by core's heatmap renderer, which escapes every value it writes. */
export interface DashboardState {
  html: string;
  generatedAt: string;
}

/** Request types with their params and results, per webview. */
export interface AssessmentRequests {
  ready: { params: Record<string, never>; result: AssessmentState };
  save: { params: { answers: Record<string, boolean>; notes: string; evidenceUrl: string }; result: { level: number; status: Status } };
  cancel: { params: Record<string, never>; result: null };
  markNotApplicable: { params: { reason: string; until: string }; result: null };
}

export interface DashboardRequests {
  ready: { params: Record<string, never>; result: DashboardState };
  openAssessment: { params: { key: string }; result: null };
}

export type Push = { push: 'assessmentState'; state: AssessmentState } | { push: 'dashboardState'; state: DashboardState };

export type RequestOf<R> = { [K in keyof R & string]: { id: number; type: K; params: R[K] extends { params: infer P } ? P : never } }[keyof R & string];

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Host-side handlers: the compiler insists on one per request type. */
export type Handlers<R> = { [K in keyof R]: (params: R[K] extends { params: infer P } ? P : never) => Promise<R[K] extends { result: infer T } ? T : never> };

type Validator = (params: Record<string, unknown>) => string | undefined;

const MAX_TEXT = 20_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(field: string, max = MAX_TEXT): (p: Record<string, unknown>) => string | undefined {
  return (p) => (typeof p[field] !== 'string' ? `${field} must be text` : (p[field] as string).length > max ? `${field} is longer than ${max} characters` : undefined);
}

function all(...checks: ((p: Record<string, unknown>) => string | undefined)[]): Validator {
  return (p) => checks.map((c) => c(p)).find((e) => e !== undefined);
}

const none: Validator = (p) => (Object.keys(p).length === 0 ? undefined : 'expects no parameters');

function answers(p: Record<string, unknown>): string | undefined {
  const a = p.answers;
  if (!isRecord(a)) return 'answers must be an object';
  return Object.values(a).every((v) => typeof v === 'boolean') ? undefined : 'every answer must be true or false';
}

export const ASSESSMENT_VALIDATORS: Record<keyof AssessmentRequests, Validator> = {
  ready: none,
  cancel: none,
  save: all(answers, text('notes'), text('evidenceUrl', 2048)),
  markNotApplicable: all(text('reason'), text('until', 10)),
};

export const DASHBOARD_VALIDATORS: Record<keyof DashboardRequests, Validator> = {
  ready: none,
  openAssessment: text('key', 1000),
};

/** Validates an untrusted message; returns the typed request or why it was refused. */
export function parseRequest<R>(message: unknown, validators: Record<keyof R & string, Validator>): { request: RequestOf<R> } | { error: string; id: number | undefined } {
  if (!isRecord(message)) return { error: 'message is not an object', id: undefined };
  const id = typeof message.id === 'number' && Number.isInteger(message.id) ? message.id : undefined;
  if (id === undefined) return { error: 'message has no numeric id', id };
  const type = message.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(validators, type)) return { error: `unknown request type ${JSON.stringify(type)}`, id };
  const params = message.params ?? {};
  if (!isRecord(params)) return { error: `${type}: params must be an object`, id };
  const problem = validators[type as keyof R & string](params);
  if (problem) return { error: `${type}: ${problem}`, id };
  return { request: { id, type, params } as unknown as RequestOf<R> };
}
