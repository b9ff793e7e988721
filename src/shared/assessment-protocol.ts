/** The assessment webview's messages: the state it shows and the requests it sends, each field typed and checked. */
import type { Level } from './model-types';
import { answers, boolean, integer, type PanelRestore, type ParamsSchema, type Requests, text } from './protocol';
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
  workId: string | null;
  /** "Not applicable requested by ann on …, awaiting approval", or null without a request. */
  notApplicableRequest: string | null;
  /** Where the level came from: "L3: 4 answers from evidence, 2 attested"; '' when nothing holds it up. */
  provenance: string;
  /** By question: where each yes holding the level up came from (evidence, attested, assistant, stale). */
  answerProvenance: Record<string, string>;
  /** What changed in the evidence its answers rest on, once recorded; null while it holds. */
  evidenceChanged: string | null;
}

/** A finding as it was at the assessment and as the repository shows it now (null: gone). */
export interface EvidenceChangeView {
  question: string;
  was: { file: string; line: number; detail: string };
  now: { file: string; line: number; detail: string } | null;
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

export interface AssessmentState {
  restore: PanelRestore;
  item: AssessmentItem;
  levels: Level[];
  rules: StatusRules;
  evidence: QuestionEvidence[];
  /** The findings its answers rest on that changed since the assessment, old beside new. */
  evidenceChanges: EvidenceChangeView[];
  /** Answers left unsaved when the panel was last closed: shown instead of the saved ones, marked as unsaved. */
  draft?: AssessmentDraft;
  /** Under Assess All: this capability's place in the walk (Cancel then skips to the next). */
  progress?: { at: number; of: number };
}

export const ASSESSMENT_PARAMS = {
  ready: {},
  /** `fromEvidence`: the questions answered by "Use suggested answers" and left so. */
  save: { answers, notes: text(), evidenceUrl: text(2048), fromEvidence: answers },
  openEvidence: { file: text(4096), line: integer(1, 10_000_000) },
  /** The answers as typed, sent as they change; `dirty` when they differ from the saved ones. */
  draft: { answers, notes: text(), evidenceUrl: text(2048), dirty: boolean },
  /** Asks before closing on unsaved answers; the result says whether the panel closed, or the page should save. */
  cancel: {},
  markNotApplicable: { reason: text(), until: text(10) },
} as const satisfies Record<string, ParamsSchema>;

export type AssessmentRequests = Requests<
  typeof ASSESSMENT_PARAMS,
  {
    ready: AssessmentState;
    save: { level: number; status: Status };
    draft: null;
    cancel: { closed: boolean; save: boolean };
    markNotApplicable: null;
    openEvidence: null;
  }
>;
