/** What the scan found in one place of a file, and the small readers of parsed YAML every format shares. */
import { type EvidenceKind } from './kinds';

export interface Finding {
  kind: EvidenceKind;
  /** Relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
  /** What was found, for people: "SLO checkout-availability (OpenSLO)". */
  detail: string;
  /**
   * Set when what was found does not decide the question alone: a Helm block the chart's defaults do not decide
   * (the values key it depends on), a dashboard missing some golden signals. Listed, never a suggested yes.
   */
  conditional?: string;
  /** A runbook address relative to the file (an alert's `runbook_url`): the scan reads what it points at. */
  link?: string;
  /**
   * A hash of what was found, not of where: the value at the finding's place (the PodDisruptionBudget, `replicas: 3`,
   * the runbook address), so an edit elsewhere in the file or a line moving leaves it, and a change to it does not.
   */
  fingerprint?: string;
}

export type Plain = Record<string, unknown>;
/** The 1-based line of a path in the document being read. */
export type At = (path: (string | number)[]) => number;

export const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function nameOf(resource: Plain): string {
  const metadata = isObject(resource.metadata) ? resource.metadata : {};
  return text(metadata.name) || '(unnamed)';
}
