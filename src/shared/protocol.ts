/**
 * The envelope every webview speaks, compiled by both sides. Requests go webview → host as `{id, type, params}`
 * and are answered `{id, ok, result | error}`; the host pushes `{push, …}` messages. Inbound messages are
 * untrusted: `parseRequest` validates each one against its webview's schemas (assessment-protocol.ts,
 * dashboard-protocol.ts) before any handler sees it.
 */
import type { AssessmentState } from './assessment-protocol';
import type { DashboardState } from './dashboard-protocol';
import type { HeatmapCell } from './heatmap-view';

/**
 * What the host needs to open a panel again after a window reload: the workspace folder (its URI, or `all`) and,
 * for an assessment, the item. The page keeps it with its state; VS Code hands it to the panel serializer.
 */
export interface PanelRestore {
  folder: string;
  itemKey?: string;
}

/**
 * Each request's params as a schema; the params' types derive from it and the host validates every inbound
 * message against it, so a request cannot exist without its check, nor a field go unchecked.
 */
type TextField = { kind: 'text'; max: number };
type IntegerField = { kind: 'integer'; min: number; max: number };
type BooleanField = { kind: 'boolean' };
type OneOfField<V extends string> = { kind: 'oneOf'; values: readonly V[] };
type AnswersField = { kind: 'answers' };
type Field = TextField | IntegerField | BooleanField | OneOfField<string> | AnswersField;
export type ParamsSchema = Readonly<Record<string, Field>>;
type FieldType<F extends Field> = F extends TextField
  ? string
  : F extends IntegerField
    ? number
    : F extends BooleanField
      ? boolean
      : F extends OneOfField<infer V>
        ? V
        : Record<string, boolean>;
type ParamsOf<S extends ParamsSchema> = { -readonly [K in keyof S]: FieldType<S[K]> };

const MAX_TEXT = 20_000;
export const text = (max = MAX_TEXT): TextField => ({ kind: 'text', max });
export const integer = (min: number, max: number): IntegerField => ({ kind: 'integer', min, max });
export const boolean: BooleanField = { kind: 'boolean' };
export const oneOf = <V extends string>(...values: V[]): OneOfField<V> => ({ kind: 'oneOf', values });
export const answers: AnswersField = { kind: 'answers' };

/** Request types with their params (from the schemas) and results, per webview: both maps must name the same requests. */
export type Requests<P extends Record<string, ParamsSchema>, R extends { [K in keyof P]: unknown }> = {
  [K in keyof P]: { params: ParamsOf<P[K]>; result: R[K] };
};

export type Push =
  | { push: 'assessmentState'; state: AssessmentState }
  | { push: 'dashboardState'; state: DashboardState }
  /** One item changed: its cell is redrawn in place. */
  | { push: 'dashboardCell'; folder: number; cell: HeatmapCell }
  /** Back from an assessment opened from this cell: it takes the focus again. */
  | { push: 'focusCell'; folder: number; key: string };

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
    switch (spec.kind) {
      case 'text':
        if (typeof value !== 'string') return `${field} must be text`;
        if (value.length > spec.max) return `${field} is longer than ${spec.max} characters`;
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max)
          return `${field} must be a whole number from ${spec.min} to ${spec.max}`;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') return `${field} must be true or false`;
        break;
      case 'oneOf':
        if (typeof value !== 'string' || !spec.values.includes(value))
          return `${field} must be one of ${spec.values.join(', ')}`;
        break;
      case 'answers':
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
