/** Setup: writes flows.csv, maturity_model.csv and targets.csv into the data folder and builds or merges sre_data.db from them. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { stringify } from 'csv-stringify/sync';

import { parseFlows } from '../domain/flows';
import { slug } from '../domain/keys';
import { parseMaturityModel } from '../domain/model';
import { DEFAULT_TARGETS_CSV, parseTargets } from '../domain/targets';
import { inputError } from '../errors';
import { writeFileAtomic } from '../storage/atomic-file';
import { mergeCatalog } from '../storage/catalog-merge';
import { FILES } from '../storage/data-files';
import { offeredMappings, recordOfferedMappings } from '../storage/mappings-offered';
import { DB_FILE, Store } from '../storage/store';
import { loadTemplates } from '../storage/template-file';
import { readTextFile } from '../storage/text-file';
import { defaultModelPath } from './default-model';
import { type Mapping } from './evidence/mapping-carry';
import { ensureGitAttributes } from './merge/git-attributes';

export interface FlowInput {
  name: string;
  assets: string[];
  /** The team owning the flow's new assets; empty or absent for none. */
  owner?: string;
  /** Tier per asset name, for new assets; an asset left out has none. */
  tiers?: Record<string, number>;
  /** Kind per asset name (`service`, `database`…), for new assets; an asset left out is of any kind. */
  kinds?: Record<string, string>;
}

export interface SetupOptions {
  dir: string;
  /** Flows to add to flows.csv (merged with what it already lists). */
  flows?: FlowInput[];
  /** A flows.csv to use instead of the one in the data folder. */
  flowsCsv?: string;
  /** A maturity_model.csv to use instead of the one in the data folder (or the built-in default). */
  model?: string;
  /** Delete items whose rows left the CSVs even when they hold assessments. */
  prune?: boolean;
  /** The story name template from the settings, checked before anything is written (undefined: the default). */
  storyNameTemplate?: string;
}

export interface SetupResult {
  dbCreated: boolean;
  flows: number;
  assets: number;
  capabilities: number;
  items: number;
  itemsAdded: number;
  /** Assessed items whose flow, asset or capability left the CSVs: kept until `prune`. */
  kept: string[];
  pruned: string[];
  /** Evidence mappings carried into maturity_model.csv (a kind now supporting a question). */
  mappingsAdded: Mapping[];
  written: string[];
}

/**
 * All or nothing: the database is opened (a damaged, foreign or newer one is refused) and every input is read and
 * checked before anything is written; reading, checking and writing the CSVs happen under the data folder's lock,
 * so parallel setups never lose each other's flows.
 */
export async function setupWorkspace(options: SetupOptions): Promise<SetupResult> {
  const dir = options.dir;
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: keyof typeof FILES) => path.join(dir, FILES[name]);
  // Stories must carry a findable key: a template sync cannot read back is refused before anything is written.
  loadTemplates(options.storyNameTemplate, file('storyTemplate'));
  const dbCreated = !fs.existsSync(file('db'));
  // The evidence formats load only for a setup, not with whatever imports it (the extension's activation).
  const { builtInMappings, carryMappings } = await import('./evidence/mapping-carry');
  const store = await Store.open(file('db'), { create: true });
  try {
    return store.locked(() => {
      const modelSource = options.model ?? (fs.existsSync(file('model')) ? file('model') : defaultModelPath());
      const modelText = readTextFile(modelSource);
      const model = parseMaturityModel(modelText, modelSource);
      const flowsText = mergedFlowsText(file('flows'), options);
      const flows = parseFlows(flowsText.text, flowsText.source);
      if (flows.length === 0)
        throw inputError(`${flowsText.source} lists no assets: add rows, or give flows and assets to setup`);
      const targetsMissing = !fs.existsSync(file('targets'));
      const targetsText = targetsMissing ? DEFAULT_TARGETS_CSV : readTextFile(file('targets'));
      parseTargets(targetsText, file('targets'), {
        pillars: model.pillars,
        capabilities: model.capabilities.map((c) => c.name),
      });

      // Evidence mappings the product gained since (a new format's kind), carried into the model once.
      const mappings = carryMappings(modelText, builtInMappings(), store.read(offeredMappings));

      const written: string[] = [];
      const put = (target: string, text: string) => {
        writeFileAtomic(target, text);
        written.push(target);
      };
      if (path.resolve(modelSource) !== path.resolve(file('model')) || mappings.added.length > 0)
        put(file('model'), mappings.text);
      if (flowsText.changed) put(file('flows'), flowsText.text);
      if (targetsMissing) put(file('targets'), targetsText);
      addLines(dir, '.gitignore', GITIGNORE, written);
      const attributes = ensureGitAttributes(dir);
      if (attributes) written.push(attributes);
      const merged = store.write((db) => {
        recordOfferedMappings(db, mappings.offered);
        return mergeCatalog(db, flows, model, options.prune === true);
      });
      if (dbCreated) written.push(file('db'));
      return {
        dbCreated,
        flows: flows.length,
        assets: flows.reduce((n, f) => n + f.assets.length, 0),
        capabilities: model.capabilities.length,
        ...merged,
        mappingsAdded: mappings.added,
        written,
      };
    });
  } finally {
    store.close();
  }
}

