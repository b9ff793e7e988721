/** The data folder's flows.csv, read and checked: what the evidence, the check and the assistant's resources list. */
import { type Flow, parseFlows } from '../domain/flows';
import { readTextFile } from '../storage/text-file';
import { type DataFiles } from './ports';

export function flowsOf(ws: DataFiles): Flow[] {
  const flowsFile = ws.file('flows');
  return parseFlows(readTextFile(flowsFile), flowsFile);
}
