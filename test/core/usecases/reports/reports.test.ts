import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { keysInName } from '../../../../src/core/domain/item-keys';
import { itemsNeedingWork } from '../../../../src/core/domain/todo-list';
import {
  DEFAULT_DESCRIPTION_TEMPLATE,
  DEFAULT_NAME_TEMPLATE,
  StoryTexts,
} from '../../../../src/core/domain/work-template';
import { readConfluenceSettings } from '../../../../src/core/integrations/confluence/confluence-settings';
import { todoSection, todoTable } from '../../../../src/core/integrations/confluence/storage-format';
import { wikiPage } from '../../../../src/core/integrations/confluence/wiki-markup';
import { rallyImportCsv } from '../../../../src/core/integrations/rally/rally-import-csv';
import { readRallySettings } from '../../../../src/core/integrations/rally/rally-settings';
import { defaultSettings } from '../../../../src/core/integrations/settings';
import { loadTemplates } from '../../../../src/core/storage/template-file';
import { reportData } from '../../../../src/core/usecases/reports/report-data';
import { writeReports } from '../../../../src/core/usecases/reports/write-reports';
import { FIXED_NOW, fixedWorkspace } from '../../../helpers/fixed-workspace';
import { tempDir } from '../../../helpers/workspace';

const GOLDEN = path.join(__dirname, 'golden');
const templates = { name: DEFAULT_NAME_TEMPLATE, description: DEFAULT_DESCRIPTION_TEMPLATE };

