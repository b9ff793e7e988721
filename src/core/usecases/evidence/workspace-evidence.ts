/** A data folder's evidence: its flows' paths scanned from the folder of flows.csv, against its model's evidence column. */
import * as fs from 'node:fs';

import { type Flow } from '../../domain/flows';
import { type ItemView } from '../../domain/items';
import { markEvidenceChanged } from '../../storage/assessments';
import { appendHistory, readRecordedEvidence } from '../../storage/catalog';
import { readTextFile } from '../../storage/text-file';
import { defaultModelPath } from '../default-model';
import { flowsOf } from '../flows-file';
import { type DataFiles, type DataStore } from '../ports';
import { changesText, type EvidenceChange, evidenceChanges } from './evidence-changes';
import { evidenceFor, type EvidenceMap, parseEvidenceMap, type QuestionEvidence } from './evidence-map';
import { evidenceKinds } from './formats';
import { type Scan, scanEvidence } from './scan';

export interface WorkspaceEvidence {
  flows: Flow[];
  map: EvidenceMap;
  scan: Scan;
}

/** flows.csv with each asset's paths. */

/** The model's evidence column: the data folder's maturity_model.csv, or the built-in model's. */
export function evidenceMapOf(ws: DataFiles): EvidenceMap {
  const modelFile = fs.existsSync(ws.file('model')) ? ws.file('model') : defaultModelPath();
  return parseEvidenceMap(readTextFile(modelFile), modelFile);
}

export function workspaceEvidence(ws: DataFiles): WorkspaceEvidence {
  const flows = flowsOf(ws);
  return { flows, map: evidenceMapOf(ws), scan: scanEvidence(ws.dir, flows) };
}

/** What the repository shows for one item's questions: its asset's paths scanned alone. Empty when flows.csv gives it none. */
export function itemEvidence(
  ws: DataFiles,
  item: Pick<ItemView, 'flowKey' | 'assetKey' | 'capability'>,
): QuestionEvidence[] {
  if (!fs.existsSync(ws.file('flows'))) return [];
  const flow = flowsOf(ws).find((f) => f.key === item.flowKey);
  const asset = flow?.assets.find((a) => a.key === item.assetKey);
  if (!flow || !asset || asset.paths.length === 0) return [];
  const scan = scanEvidence(ws.dir, [{ ...flow, assets: [asset] }]);
  return evidenceFor(item.capability, evidenceMapOf(ws), scan.assets[0]);
}

/**
 * Of `questions` (the item's open ones), those the model maps to kinds of repository evidence that the asset's
 * paths do not show, each with what was looked for: "Is there a PodDisruptionBudget? (a PodDisruptionBudget)".
 * Empty when flows.csv gives the asset no paths: then nothing was looked at.
 */
export function missingEvidence(
  ws: DataFiles,
  item: Pick<ItemView, 'flowKey' | 'assetKey' | 'capability'>,
  questions: readonly string[],
): string[] {
  if (!fs.existsSync(ws.file('flows'))) return [];
  const asset = flowsOf(ws)
    .find((f) => f.key === item.flowKey)
    ?.assets.find((a) => a.key === item.assetKey);
  if (!asset || asset.paths.length === 0) return [];
  const map = evidenceMapOf(ws);
  const found = new Set(itemEvidence(ws, item).map((e) => e.question));
  return questions.flatMap((q) => {
    const kinds = map.get(q) ?? [];
    return kinds.length && !found.has(q)
      ? [`${q} (${kinds.map((k) => evidenceKinds().get(k) ?? k).join('; or ')})`]
      : [];
  });
}

/**
 * Items whose answers were taken from repository evidence that the repository no longer shows as it was (a file
 * deleted, `replicas: 3` now 2, an alert that lost its runbook link), with what changed: their assessment is stale.
 * Only those items' assets are scanned; `only` narrows it to one item.
 */
export function evidenceChangesByItem(ws: DataFiles & DataStore, only?: string): Map<string, EvidenceChange[]> {
  const recorded = ws.store.read(readRecordedEvidence).filter((r) => only === undefined || r.key === only);
  const changed = new Map<string, EvidenceChange[]>();
  if (recorded.length === 0) return changed;
  const wanted = new Set(recorded.map((r) => `${r.flowKey}/${r.assetKey}`));
  const flows = flowsOf(ws)
    .map((f) => ({ ...f, assets: f.assets.filter((a) => wanted.has(`${f.key}/${a.key}`)) }))
    .filter((f) => f.assets.length > 0);
  const now = new Map(scanEvidence(ws.dir, flows).assets.map((a) => [`${a.flowKey}/${a.assetKey}`, a.findings]));
  for (const r of recorded) {
    const changes = evidenceChanges(
      JSON.parse(r.evidence) as QuestionEvidence[],
      now.get(`${r.flowKey}/${r.assetKey}`) ?? [],
    );
    if (changes.length > 0) changed.set(r.key, changes);
  }
  return changed;
}

/** The same, in words: item key → what changed. */
export function changedEvidence(ws: DataFiles & DataStore): Map<string, string> {
  return new Map([...evidenceChangesByItem(ws)].map(([key, changes]) => [key, changesText(changes)]));
}

/**
 * Records what changed on each item not yet marked, with a history entry: from then on the item stays stale until
 * someone re-assesses it, even if the evidence comes back. `changed`: the changes when already read. Returns the
 * keys newly marked.
 */
export function recordEvidenceChanges(
  ws: DataFiles & DataStore,
  at: Date,
  changed: ReadonlyMap<string, EvidenceChange[]> = evidenceChangesByItem(ws),
): string[] {
  if (changed.size === 0) return [];
  return ws.store.write((db) =>
    [...changed].flatMap(([key, changes]) => {
      const text = changesText(changes);
      if (!markEvidenceChanged(db, key, text)) return [];
      appendHistory(db, {
        itemKey: key,
        at: at.toISOString(),
        by: 'sre-tracker',
        kind: 'evidence-changed',
        detail: text,
      });
      return [key];
    }),
  );
}
