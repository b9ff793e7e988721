/**
 * Where each level came from (issue 38): every yes that holds the item's level up rests on repository evidence that
 * still holds, on a person's word, on an AI assistant's call (recorded with the person who allowed it), or is stale.
 */
import { type Capability } from '../../shared/model-types';

export type Provenance = 'evidence' | 'attested' | 'assistant' | 'stale';

export type ProvenanceMix = Record<Provenance, number>;

export interface ProvenanceInput {
  level: number | null;
  capability: Capability;
  answersJson: string | null;
  /** The questions whose yes was taken from repository evidence, as recorded with the assessment. */
  evidenceQuestions: readonly string[];
  assessedBy: string | null;
  stale: boolean;
}

/** How a write through an AI assistant is recorded: the person's name, then this. */
export const VIA_ASSISTANT = ' (via AI assistant)';

/** Parsed answer sets: a workspace has few distinct ones, shared by thousands of items (storage keeps them once). */
const parsed = new Map<string, Record<string, boolean>>();
const MAX_PARSED = 4096;

function answersOf(json: string): Record<string, boolean> {
  let answers = parsed.get(json);
  if (!answers) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    answers = JSON.parse(json) as Record<string, boolean>;
    parsed.set(json, answers);
  }
  return answers;
}

/** Each question answered yes up to the item's level, with where its answer came from. */
export function answerProvenance(item: ProvenanceInput): { question: string; provenance: Provenance }[] {
  if (!item.level || !item.answersJson) return [];
  const answers = answersOf(item.answersJson);
  const byAssistant = item.assessedBy?.endsWith(VIA_ASSISTANT) ?? false;
  return item.capability.levels
    .filter((l) => l.level <= (item.level ?? 0))
    .flatMap((l) => l.questions.filter((q) => answers[q] === true))
    .map((question) => ({
      question,
      provenance: item.stale
        ? 'stale'
        : item.evidenceQuestions.includes(question)
          ? 'evidence'
          : byAssistant
            ? 'assistant'
            : 'attested',
    }));
}

export function provenanceMix(item: ProvenanceInput): ProvenanceMix {
  const mix: ProvenanceMix = { evidence: 0, attested: 0, assistant: 0, stale: 0 };
  for (const a of answerProvenance(item)) mix[a.provenance]++;
  return mix;
}

const WORDS: Record<Provenance, (n: number) => string> = {
  evidence: (n) => `${n} answer${n === 1 ? '' : 's'} from evidence`,
  attested: (n) => `${n} attested`,
  assistant: (n) => `${n} by the assistant`,
  stale: (n) => `${n} stale`,
};

/** "L3: 4 answers from evidence, 2 attested, 1 by the assistant"; '' for an item with no yes behind its level. */
export function mixText(level: number | null, mix: ProvenanceMix): string {
  const parts = (Object.keys(WORDS) as Provenance[]).filter((p) => mix[p] > 0).map((p) => WORDS[p](mix[p]));
  return parts.length ? `L${level ?? 0}: ${parts.join(', ')}` : '';
}

/** A level that rests mostly on someone's word (a person's or an assistant's) rather than on evidence. */
export function restsOnAttestation(mix: ProvenanceMix): boolean {
  return mix.attested + mix.assistant > mix.evidence;
}
