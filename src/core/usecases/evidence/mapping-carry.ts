/**
 * Carries the built-in evidence mappings into a workspace's maturity_model.csv: a question the built-in model (or
 * a format's added kind) says some evidence supports gets that kind in its `evidence` cell, once. Only that cell
 * changes, so answers (kept by question) are untouched; a mapping the team took out again is never offered twice,
 * as the database records what was offered.
 */
import { type CellSpan, csvCells, replaceCells } from '../../domain/csv-cells';
import { mappingKey } from '../../storage/mappings-offered';
import { readTextFile } from '../../storage/text-file';
import { defaultModelPath } from '../default-model';
import { parseEvidenceMap } from './evidence-map';
import { addedMappings } from './formats';
import { type EvidenceKind } from './kinds';

/** A kind of evidence supporting a question (by its text). */
export interface Mapping {
  question: string;
  kind: EvidenceKind;
}

/** The built-in model's mappings, and those the formats' added kinds bring. */
export function builtInMappings(): Mapping[] {
  const model = parseEvidenceMap(readTextFile(defaultModelPath()), defaultModelPath());
  return [...[...model].flatMap(([question, kinds]) => kinds.map((kind) => ({ question, kind }))), ...addedMappings()];
}

/**
 * `modelText` with the `wanted` mappings not yet `offered` added where their question is; `offered`: the wanted
 * mappings whose question the model has, to record whether added now or there already.
 */
export function carryMappings(
  modelText: string,
  wanted: readonly Mapping[],
  offered: ReadonlySet<string>,
): { text: string; added: Mapping[]; offered: Mapping[] } {
  const [header = [], ...rows] = csvCells(modelText);
  const columns = header.map((c) =>
    c.value
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const [question, evidence] = [columns.indexOf('question'), columns.indexOf('evidence')];
  // A model without an evidence column takes no mappings: the team chose not to read evidence.
  if (question < 0 || evidence < 0) return { text: modelText, added: [], offered: [] };
  const cells = new Map<string, CellSpan[]>();
  for (const row of rows) {
    const text = row[question]?.value.trim();
    const cell = row[evidence];
    if (text && cell) cells.set(text, [...(cells.get(text) ?? []), cell]);
  }
  const present = wanted.filter((m) => cells.has(m.question));
  const added: Mapping[] = [];
  const kindsOf = new Map<CellSpan, string[]>();
  const changed = new Set<CellSpan>();
  for (const m of present.filter((p) => !offered.has(mappingKey(p)))) {
    for (const cell of cells.get(m.question) ?? []) {
      const kinds =
        kindsOf.get(cell) ??
        cell.value
          .split(';')
          .map((k) => k.trim())
          .filter(Boolean);
      kindsOf.set(cell, kinds);
      if (kinds.includes(m.kind)) continue;
      kinds.push(m.kind);
      changed.add(cell);
      if (!added.includes(m)) added.push(m);
    }
  }
  const edits = [...changed].map((span) => ({ span, text: (kindsOf.get(span) ?? []).join(';') }));
  return { text: replaceCells(modelText, edits), added, offered: present };
}
