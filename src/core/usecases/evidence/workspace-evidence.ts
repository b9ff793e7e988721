/** A data folder's evidence: its flows' paths scanned from the folder of flows.csv, against its model's evidence column. */
import * as fs from 'node:fs';

import { type Flow, parseFlows } from '../../domain/flows';
import { type ItemView } from '../../domain/items';
import { readRecordedEvidence } from '../../storage/catalog';
import { readTextFile } from '../../storage/text-file';
import { type DataFiles, type DataStore } from '../ports';
import { defaultModelPath } from '../setup';
import { evidenceFor, type EvidenceMap, parseEvidenceMap, type QuestionEvidence } from './evidence-map';
import { type Scan, scanEvidence } from './scan';

export interface WorkspaceEvidence {
  flows: Flow[];
  map: EvidenceMap;
  scan: Scan;
}

/** flows.csv with each asset's paths. */
export function flowsOf(ws: DataFiles): Flow[] {
  const flowsFile = ws.file('flows');
  return parseFlows(readTextFile(flowsFile), flowsFile);
}

/** The model's evidence column: the data folder's maturity_model.csv, or the built-in model's. */
function evidenceMapOf(ws: DataFiles): EvidenceMap {
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
 * Items whose answers were taken from repository evidence that the repository no longer shows (a file deleted, an
 * alert that lost its runbook link), with why: their assessment is stale. Only those items' assets are scanned.
 */
export function goneEvidence(ws: DataFiles & DataStore): Map<string, string> {
  const recorded = ws.store.read(readRecordedEvidence);
  const gone = new Map<string, string>();
  if (recorded.length === 0) return gone;
  const wanted = new Set(recorded.map((r) => `${r.flowKey}/${r.assetKey}`));
  const flows = flowsOf(ws)
    .map((f) => ({ ...f, assets: f.assets.filter((a) => wanted.has(`${f.key}/${a.key}`)) }))
    .filter((f) => f.assets.length > 0);
  const now = new Map(scanEvidence(ws.dir, flows).assets.map((a) => [`${a.flowKey}/${a.assetKey}`, a.findings]));
  for (const r of recorded) {
    const findings = now.get(`${r.flowKey}/${r.assetKey}`) ?? [];
    const reasons = (JSON.parse(r.evidence) as QuestionEvidence[]).flatMap((q) =>
      q.findings.some((was) => findings.some((f) => f.kind === was.kind && f.file === was.file))
        ? []
        : [
            `evidence gone for "${q.question}": ${q.findings.map((f) => `${f.file}:${f.line} (${f.detail})`).join(', ')}`,
          ],
    );
    if (reasons.length > 0) gone.set(r.key, reasons.join('; '));
  }
  return gone;
}
