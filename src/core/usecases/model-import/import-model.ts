/**
 * `sre-tracker model import`: a published model (an AWS Well-Architected custom lens, an Azure review checklist)
 * written as maturity_model.csv. A file already there lends its capability names to the capabilities that come from
 * the same source question, so a re-import keeps item keys; setup then carries answers of reworded questions over
 * by their source ids.
 */
import * as fs from 'node:fs';

import { writeFileAtomic } from '../../storage/atomic-file';
import { readTextFile } from '../../storage/text-file';
import { importAwsLens } from './aws-lens';
import { importAzureChecklist } from './azure-checklist';
import { keptNames, modelCsv } from './model-rows';

export const MODEL_FORMATS = ['aws-lens', 'azure-checklist'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ImportedModel {
  capabilities: number;
  questions: number;
  /** Whether a model was there before: names of capabilities from the same source were kept. */
  replaced: boolean;
}

export function importModel(format: ModelFormat, source: string, out: string): ImportedModel {
  const existing = fs.existsSync(out) ? readTextFile(out) : undefined;
  const names = keptNames(existing);
  const text = readTextFile(source);
  const rows = format === 'aws-lens' ? importAwsLens(text, source, names) : importAzureChecklist(text, source, names);
  writeFileAtomic(out, modelCsv(rows, source));
  return {
    capabilities: new Set(rows.map((r) => r.capability)).size,
    questions: rows.length,
    replaced: existing !== undefined,
  };
}
