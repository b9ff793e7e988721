import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { capabilityNode } from '../../src/extension/tree-model';
import { assessAtLevel, setUpWorkspace } from '../helpers/workspace';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: {
    menus: Record<string, { command: string; when?: string }[]>;
    commands: { command: string }[];
    walkthroughs: { steps: { id: string; description: string; completionEvents: string[] }[] }[];
  };
};

/** The item context menu's commands a node shows: its `viewItem` tests (== or =~) read as VS Code reads them. */
function menuOf(contextValue: string, tracker = 'rally'): string[] {
  return manifest.contributes.menus['view/item/context']!.filter((m) =>
    (m.when ?? '').split('&&').every((clause) => {
      const c = clause.trim();
      const eq = /^viewItem == (.+)$/.exec(c);
      if (eq) return contextValue === eq[1];
      const rx = /^viewItem =~ \/(.+)\/$/.exec(c);
      if (rx) return new RegExp(rx[1]!).test(contextValue);
      const cfg = /^config\.sreTracker\.tracker == (.+)$/.exec(c);
      return cfg ? cfg[1] === tracker : true;
    }),
  ).map((m) => m.command.replace(/^sreTracker\./, ''));
}

describe('context menus offer an action only where it applies (issue 28.17)', () => {
  it('Create Story on a gap without work, Undo only on what was assessed, Clear Not Applicable only on exempt items', async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/on-call'], 0); // Red
    assessAtLevel(ws, ['checkout/web/postmortems'], 4); // Green
    const menu = (key: string) => {
      const item = ws.items().find((i) => i.key === key);
      assert.ok(item, key);
      return menuOf(capabilityNode(item, '').contextValue);
    };
    const red = menu('checkout/web/on-call');
    assert.ok(red.includes('createRallyStory') && red.includes('undoLastAssessment'), red.join());
    const green = menu('checkout/web/postmortems');
    assert.ok(!green.includes('createRallyStory'), 'no Create Story on a Green item');
    assert.ok(green.includes('undoLastAssessment'));
    const never = menu('checkout/web/slis-slos');
    assert.ok(!never.includes('createRallyStory'), 'no Create Story on a Not assessed item');
    assert.ok(!never.includes('undoLastAssessment'), 'no Undo on a never-assessed item');
    assert.ok(never.includes('markNotApplicable') && !never.includes('clearNotApplicable'));
    assert.ok(never.includes('assessCapability'));
  });

  it('before set-up neither the view nor the palette offers a data action, so no filter hides the welcome (issue 28.9)', () => {
    const menus = manifest.contributes.menus;
    for (const command of [
      'filterRed',
      'filterNotAssessed',
      'groupTreeBy',
      'showDashboard',
      'generateReport',
      'sync',
      // ⋯ menu entries that could only end in "No SRE workspace here yet" (issue 43.10).
      'openModel',
      'exportCsv',
      'showStale',
      'showChangeImpact',
      'addCampaign',
      'groupTreeByOwner',
      'groupTreeByTier',
      'groupTreeByPillar',
    ]) {
      for (const where of ['view/title', 'commandPalette']) {
        const entries = (menus[where] ?? []).filter((m) => m.command === `sreTracker.${command}`);
        if (where === 'commandPalette') assert.ok(entries.length > 0, `${command} has a when clause in the palette`);
        for (const m of entries) assert.match(m.when ?? '', /sreTracker\.hasWorkspace/, `${command} in ${where}`);
      }
    }
  });
});

describe('the walkthrough (issue 43.17)', () => {
  it('links every command a step needs, Confluence included, and ticks Assess however the assessment was made', () => {
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of steps)
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(id ?? ''), `${step.id} links ${id}, a command that exists`);
    assert.match(steps.find((s) => s.id === 'sync')?.description ?? '', /command:sreTracker\.setConfluenceToken/);
    assert.ok(steps.find((s) => s.id === 'assess')?.completionEvents.includes('onContext:sreTracker.hasAssessment'));
  });
});
