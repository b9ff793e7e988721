/**
 * A published model as maturity_model.csv rows, whatever it was imported from: the four levels every imported
 * capability gets, the questions a level lacks, and the checks that a source file names with a JSON path.
 */
import { toCsv } from '../../domain/csv-write';
import { parseMaturityModel } from '../../domain/model';
import { inputError } from '../../errors';

export interface ModelRow {
  pillar: string;
  capability: string;
  level: number;
  question: string;
  appliesTo: string;
  sourceId: string;
  /** What to do to answer it yes: a lens's improvement plan, a checklist's description or link. */
  guidance: string;
}

/** What each level means once imported: the risk a source's rules leave, as the README's mapping says. */
export const IMPORTED_LEVELS = [
  { level: 1, name: 'Initial', criteria: 'A best practice is in place' },
  { level: 2, name: 'Repeatable', criteria: 'No high risk is left' },
  { level: 3, name: 'Defined', criteria: 'No medium risk is left' },
  { level: 4, name: 'Optimized', criteria: 'Every best practice is in place' },
] as const;

/** The refusal of something the source's format does not allow, naming where it is. */
export function invalid(file: string, at: string, message: string): Error {
  return inputError(`${file}: ${at}: ${message}`);
}

/** The source's top-level object. */
export function jsonObject(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid(file, '$', `is not JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(file, '$', 'must be an object');
  return value as Record<string, unknown>;
}

/** A string field that must be there and not empty. */
export function requiredText(file: string, at: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(file, at, 'must be a non-empty string');
  if (value.length > max) throw invalid(file, at, `is ${value.length} characters; the format allows ${max}`);
  return value.trim();
}

/** An array field that must be there with at least one element. */
export function requiredArray(file: string, at: string, value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(file, at, 'must be a non-empty array');
  return value;
}

/** A choice or checklist item as a yes/no question. */
export const asQuestion = (practice: string): string => `Is this in place: ${practice.trim().replace(/[.?!]+$/, '')}?`;

/**
 * Capability names kept from the model it replaces, by the source id of the capability (the part before the last
 * `/` or `#`): a re-import keeps item keys, so assessments, links and history stay with their items.
 */
export function keptNames(existing: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!existing) return names;
  for (const cap of parseMaturityModel(existing, 'maturity_model.csv').capabilities)
    for (const source of Object.values(cap.questionSources ?? {})) names.set(capabilitySource(source), cap.name);
  return names;
}

export const capabilitySource = (sourceId: string): string => sourceId.replace(/[/#][^/#]*$/, '');

/** The rows as maturity_model.csv, checked by the same parser setup uses, so what is written always loads. */
export function modelCsv(rows: readonly ModelRow[], source: string): string {
  const text = toCsv(
    [
      'pillar',
      'capability',
      'level',
      'level_name',
      'criteria',
      'question',
      'evidence',
      'applies_to',
      'source_id',
      'guidance',
    ],
    rows.map((r) => {
      const level = IMPORTED_LEVELS[r.level - 1];
      return [
        r.pillar,
        r.capability,
        String(r.level),
        level?.name ?? '',
        level?.criteria ?? '',
        r.question,
        '',
        r.appliesTo,
        r.sourceId,
        r.guidance,
      ];
    }),
  );
  parseMaturityModel(text, `the model imported from ${source}`);
  return text;
}
