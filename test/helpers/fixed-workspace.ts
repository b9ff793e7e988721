/** A fixed workspace for golden-file tests: tiers, assessments at fixed times, an exemption, a story, a campaign. */
import * as fs from 'node:fs';

import { saveLink } from '../../src/core/storage/catalog';
import { exemptItem, saveAssessment } from '../../src/core/usecases/assessment';
import { type Workspace } from '../../src/core/workspace';
import { answersForLevel } from '../../src/shared/maturity';
import { setUpWorkspace } from './workspace';

export const FIXED_NOW = new Date('2026-11-25T12:00:00Z');

export async function fixedWorkspace(): Promise<Workspace> {
  const ws = await setUpWorkspace({
    flowsCsv:
      'flow,asset,owner,tier\nCheckout,payments-api,team-pay,1\nCheckout,orders-db,team-pay,2\nLogin,auth,team-id,\n',
  });
  const at = new Date('2026-11-02T09:00:00Z');
  const save = (key: string, level: number, notes = '', evidenceUrl = '', when = at) => {
    const item = ws.items(FIXED_NOW).find((i) => i.key === key);
    if (!item) throw new Error(`no ${key}`);
    saveAssessment(ws.store, {
      itemKey: key,
      capability: item.capability,
      answers: answersForLevel(item.capability, level),
      notes,
      evidenceUrl,
      by: 'ana',
      at: when,
    });
  };
  save(
    'checkout/payments-api/monitoring-alerting',
    1,
    'Pager goes to a | shared {inbox}\nno *runbooks*',
    'https://wiki.example/pay?a=1&b=2',
  );
  save('checkout/payments-api/slis-slos', 3);
  save('checkout/payments-api/error-budgets', 2, '=HYPERLINK("http://evil")');
  save('checkout/orders-db/backup-disaster-recovery', 0, 'No restore test <ever>');
  save('login/auth/monitoring-alerting', 1, '', '', new Date('2026-03-01T09:00:00Z'));
  exemptItem(ws.store, {
    itemKey: 'login/auth/backup-disaster-recovery',
    reason: 'Stateless: nothing to back up',
    until: '2027-06-30',
    by: 'ana',
    at,
  });
  ws.store.write((db) =>
    saveLink(db, 'checkout/orders-db/backup-disaster-recovery', {
      tracker: 'rally',
      id: '777',
      displayId: 'US1234',
      url: 'https://rally1.rallydev.com/#/42/detail/userstory/777',
      state: 'In-Progress',
      done: false,
    }),
  );
  fs.writeFileSync(
    ws.file('campaigns'),
    'name,flows,tiers,pillar,capability,target_level,due\nTier-1 SLOs,,1,,SLIs & SLOs,2,2027-03-31\nCheckout alerting,Checkout,,Observability,,2,2026-10-01\n',
  );
  return ws;
}