/** Compares with the golden file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file`);
}

describe('reports on a fixed workspace', () => {
  it('rally_import.csv matches its golden file', async () => {
    const ws = await fixedWorkspace();
    const rally = {
      ...readRallySettings(defaultSettings().source),
      project: 'SRE Team',
      parentId: 'F12',
      tags: ['sre', 'reliability'],
    };
    golden('rally_import.csv', rallyImportCsv(reportData(ws, FIXED_NOW), rally, templates));
  });

  it('confluence_page.txt matches its golden file', async () => {
    const ws = await fixedWorkspace();
    golden('confluence_page.txt', wikiPage(reportData(ws, FIXED_NOW), 'SRE To-Do List'));
  });

  it('the storage-format section matches its golden file', async () => {
    const ws = await fixedWorkspace();
    golden('confluence_section.xml', todoSection(reportData(ws, FIXED_NOW), 'SRE To-Do List'));
  });

  it('never puts an item with a Rally story, or one that is not Red, into the CSV', async () => {
    const ws = await fixedWorkspace();
    const data = reportData(ws, FIXED_NOW);
    const rows = parse(rallyImportCsv(data, readRallySettings(defaultSettings().source), templates), {
      columns: true,
    }) as Record<string, string>[];
    const keys = rows.map((r) => /^\[SRE ([^\]]+)\]/.exec(r.Name ?? '')?.[1]);
    const byKey = new Map(data.items.map((i) => [i.key, i]));
    assert.ok(rows.length > 0);
    for (const key of keys) {
      const item = byKey.get(key ?? '');
      assert.equal(item?.status, 'Red', `${key} is in the CSV but ${item?.status}`);
      assert.equal(item?.link, null);
    }
    assert.ok(
      !keys.includes('checkout/orders-db/backup-disaster-recovery'),
      'the Red item with story US1234 is left out',
    );
    assert.ok(!keys.includes('login/auth/backup-disaster-recovery'), 'the exempt item is left out');
    assert.equal(rows.length, itemsNeedingWork(data.items).length);
  });

  it('neutralises formulas and carries campaign tags and due dates', async () => {
    const ws = await fixedWorkspace();
    const rows = parse(
      rallyImportCsv(
        reportData(ws, FIXED_NOW),
        { ...readRallySettings(defaultSettings().source), tags: ['sre'], csvColumns: ['Name', 'Description', 'Tags'] },
        templates,
      ),
      { columns: true },
    ) as Record<string, string>[];
    const pay = rows.find((r) => r.Name?.includes('checkout/payments-api/monitoring-alerting'));
    assert.equal(pay?.Tags, 'sre,Checkout alerting');
    assert.match(pay?.Description ?? '', /Campaign: Checkout alerting \(level 2 due 2026-10-01\)/);
    assert.match(pay?.Description ?? '', /Pager goes to a \| shared \{inbox\}<br \/>no \*runbooks\*/);
    const cell = rallyImportCsv(
      reportData(ws, FIXED_NOW),
      { ...readRallySettings(defaultSettings().source), csvColumns: ['Name', 'Owner=-1+1'] },
      templates,
    );
    assert.match(cell, /,'-1\+1\r\n/);
  });

  it('uses a name template from settings and a description template file, refusing unknown placeholders', async () => {
    const ws = await fixedWorkspace();
    fs.writeFileSync(ws.file('storyTemplate'), '<p>{capability} for {asset}: {notes}</p>');
    const t = loadTemplates('SRE item {key}: fix {capability}', ws.file('storyTemplate'));
    const rows = parse(rallyImportCsv(reportData(ws, FIXED_NOW), readRallySettings(defaultSettings().source), t), {
      columns: true,
    }) as Record<string, string>[];
    assert.equal(rows[0]?.Name, 'SRE item checkout/payments-api/monitoring-alerting: fix Monitoring & Alerting');
    assert.equal(
      rows[0]?.Description,
      '<p>Monitoring &amp; Alerting for payments-api: Pager goes to a | shared {inbox}<br />no *runbooks*</p>',
    );
    assert.throws(
      () => loadTemplates('{key} {colour}', ws.file('storyTemplate')),
      /story name template: unknown placeholder \{colour\}/,
    );
    assert.throws(() => loadTemplates('no key here', ws.file('storyTemplate')), /must contain \{key\}/);
    // Sync finds imported stories by the text before the key, and reads the key back whole only between non-key characters.
    for (const unreadable of [
      '{key}: fix',
      '{capability} {key}',
      'SRE-{key} fix',
      '[SRE {key}x]',
      '[SRE {key}{capability}]',
      `${'x'.repeat(80)} {key}`,
    ]) {
      assert.throws(
        () => loadTemplates(unreadable, ws.file('storyTemplate')),
        /story name template: (put fixed text before \{key\}|the text before \{key\} is too long)/,
        unreadable,
      );
    }
  });

  it('keeps names within 256 characters with the key whole', async () => {
    const ws = await fixedWorkspace();
    const item = ws.items(FIXED_NOW)[0];
    assert.ok(item);
    const long = new StoryTexts({ name: '{notes}{notes}{notes}{notes} [SRE {key}]', description: '' }).name(
      { ...item, notes: 'x'.repeat(100) },
      [],
      256,
    );
    assert.equal(long.length, 256);
    assert.deepEqual(keysInName(long), [item.key]);
    assert.ok(
      long.startsWith(`[SRE ${item.key} `),
      'the marker and the key come first, so sync can find the story by them',
    );
  });

  it('writes both files into the data folder or --out, and the HTML report on request', async () => {
    const ws = await fixedWorkspace();
    const out = tempDir();
    const written = writeReports(ws, { outDir: out, html: true, now: FIXED_NOW });
    assert.deepEqual(fs.readdirSync(out).sort(), ['confluence_page.txt', 'maturity_report.html', 'rally_import.csv']);
    // Written in pieces as it is made (issue 44), byte for byte the text made whole.
    assert.equal(
      fs.readFileSync(path.join(out, 'rally_import.csv'), 'utf8'),
      rallyImportCsv(reportData(ws, FIXED_NOW), readRallySettings(ws.settings.source), ws.templates()),
    );
    assert.equal(
      fs.readFileSync(path.join(out, 'confluence_page.txt'), 'utf8'),
      wikiPage(reportData(ws, FIXED_NOW), readConfluenceSettings(ws.settings.source).title),
    );
    const html = fs.readFileSync(written.html ?? '', 'utf8');
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
    );
    assert.doesNotMatch(html, /<script/);
    // A light page wherever it opens, also previewed in a dark VS Code theme, so the light palette's fills hold.
    assert.match(html, /html \{ background: #fff; color-scheme: light; \}/);
    assert.match(
      html,
      /<td class="cell red" title="Checkout \/ payments-api \/ Monitoring &amp; Alerting: Red, level 1 · target 3; L1: 1 attested"/,
      'cells read names, escaped',
    );
    assert.match(
      html,
      /<td class="cell green stale" title="Login \/ auth \/ Monitoring &amp; Alerting: Green, level 1 · target 1, stale; L1: 1 stale"/,
    );
    assert.match(
      html,
      /aria-label="Checkout \/ payments-api \/ Monitoring &amp; Alerting: Red, level 1 · target 3; L1: 1 attested">✕1<\/td>/,
      'a shape with the level, not colour alone',
    );
    assert.match(
      html,
      /<span class="red">✕ Red<\/span><span class="amber">▲ Amber<\/span><span class="green">✓ Green<\/span>/,
      'the legend shows the shapes',
    );
    assert.match(html, /Checkout alerting: 0\/4 at level 2, due 2026-10-01 <span class="overdue">overdue<\/span>/);
    assert.match(
      html,
      /<caption>Per owner<\/caption>.*<tr><th scope="row">team-id<\/th><td>\d+%<\/td><td>\d+ of 14<\/td>/s,
      'owner scores, the exempt item left out',
    );
    assert.match(html, /<caption>Per tier<\/caption>.*>no tier<\/th>.*>tier 1<\/th>.*>tier 2<\/th>/s);
    assert.match(
      html,
      /<svg class="spark" role="img" aria-label="team-id: score \d+% 26 weeks ago \(week of 2026-\d\d-\d\d\), \d+% this week"/,
      'a trend per owner',
    );
    assert.match(
      html,
      /<svg class="chart" role="img" aria-label="Red, amber and green items per week for 26 weeks; this week \d+ red/,
    );
    assert.match(
      todoTable(reportData(ws, FIXED_NOW)),
      /<a href="https:\/\/rally1\.rallydev\.com\/#\/42\/detail\/userstory\/777">US1234<\/a> \(In-Progress\)/,
    );
  });
});