/** What git should not keep from a data folder: the locks (and claims) and the temp files of writes in progress. */
export const GITIGNORE = `# SRE Maturity Tracker: the lock and the temp files of writes in progress
${DB_FILE}.lock
${DB_FILE}.*.lock
.*.tmp
`;

/** Adds the lines of `block` a file in the data folder lacks (made with the whole block when missing), keeping what it has. */
function addLines(dir: string, name: string, block: string, written: string[]): void {
  const target = path.join(dir, name);
  const existing = fs.existsSync(target) ? readTextFile(target) : '';
  const lines = new Set(existing.split(/\r?\n/));
  const missing = block
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('#') && !lines.has(l));
  if (missing.length === 0) return;
  const base = existing && !existing.endsWith('\n') ? `${existing}\n` : existing;
  writeFileAtomic(target, base + (existing ? missing.join('\n') + '\n' : block));
  written.push(target);
}

/** flows.csv as it should be: a given file, or the existing one with the given flows' missing assets appended. */
function mergedFlowsText(target: string, options: SetupOptions): { text: string; source: string; changed: boolean } {
  if (options.flowsCsv) {
    const text = readTextFile(options.flowsCsv);
    return { text, source: options.flowsCsv, changed: path.resolve(options.flowsCsv) !== path.resolve(target) };
  }
  const exists = fs.existsSync(target);
  const existing = exists ? readTextFile(target) : 'flow,asset,owner,tier,description\n';
  if (!exists && !options.flows?.length) {
    throw inputError(
      `${target} does not exist: give flows and their assets (--flow NAME --assets a,b) or --flows-csv FILE`,
    );
  }
  const known = new Set(
    exists ? parseFlows(existing, target).flatMap((f) => f.assets.map((a) => `${f.key}/${a.key}`)) : [],
  );
  const fresh: { flow: string; asset: string; owner: string; tier: string; kind: string }[] = [];
  for (const flow of options.flows ?? []) {
    if (!slug(flow.name)) throw inputError(`flow name "${flow.name}" has no letters or digits`);
    for (const asset of flow.assets) {
      const id = `${slug(flow.name)}/${slug(asset)}`;
      const tier = flow.tiers?.[asset];
      if (!known.has(id))
        fresh.push({
          flow: flow.name,
          asset,
          owner: flow.owner?.trim() ?? '',
          tier: tier === undefined ? '' : String(tier),
          kind: flow.kinds?.[asset] ?? '',
        });
      known.add(id);
    }
  }
  if (fresh.length === 0) return { text: existing, source: target, changed: !exists };
  // Append rather than rewrite, so the user's own formatting and columns stay as they wrote them; only a header
  // without the owner, tier or kind column the new rows need gets it added at its end (older rows lack the cell).
  const [headerLine = '', ...rest] = existing.split('\n');
  const header = headerLine.split(',').map((h) => h.trim().toLowerCase());
  const needed = (['owner', 'tier', 'kind'] as const).filter(
    (c) => !header.includes(c) && fresh.some((r) => r[c] !== ''),
  );
  const columns = [...header, ...needed];
  const head = needed.length
    ? [`${headerLine.replace(/\r$/, '')},${needed.join(',')}${headerLine.endsWith('\r') ? '\r' : ''}`, ...rest].join(
        '\n',
      )
    : existing;
  const base = head.length > 0 && !head.endsWith('\n') ? `${head}\n` : head;
  const cells = (r: (typeof fresh)[number]) =>
    columns.map((c) => (c === 'flow' || c === 'asset' || c === 'owner' || c === 'tier' || c === 'kind' ? r[c] : ''));
  // Empty cells at a row's end are left out, as people write them.
  const rows = fresh.map((r) => cells(r).slice(0, Math.max(2, cells(r).findLastIndex((v) => v !== '') + 1)));
  return { text: base + stringify(rows, { record_delimiter: '\n' }), source: target, changed: true };
}
