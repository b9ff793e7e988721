/** A data folder's evidence: its flows' paths scanned from the folder of flows.csv, against its model's evidence column. */
import * as fs from 'node:fs';
import { parseFlows, type Flow } from '../flows';
import { defaultModelPath } from '../setup';
import { readTextFile } from '../text-file';
import { type Workspace } from '../workspace';
import { parseEvidenceMap, type EvidenceMap } from './evidence-map';
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
