import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { statusBarItem } from '../../src/extension/status-bar';
import { testContext } from '../helpers/extension-context';
import { until } from '../helpers/until';
import { assessAtLevel, setUpWorkspace } from '../helpers/workspace';
import { recorded, reset } from './vscode-double';

describe('status bar item', () => {
  it('shows Red and Amber counts and overdue campaigns in shapes and words, opens the dashboard, and follows changes', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,owner,tier\nCheckout,web,team-web,1\n' }); // tier 1: target 3
    assessAtLevel(ws, ['checkout/web/on-call'], 0); // Red
    assessAtLevel(ws, ['checkout/web/slis-slos'], 2); // one below target: Amber
    fs.writeFileSync(
      path.join(ws.dir, 'campaigns.csv'),
      'name,flows,tiers,pillar,capability,target_level,due\nOn-call,,,,On-call,2,2020-01-01\n',
    );
    reset([ws.dir]);
    const c = testContext();
    const disposable = statusBarItem(c);
    const item = await until('the item', () => (recorded.statusBar[0]?.visible ? recorded.statusBar[0] : undefined));
    assert.equal(
      item.text,
      '$(pulse) SRE: 1 Red · 1 Amber · 1 overdue',
      "its own icon and words, not the Problems counter's (issue 28.8)",
    );
    assert.equal(
      item.accessibilityInformation?.label,
      'SRE maturity: 1 Red, 1 Amber, 1 overdue campaign, 13 Not assessed. Open the dashboard.',
    );
    assert.equal(item.command, 'sreTracker.showDashboard');
    // However the items were assessed, the walkthrough's "Assess a capability" step is done (issue 43.17).
    assert.equal(recorded.context['sreTracker.hasAssessment'], true);
    ws.store.close();
    const open = await c.folders.require(c.folders.all()[0]!);
    assessAtLevel(open, ['checkout/web/on-call'], 4);
    c.changes.all();
    await until('the update', () => (item.text === '$(pulse) SRE: 1 Amber' ? true : undefined)); // the campaign is met now, so not overdue
    assert.equal(item.backgroundColor, undefined);
    assessAtLevel(open, ['checkout/web/slis-slos'], 3);
    c.changes.item(c.folders.all()[0]!, 'checkout/web/slis-slos'); // one saved assessment: that item is re-read alone
    // Nothing Red or Amber, 13 never assessed: what is left to do, never "no Red or Amber" (issue 43.8).
    await until('the one-item update', () => (item.text === '$(pulse) SRE: 13 Not assessed' ? true : undefined));
    disposable.dispose();
    assert.equal(item.disposed, true);
  });

  it('stays hidden where no folder has data', async () => {
    reset([]);
    const disposable = statusBarItem(testContext());
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(recorded.statusBar[0]?.visible, false);
    disposable.dispose();
  });
});
