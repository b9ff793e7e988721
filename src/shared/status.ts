/** The one place status is decided: every view, report, filter and sync asks `statusOf`. */

export type StatusMode = 'thresholds' | 'targets';
export type Rag = 'Red' | 'Amber' | 'Green';
export type Status = Rag | 'Not assessed' | 'Not applicable' | 'Exemption expired' | 'Done';

/** Worst first: how reports sort. */
export const STATUSES: readonly Status[] = [
  'Red',
  'Exemption expired',
  'Not assessed',
  'Amber',
  'Done',
  'Green',
  'Not applicable',
];

/** How counts are shown, in tables and summary lines: the traffic light first. */
export const DISPLAY_ORDER = [
  'Red',
  'Amber',
  'Green',
  'Done',
  'Not assessed',
  'Exemption expired',
  'Not applicable',
] as const satisfies readonly Status[];

/**
 * "2 · target 3" against a target, "2" without one: the one wording of a level everywhere ("4 of 3" read as a
 * count when a level passes its target).
 */
export function levelOfTarget(level: number, target: number | null | undefined): string {
  return target === null || target === undefined ? String(level) : `${level} · target ${target}`;
}

/** Lower is worse; sorts reports worst first. */
export function severity(status: Status): number {
  return STATUSES.indexOf(status);
}

/** Fixed level → RAG mapping: below `amberFrom` Red, below `greenFrom` Amber, else Green. */
export interface Thresholds {
  amberFrom: number;
  greenFrom: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { amberFrom: 2, greenFrom: 3 };

export interface StatusRules {
  mode: StatusMode;
  thresholds: Thresholds;
  /** YYYY-MM-DD, the day exemptions are judged on. */
  today: string;
}

export interface StatusInput {
  level: number | null;
  target: number | undefined;
  exemptReason: string | null;
  exemptUntil: string | null;
  remediationDone: boolean;
}

/**
 * Green at or above the target, Amber one below, Red two or more below; and level 0 (nothing in place) is Red
 * whenever anything is expected, so every target of 1 or more has a level that makes a story.
 */
export function ragOf(level: number, target: number | undefined, rules: StatusRules): Rag {
  const targeted = rules.mode === 'targets' && target !== undefined;
  const required = targeted ? target : rules.thresholds.greenFrom;
  if (level >= required) return 'Green';
  if (level === 0) return 'Red';
  if (targeted) return level === required - 1 ? 'Amber' : 'Red';
  return level >= rules.thresholds.amberFrom ? 'Amber' : 'Red';
}

export function statusOf(item: StatusInput, rules: StatusRules): Status {
  if (item.exemptReason !== null) {
    return item.exemptUntil !== null && item.exemptUntil < rules.today ? 'Exemption expired' : 'Not applicable';
  }
  if (item.remediationDone) return 'Done';
  if (item.level === null) return 'Not assessed';
  return ragOf(item.level, item.target, rules);
}

/** Exempt items are out of the Red/Amber/Green counts and out of the work lists. */
export function isExempt(status: Status): boolean {
  return status === 'Not applicable';
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
