/** `sre-tracker setup`: flags, a flows CSV, or prompts, then core setup. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { inputError } from '../core/errors';
import { splitList } from '../core/settings';
import { FILES } from '../core/storage/data-files';
import { type FlowInput, setupWorkspace } from '../core/usecases/setup';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';
import { Prompter } from './prompts';

export async function setupCommand(args: string[], io: Io): Promise<number> {
  const { values, tokens } = parse(args, {
    flow: { type: 'string', multiple: true },
    assets: { type: 'string', multiple: true },
    'flows-csv': { type: 'string' },
    model: { type: 'string' },
    prune: { type: 'boolean' },
  });
  const ctx = cliContext(io, values.dir);
  let flows = flowsFromTokens(tokens ?? []);
  if (flows.length === 0 && !values['flows-csv'] && !fs.existsSync(path.join(ctx.dir, FILES.flows))) {
    flows = await promptFlows(io);
  }
  const result = await setupWorkspace({
    dir: ctx.dir,
    flows,
    flowsCsv: values['flows-csv'] && path.resolve(io.cwd, values['flows-csv']),
    model: values.model && path.resolve(io.cwd, values.model),
    prune: values.prune === true,
    storyNameTemplate: ctx.settings.storyNameTemplate,
  });
  io.stdout(
    `${result.dbCreated ? 'Created' : 'Updated'} ${path.join(ctx.dir, FILES.db)}: ${result.flows} flows, ${result.assets} assets, ` +
      `${result.capabilities} capabilities, ${result.items} items (${result.itemsAdded} new).\n`,
  );
  for (const f of result.written) io.stdout(`Wrote ${f}\n`);
  if (result.kept.length > 0) {
    io.stdout(
      `${result.kept.length} assessed item(s) are no longer in the CSVs and were kept (run "sre-tracker setup --prune" to remove them):\n`,
    );
    for (const k of result.kept) io.stdout(`  ${k}\n`);
  }
  for (const k of result.pruned) io.stdout(`Pruned ${k}\n`);
  for (const m of result.mappingsAdded)
    io.stdout(`Evidence of kind ${m.kind} now supports "${m.question}" (maturity_model.csv)\n`);
  return 0;
}

/** Pairs each --assets with the --flow before it. */
function flowsFromTokens(tokens: readonly { kind: string; name?: string; value?: string | boolean }[]): FlowInput[] {
  const flows: FlowInput[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'flow') flows.push({ name: String(t.value ?? '').trim(), assets: [] });
    if (t.name === 'assets') {
      const last = flows[flows.length - 1];
      if (!last) throw inputError('--assets must follow the --flow it belongs to');
      last.assets.push(...splitList(String(t.value ?? '')));
    }
  }
  for (const f of flows) if (f.assets.length === 0) throw inputError(`--flow "${f.name}" has no --assets`);
  return flows;
}

async function promptFlows(io: Io): Promise<FlowInput[]> {
  const p = new Prompter(io);
  try {
    const flows: FlowInput[] = [];
    for (;;) {
      const name = await p.ask(
        flows.length === 0 ? 'Flow name (e.g. Checkout): ' : 'Next flow name (empty to finish): ',
      );
      if (!name) {
        if (flows.length === 0) continue;
        return flows;
      }
      let assets: string[] = [];
      while (assets.length === 0)
        assets = splitList(await p.ask(`Assets of ${name}, comma-separated (e.g. web,api,db): `));
      flows.push({ name, assets });
    }
  } finally {
    p.close();
  }
}
