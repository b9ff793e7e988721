/** A data folder's evidence: its flows' paths scanned from the folder of flows.csv, against its model's evidence column. */
import * as fs from 'node:fs';
import { parseFlows, type Flow } from '../flows';
import { defaultModelPath } from '../setup';
import { readTextFile } from '../text-file';
import { type ItemView, type Workspace } from '../workspace';
import { evidenceFor, parseEvidenceMap, type EvidenceMap, type QuestionEvidence } from './evidence-map';
import { scanEvidence, type Scan } from './scan';

export interface WorkspaceEvidence {
  flows: Flow[];
  map: EvidenceMap;
  scan: Scan;
}

export function workspaceEvidence(ws: Workspace): WorkspaceEvidence {
  const flowsFile = ws.file('flows');
  const flows = parseFlows(readTextFile(flowsFile), flowsFile);
  const modelFile = fs.existsSync(ws.file('model')) ? ws.file('model') : defaultModelPath();
  return { flows, map: parseEvidenceMap(readTextFile(modelFile), modelFile), scan: scanEvidence(ws.dir, flows) };
}

/** What the repository shows for one item's questions: its asset's paths scanned alone. Empty when flows.csv gives it none. */
export function itemEvidence(ws: Workspace, item: Pick<ItemView, 'flowKey' | 'assetKey' | 'capability'>): QuestionEvidence[] {
  const flowsFile = ws.file('flows');
  if (!fs.existsSync(flowsFile)) return [];
  const flow = parseFlows(readTextFile(flowsFile), flowsFile).find((f) => f.key === item.flowKey);
  const asset = flow?.assets.find((a) => a.key === item.assetKey);
  if (!flow || !asset || asset.paths.length === 0) return [];
  const modelFile = fs.existsSync(ws.file('model')) ? ws.file('model') : defaultModelPath();
  const scan = scanEvidence(ws.dir, [{ ...flow, assets: [asset] }]);
  return evidenceFor(item.capability, parseEvidenceMap(readTextFile(modelFile), modelFile), scan.assets[0]);
}
