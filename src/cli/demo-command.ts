/** `sre-tracker demo`: builds a sample workspace offline (assessments, some stale, an exemption, campaigns), then writes the reports and prints the status. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { inputError } from '../core/errors';
import { exemptItem, saveAssessment } from '../core/usecases/assessment';
import { setupWorkspace } from '../core/usecases/setup';
import { Workspace } from '../core/workspace';
import { answersForLevel } from '../shared/maturity';
import { isoDay } from '../shared/status';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';
import { reportCommand } from './report-command';

const MARKER = '.sre-demo';
const DAY_MS = 86_400_000;

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
    if (!fs.existsSync(path.join(dir, MARKER)))
      throw inputError(`${dir} is not empty and was not made by the demo: choose another --dir`);
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
    const now = new Date();
    const longAgo = new Date(now.getTime() - 200 * DAY_MS); // older than the default 180 days: stale
    ws.items(now).forEach((item, i) => {
      const level = demoLevel(i);
      if (level === undefined) return;
      const at = i % 17 === 0 ? longAgo : now;
      saveAssessment(ws.store, {
        itemKey: item.key,
        capability: item.capability,
        answers: answersForLevel(item.capability, level),
        notes: '',
        evidenceUrl: '',
        by: 'demo',
        at,
      });
    });
    exemptItem(ws.store, {
      itemKey: 'checkout/order-events/backup-disaster-recovery',
      reason: 'Events are replayable from the source systems',
      until: '',
      by: 'demo',
      at: now,
    });
    ws.addCampaign({
      name: 'Tier-1 SLOs',
      flows: [],
      tiers: [1],
      pillar: '',
      capability: 'SLIs & SLOs',
      targetLevel: 2,
      due: isoDay(new Date(now.getTime() + 120 * DAY_MS)),
    });
    ws.addCampaign({
      name: 'Checkout alerting',
      flows: ['Checkout'],
      tiers: [],
      pillar: '',
      capability: 'Monitoring & Alerting',
      targetLevel: 2,
      due: isoDay(new Date(now.getTime() - 30 * DAY_MS)),
    });
  } finally {
    ws.dispose();
  }
  io.stdout(`Demo workspace built in ${dir}\n\n`);
  return reportCommand(['--dir', dir, '--format', 'html'], io);
}
