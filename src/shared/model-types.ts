/** The maturity model's shape, free of parsing code so the webviews can bundle it. */

export const MAX_LEVEL = 4;

export interface Question {
  level: number;
  text: string;
}

export interface Level {
  level: number;
  name: string;
  criteria: string;
  questions: string[];
}

export interface Capability {
  key: string;
  name: string;
  pillar: string;
  /** Levels 1..MAX_LEVEL in order; level 0 (nothing in place) has no entry. */
  levels: Level[];
  /**
   * The asset kinds it applies to (maturity_model.csv's `applies_to`): `service`, or `!database` to leave one out of
   * every kind; none: every kind.
   */
  appliesTo?: readonly string[];
  /** Questions narrowed further than the capability, by `questionKey`: each is asked only of the kinds it fits. */
  questionScopes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Where imported questions came from (`source_id`: a lens's choice, a checklist's guid), by `questionKey`: a
   * re-import that rewords a question carries its answers over (storage/catalog-merge.ts).
   */
  questionSources?: Readonly<Record<string, string>>;
  /** What to do to answer a question yes (`guidance`: a lens's improvement plan), by `questionKey`: in work items. */
  questionGuidance?: Readonly<Record<string, string>>;
  /** Days an answer holds before it must be given again (`reattest_days`); none: the staleAfterDays setting. */
  reattestDays?: number;
  /** Questions that must be re-attested sooner than the capability, by `questionKey`: their days. */
  questionReattestDays?: Readonly<Record<string, number>>;
  /** Every answer needs notes (`requires_comment` on the capability's first row). */
  requiresComment?: boolean;
  /** Questions whose answer needs notes, by `questionKey`. */
  questionsNeedingComment?: readonly string[];
}

/** A question's key in `questionScopes`: its level and text (a text is unique within its level). */
export const questionKey = (level: number, text: string): string => `${level}:${text}`;

export interface MaturityModel {
  pillars: string[];
  capabilities: Capability[];
}

/** Questions of a capability in model order: level by level, then as written. */
export function questionsOf(capability: Capability): Question[] {
  return capability.levels.flatMap((l) => l.questions.map((text) => ({ level: l.level, text })));
}
