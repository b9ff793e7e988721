/** Flows and their assets, parsed from flows.csv (one row per asset). */
import * as path from 'node:path';

import { assertNoProblems, readCsv } from './csv-read';
import { slug } from './keys';
import { KIND_PATTERN } from './kinds';

export interface Asset {
  key: string;
  name: string;
  owner: string;
  /** 1 = most critical; undefined when the row gives none. */
  tier: number | undefined;
  description: string;
  /** Where its code and configuration live, relative to the data folder: folders or globs (the `path` column, `;`-separated). */
  paths: string[];
  /** What it is (`service`, `database`… the `kind` column, domain/kinds.ts); '' for any: asked everything. */
  kind: string;
  /** Its row in flows.csv, for messages and CI annotations. */
  line: number;
}

export interface Flow {
  key: string;
  name: string;
  assets: Asset[];
}

export const FLOW_COLUMNS = ['flow', 'asset'] as const;
export const FLOW_OPTIONAL_COLUMNS = ['owner', 'tier', 'description', 'path', 'kind'] as const;

export function parseFlows(text: string, file: string): Flow[] {
  const table = readCsv(text, file, FLOW_COLUMNS, FLOW_OPTIONAL_COLUMNS);
  const problems = table.problems;
  const flows = new Map<string, Flow & { line: number }>();
  const assetLines = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string, message: string) => problems.push({ file, line: row.line, column, message });
    const flowName = row.get('flow');
    const assetName = row.get('asset');
    const tierText = row.get('tier');
    if (!flowName) at('flow', 'flow name is empty');
    else if (!slug(flowName)) at('flow', `flow name "${flowName}" has no letters or digits`);
    if (!assetName) at('asset', 'asset name is empty');
    else if (!slug(assetName)) at('asset', `asset name "${assetName}" has no letters or digits`);
    if (tierText && !/^[1-9]\d*$/.test(tierText)) at('tier', `tier "${tierText}" is not a positive whole number`);
    const kind = row.get('kind').trim().toLowerCase();
    if (kind && !KIND_PATTERN.test(kind))
      at('kind', `kind "${row.get('kind')}" is not one short word (such as service, database or queue)`);
    const paths = row
      .get('path')
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean);
    for (const p of paths)
      if (path.isAbsolute(p)) at('path', `path "${p}" must be relative to the folder of flows.csv`);
    if (!slug(flowName) || !slug(assetName)) continue;
    const flowKey = slug(flowName);
    let flow = flows.get(flowKey);
    if (!flow) {
      flow = { key: flowKey, name: flowName, assets: [], line: row.line };
      flows.set(flowKey, flow);
    } else if (flow.name !== flowName) {
      at('flow', `"${flowName}" has the same key "${flowKey}" as flow "${flow.name}" (line ${flow.line})`);
      continue;
    }
    const assetKey = slug(assetName);
    const seen = assetLines.get(`${flowKey}/${assetKey}`);
    if (seen !== undefined) {
      at('asset', `duplicate asset "${assetName}" in flow "${flowName}" (first on line ${seen})`);
      continue;
    }
    assetLines.set(`${flowKey}/${assetKey}`, row.line);
    flow.assets.push({
      key: assetKey,
      name: assetName,
      owner: row.get('owner'),
      tier: tierText && /^[1-9]\d*$/.test(tierText) ? Number(tierText) : undefined,
      description: row.get('description'),
      paths,
      kind: KIND_PATTERN.test(kind) ? kind : '',
      line: row.line,
    });
  }
  assertNoProblems(problems);
  return [...flows.values()].map(({ line: _line, ...flow }) => flow);
}
