/** Which evidence supports which question: maturity_model.csv's optional `evidence` column, and what an item's evidence suggests. */
import { type Capability, questionsOf } from '../../../shared/model-types';
import { assertNoProblems, readCsv } from '../../domain/csv-read';
import { MODEL_COLUMNS, MODEL_OPTIONAL_COLUMNS } from '../../domain/model';
import { type Finding } from './collectors';
import { evidenceKinds, kindNamed } from './formats';
import { type EvidenceKind } from './kinds';
import { type AssetEvidence } from './scan';

/** Question text → the kinds of evidence that support a yes. */
export type EvidenceMap = Map<string, EvidenceKind[]>;

export function parseEvidenceMap(text: string, file: string): EvidenceMap {
  const table = readCsv(text, file, MODEL_COLUMNS, MODEL_OPTIONAL_COLUMNS);
  const map: EvidenceMap = new Map();
  for (const row of table.rows) {
    const names = row
      .get('evidence')
      .split(';')
      .map((k) => k.trim())
      .filter(Boolean);
    const kinds = names.flatMap((name) => kindNamed(name) ?? []);
    const unknown = names.find((name) => kindNamed(name) === undefined);
    if (unknown !== undefined) {
      table.problems.push({
        file,
        line: row.line,
        column: 'evidence',
        message: `unknown evidence kind "${unknown}" (known: ${[...evidenceKinds().keys()].join(', ')})`,
      });
      continue;
    }
    if (kinds.length > 0) map.set(row.get('question'), kinds);
  }
  assertNoProblems(table.problems);
  return map;
}

/** A question with the evidence found for it: a suggested yes, which a person confirms. */
export interface QuestionEvidence {
  question: string;
  findings: Finding[];
}

/** The questions of `capability` that the asset's evidence supports, in model order, each with its findings. */
export function evidenceFor(
  capability: Capability,
  map: EvidenceMap,
  asset: Pick<AssetEvidence, 'findings'> | undefined,
): QuestionEvidence[] {
  if (!asset) return [];
  return questionsOf(capability).flatMap(({ text }) => {
    const kinds = map.get(text) ?? [];
    // A finding that holds only for some values never suggests a yes on its own.
    const findings = asset.findings.filter((f) => kinds.includes(f.kind) && f.conditional === undefined);
    return findings.length > 0 ? [{ question: text, findings }] : [];
  });
}
