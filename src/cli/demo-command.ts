/** `sre-tracker demo`: builds a sample workspace offline (setup, a few assessments), then writes the reports and prints the status. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveAssessment } from '../core/assessment';
import { inputError } from '../core/errors';
import { answersForLevel } from '../core/maturity';
import { setupWorkspace } from '../core/setup';
import { Workspace } from '../core/workspace';
import { parse } from './args';
import { cliContext } from './context';
import { Io } from './io';
import { reportCommand } from './report-command';

export const DEMO_USAGE = 'sre-tracker demo [--dir DIR]   (default DIR: ./demo-workspace; rebuilt on every run)';

const MARKER = '.sre-demo';

const DEMO_FLOWS = `flow,asset,owner,tier,description
Checkout,web-frontend,team-shop,1,Storefront pages
Checkout,payments-api,team-payments,1,Card and wallet payments
Checkout,orders-db,team-payments,1,PostgreSQL order store
Checkout,order-events,team-shop,2,Kafka topic of placed orders
Login,auth-service,team-identity,1,OAuth and sessions
Login,session-cache,team-identity,2,Redis session store
Search,search-api,team-discovery,2,Product search
Search,search-index,team-discovery,3,Nightly rebuilt index
`;

/** A fixed spread of levels so the demo shows every status; the same every run. */
function demoLevel(index: number): number | undefined {
  const pattern = [3, 1, undefined, 2, 4, 0, 2, undefined, 1, 3];
  return pattern[index % pattern.length];
}

export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {});
  const dir = path.resolve(io.cwd, values.dir ?? 'demo-workspace');
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!fs.existsSync(path.join(dir, MARKER))) throw inputError(`${dir} is not empty and was not made by the demo: choose another --dir`);
    fs.rmSync(dir, { recursive: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER), 'Made by "sre-tracker demo"; the demo deletes and rebuilds this folder.\n');
  const flowsCsv = path.join(dir, 'flows.csv');
  fs.writeFileSync(flowsCsv, DEMO_FLOWS);
  await setupWorkspace({ dir });
  const ctx = cliContext(io, dir);
  const ws = await Workspace.open(dir, ctx.settings);
  try {
    const model = ws.model();
    const at = new Date();
    ws.items(at).forEach((item, i) => {
      const level = demoLevel(i);
      if (level === undefined) return;
      const capability = model.capabilities.find((c) => c.key === item.capabilityKey);
      if (!capability) return;
      saveAssessment(ws.store, { itemKey: item.key, capability, answers: answersForLevel(capability, level), notes: '', evidenceUrl: '', by: 'demo', at });
    });
  } finally {
    ws.store.close();
  }
  io.stdout(`Demo workspace built in ${dir}\n\n`);
  return reportCommand(['--dir', dir, '--format', 'html'], io);
}
