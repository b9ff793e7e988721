import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { describeError, SettingError } from '../../src/core/errors';
import { readHistory } from '../../src/core/storage/catalog';
import { campaignSummary } from '../../src/extension/campaign-wizard';
import { allCommands, COMMANDS } from '../../src/extension/commands';
import { nameSetting } from '../../src/extension/config';
import { type Ctx } from '../../src/extension/ctx';
import { COMMAND } from '../../src/extension/ids';
import { cli } from '../helpers/cli';
import { testContext } from '../helpers/extension-context';
import { until } from '../helpers/until';
import { assessAtLevel, setUpWorkspace, tempDir } from '../helpers/workspace';
import { answers, PRESS_BACK, recorded, reset, Uri } from './vscode-double';

const ctx = (): Ctx => testContext();

describe('extension commands on a real workspace', () => {
  it("Set Up Workspace asks for flows, assets, an owner and each asset's tier and kind, writes the CSVs and the database, and shows the result", async () => {
    const dir = tempDir();
    reset([dir]);
    answers.push(
      'Checkout',
      'web, api',
      'team-web',
      'Tier 1',
      'frontend',
      'Tier 2',
      'Other…',
      'Payments-Gateway',
      'Add another flow',
      'Login',
      'auth',
      '',
      'No tier',
      'Any kind',
      'Finish and set up',
      'Set up the workspace',
      'Open Dashboard', // the next step the success message offers (issue 28.19)
    );
    const c = ctx();
    await COMMANDS.setUpWorkspace.run(c)();
    assert.deepEqual(recorded.executed.at(-1), ['sreTracker.showDashboard']);
    assert.equal(
      fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'),
      'flow,asset,owner,tier,description,kind\nCheckout,web,team-web,1,,frontend\nCheckout,api,team-web,2,,payments-gateway\nLogin,auth\n',
    );
    assert.ok(fs.existsSync(path.join(dir, 'sre_data.db')));
    assert.match(recorded.info[0] ?? '', /SRE workspace created in .*: 2 flows, 3 assets, 45 items \(45 new\)/);
    assert.equal(recorded.context['sreTracker.hasWorkspace'], true);
    // Focus goes to the new tree, not left on the welcome view that is gone (issue 43.5).
    assert.ok(
      recorded.executed.some(([id]) => id === 'sreTracker.items.focus'),
      'the tree takes focus',
    );
    const flows = await c.tree.getChildren();
    assert.deepEqual(
      flows.map((f) => f.data.label),
      ['Checkout', 'Login'],
    );
  });

  it('Set Up Workspace on an existing workspace merges, keeping assessments', async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/monitoring-alerting'], 2);
    reset([ws.dir]);
    answers.push(
      'Add flows and assets',
      'Search',
      'index',
      '',
      'Tier 3',
      'Any kind',
      'Finish and set up',
      'Set up the workspace',
    );
    await COMMANDS.setUpWorkspace.run(ctx())();
    const items = ws.items();
    assert.equal(items.find((i) => i.key === 'checkout/web/monitoring-alerting')?.level, 2);
    assert.ok(items.some((i) => i.key === 'search/index/monitoring-alerting'));
  });

  it('Set Up Workspace says what kind the files of an asset without one suggest (issue 37)', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,path\nCheckout,orders-db,db\nCheckout,web,\n' });
    ws.store.close();
    fs.mkdirSync(path.join(ws.dir, 'db'));
    fs.writeFileSync(
      path.join(ws.dir, 'db', 'cluster.yaml'),
      'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: orders\n',
    );
    reset([ws.dir]);
    answers.push('Re-read the CSVs and merge', 'Open flows.csv');
    await COMMANDS.setUpWorkspace.run(ctx())();
    assert.match(
      recorded.info.at(-1) ?? '',
      /Their files suggest a kind for 1 asset \(Checkout \/ orders-db: database\): add it in the kind column of flows\.csv\./,
    );
    assert.equal(recorded.shown.at(-1), path.join(ws.dir, 'flows.csv'));
  });

  it('Set Up Workspace numbers its steps, goes Back keeping values, confirms a summary, and keeps a draft on Escape (issue 28.4)', async () => {
    const dir = tempDir();
    reset([dir]);
    const c = ctx();
    answers.push('Checkout', 'web, api', PRESS_BACK, 'web, api', 'team-web', 'Tier 1', PRESS_BACK, '', undefined);
    await COMMANDS.setUpWorkspace.run(c)();
    assert.deepEqual(fs.readdirSync(dir), [], 'Escape writes nothing');
    assert.deepEqual(
      recorded.steps.map((s) => [s.title, s.step, s.totalSteps, s.back]),
      [
        ['Set Up Workspace: first flow', 1, 4, false],
        ['Set Up Workspace: assets of Checkout', 2, 4, true],
        ['Set Up Workspace: owner of Checkout', 3, 8, true],
        ['Set Up Workspace: assets of Checkout', 2, 8, true],
        ['Set Up Workspace: owner of Checkout', 3, 8, true],
        ['Set Up Workspace: tier of Checkout / web', 4, 8, true],
        ['Set Up Workspace: kind of Checkout / web', 5, 8, true],
        ['Set Up Workspace: tier of Checkout / web', 4, 8, true],
        ['Set Up Workspace: kind of Checkout / web', 5, 8, true],
      ],
      'n/N grows with the assets; Back goes one step',
    );
    assert.equal(recorded.steps[3]?.value, 'web, api', 'Back shows what was typed');
    assert.deepEqual(recorded.steps[7]?.active, ['Tier 1'], 'the tier chosen before is where Enter lands');
    assert.match(recorded.info.at(-1) ?? '', /Set Up Workspace paused: what you typed is kept/);

    // The next run starts from the draft: Enter through it, finish, confirm the summary.
    reset([dir]);
    answers.push(
      'Checkout',
      'web, api',
      'team-web',
      '',
      'Any kind',
      'Tier 2',
      'Any kind',
      'Finish and set up',
      'Set up the workspace',
      undefined,
    );
    await COMMANDS.setUpWorkspace.run(c)();
    assert.equal(recorded.steps[0]?.value, 'Checkout', 'the kept draft fills the first step');
    assert.deepEqual(recorded.steps[7]?.active, ['Finish and set up'], 'finishing is the default after the last flow');
    const confirm = recorded.steps.at(-1);
    assert.equal(confirm?.title, 'Set Up Workspace: confirm');
    assert.equal(
      fs.readFileSync(path.join(dir, 'flows.csv'), 'utf8'),
      'flow,asset,owner,tier,description\nCheckout,web,team-web,1\nCheckout,api,team-web,2\n',
    );
    const other = testContext();
    reset([tempDir()]);
    answers.push('X', undefined, 'Discard');
    await COMMANDS.setUpWorkspace.run(other)();
    await until('the paused message answered', () => (answers.length === 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 10));
    answers.push(undefined);
    await COMMANDS.setUpWorkspace.run(other)();
    await COMMANDS.setUpWorkspace.run(c)();
    assert.equal(recorded.steps.at(-1)?.value, '', 'a discarded draft does not come back');
  });

  it('Set Up Workspace keeps what was typed until set-up succeeded (issue 36.10)', async () => {
    const dir = tempDir();
    // A model file set-up cannot read: the wizard takes every answer, set-up's checks then refuse.
    fs.writeFileSync(path.join(dir, 'maturity_model.csv'), 'not,a,model\n');
    reset([dir]);
    const c = ctx();
    answers.push('Checkout', 'web', '', 'Tier 1', 'service', 'Finish and set up', 'Set up the workspace');
    await assert.rejects(Promise.resolve(COMMANDS.setUpWorkspace.run(c)()), /maturity_model\.csv/);
    const drafts =
      c.ext.workspaceState.get<Record<string, { name: string; assets: string }[]>>('sreTracker.setupDrafts');
    assert.deepEqual(
      drafts?.[dir]?.map((f) => [f.name, f.assets]),
      [['Checkout', 'web']],
      'the draft is there for the next run',
    );
  });

  it('Clear Credentials asks which stored credentials to remove and confirms before removing them (issue 28.20)', async () => {
    reset([]);
    const store = new Map([
      ['sreTracker.rallyApiKey', 'rally-key-1234'],
      ['sreTracker.confluenceToken', 'conf-token-5678'],
    ]);
    const c = testContext(store);
    answers.push([{ label: 'Rally API Key', key: 'rally.apiKey' }], undefined); // picked one, then dismissed the question
    await COMMANDS.clearCredentials.run(c)();
    assert.equal(store.size, 2, 'nothing removed without a yes');
    assert.match(recorded.warnings.at(-1) ?? '', /^Remove Rally API Key from secret storage\?$/);
    answers.push([{ label: 'Rally API Key', key: 'rally.apiKey' }], 'Remove');
    await COMMANDS.clearCredentials.run(c)();
    assert.deepEqual([...store.keys()], ['sreTracker.confluenceToken'], 'only the one chosen');
    answers.push([]); // Enter with nothing ticked
    await COMMANDS.clearCredentials.run(c)();
    assert.match(recorded.info.at(-1) ?? '', /^Nothing was removed: tick a credential first/);
    store.clear();
    await COMMANDS.clearCredentials.run(c)();
    assert.match(recorded.info.at(-1) ?? '', /No SRE credentials are stored/);
  });

  it('the capability picker says "Not assessed" once, and the level of what was assessed (issue 28.15)', async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/on-call'], 1);
    reset([ws.dir]);
    answers.push({ label: 'Checkout / web', key: 'checkout/web' }, undefined);
    await COMMANDS.assessCapability.run(ctx())();
    const capabilities = (recorded.quickPicks[1] ?? []) as { label: string; description: string }[];
    const described = (label: string) => capabilities.find((c) => c.label === label)?.description;
    assert.equal(described('Postmortems'), 'Not assessed');
    assert.match(described('On-call') ?? '', /^(Red|Amber|Green) · level 1$/);
  });

  it('Mark Not Applicable needs a reason and records it; Clear Not Applicable undoes it', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const node = (await c.tree.getChildren((await c.tree.getChildren((await c.tree.getChildren())[0]))[0]))[0];
    // A past date is refused in the box, the reason kept; the mark is said, with Undo (issue 43.9).
    answers.push('stateless service', '2020-01-31', '2027-01-31');
    await COMMANDS.markNotApplicable.run(c)(node);
    assert.match(recorded.refused[0] ?? '', /review date 2020-01-31 is in the past/);
    const item = ws.items().find((i) => i.key === node?.data.item?.key);
    assert.equal(item?.status, 'Not applicable');
    assert.equal(item?.exemptUntil, '2027-01-31');
    assert.match(
      recorded.info.at(-1) ?? '',
      /^Marked .* Not applicable until 2027-01-31: it no longer counts in scores\.$/,
    );
    assert.deepEqual(recorded.infoButtons.at(-1), ['Undo']);
    answers.push('now paged');
    await COMMANDS.clearNotApplicable.run(c)(node);
    assert.equal(ws.items().find((i) => i.key === item?.key)?.status, 'Not assessed');
    assert.match(recorded.info.at(-1) ?? '', /is no longer Not applicable: it counts again\.$/);
    answers.push('no runbook needed', '', 'Undo');
    await COMMANDS.markNotApplicable.run(c)(node);
    assert.equal(ws.items().find((i) => i.key === item?.key)?.status, 'Not assessed', 'Undo put it back');
    assert.match(JSON.stringify(ws.store.read((db) => readHistory(db, item?.key))), /"kind":"unexemption".*now paged/);
  });

  it('Export to CSV writes the matrix where the user chose; Copy Item Key copies the key', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const out = path.join(tempDir(), 'matrix.csv');
    answers.push(Uri.file(out));
    const c = ctx();
    await COMMANDS.exportCsv.run(c)();
    assert.equal((parse(fs.readFileSync(out), { columns: true }) as unknown[]).length, ws.items().length);
    assert.deepEqual(
      recorded.infoButtons.at(-1),
      ['Open', 'Reveal in File Explorer'],
      'what was written, one click away',
    );
    const node = (await c.tree.getChildren((await c.tree.getChildren((await c.tree.getChildren())[0]))[0]))[1];
    await COMMANDS.copyItemKey.run(c)(node);
    assert.equal(recorded.clipboard, 'checkout/web/logging-tracing');
  });

  it('commands that write files or reach the network are marked as needing a trusted workspace', () => {
    const trusted = allCommands()
      .filter(([, s]) => !s.needsTrust)
      .map(([id]) => id)
      .sort();
    assert.deepEqual(trusted, [
      'clearCredentials',
      'clearFilter',
      'copyItemKey',
      'copyMetrics',
      'filterNotAssessed',
      'filterRed',
      'findItem',
      'groupTreeBy',
      'groupTreeByFlow',
      'groupTreeByKind',
      'groupTreeByOwner',
      'groupTreeByPillar',
      'groupTreeByTier',
      'openJiraIssue',
      'openModel',
      'openRallyStory',
      'openReport',
      'refresh',
      'setConfluenceToken',
      'setJiraApiToken',
      'setPushgatewayToken',
      'setRallyApiKey',
      'showAssistantTools',
      'showDashboard',
      'showStale',
    ]);
  });
});

describe('the next step in reach', () => {
  it('Generate Report offers a preview of the HTML report, the Confluence markup on the clipboard, and the files in the Explorer', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const { panels } = await import('./vscode-double');
    const settle = () => new Promise((r) => setTimeout(r, 20));
    answers.push('Preview Report');
    await COMMANDS.generateReport.run(ctx())();
    await settle();
    assert.deepEqual(recorded.progressTitles, ['SRE: Writing the reports…'], 'progress while writing (issue 28.14)');
    assert.match(
      recorded.info.at(-1) ?? '',
      /^Wrote rally_import\.csv .*confluence_page\.txt .*and maturity_report\.html\.$/,
    );
    const preview = panels.at(-1);
    assert.equal(preview?.viewType, 'sreTracker.reportPreview');
    assert.match(
      preview?.html ?? '',
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
    );
    assert.doesNotMatch(preview?.html ?? '', /<script/);
    const previews = panels.length;
    answers.push('Copy Confluence Markup', 'Preview Report'); // after Copy, Preview is still offered (issue 28.14)
    await COMMANDS.generateReport.run(ctx())();
    await settle();
    assert.equal(recorded.clipboard, fs.readFileSync(path.join(ws.dir, 'confluence_page.txt'), 'utf8'));
    assert.equal(recorded.info.at(-1), 'Confluence markup copied: paste it into the page editor.');
    assert.equal(panels.length, previews + 1, 'Preview taken from the notification shown after Copy');
    assert.doesNotMatch(recorded.info.join('\n'), /\b1 (stories|to-do items)\b/, 'one story, one to-do item');
    answers.push('Reveal in Explorer');
    await COMMANDS.generateReport.run(ctx())();
    await settle();
    assert.deepEqual(
      recorded.executed.map(([id, uri]) => [id, (uri as Uri).fsPath]),
      [['revealInExplorer', path.join(ws.dir, 'rally_import.csv')]],
    );
  });

  it('Open Last Report shows the HTML report again, or offers Generate Report when there is none (issue 43.13)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const { panels } = await import('./vscode-double');
    answers.push('Generate Report');
    await COMMANDS.openReport.run(ctx())();
    assert.match(recorded.info.at(-1) ?? '', /has no report yet\.$/);
    assert.deepEqual(recorded.executed, [['sreTracker.generateReport', undefined]]);
    assert.equal(panels.length, 0);
    answers.push(undefined); // the notification after writing, left alone
    await COMMANDS.generateReport.run(ctx())();
    await COMMANDS.openReport.run(ctx())();
    assert.equal(panels.at(-1)?.viewType, 'sreTracker.reportPreview');
    assert.equal(panels.at(-1)?.html, fs.readFileSync(path.join(ws.dir, 'maturity_report.html'), 'utf8'));
  });

  it('the folder picker lists only set-up folders for data commands, and says where each keeps its data (issue 43.14)', async () => {
    const [one, two] = [await setUpWorkspace(), await setUpWorkspace()];
    const empty = tempDir();
    reset([one.dir, empty, two.dir]);
    const c = ctx();
    answers.push(undefined);
    assert.equal(await c.folders.pick(true), undefined, 'a cancelled pick');
    const dataPick = (recorded.quickPicks.at(-1) ?? []) as { label: string; description: string }[];
    assert.deepEqual(
      dataPick.map((p) => [p.label, p.description]),
      [
        [path.basename(one.dir), 'set up · .'],
        [path.basename(two.dir), 'set up · .'],
      ],
    );
    assert.deepEqual(recorded.warnings, [], 'a cancelled pick offers no set-up');
    answers.push(undefined);
    await c.folders.pick(false);
    const anyPick = (recorded.quickPicks.at(-1) ?? []) as { label: string; description: string }[];
    assert.deepEqual(
      anyPick.map((p) => p.description),
      ['set up · .', 'not set up yet', 'set up · .'],
    );
  });

  it('a command that needs set-up data offers Set Up Workspace, or Open Folder when no folder is open', async () => {
    reset([tempDir()]);
    answers.push('Set Up Workspace');
    await COMMANDS.showDashboard.run(ctx())();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(recorded.warnings, ['No SRE workspace here yet: set one up first.']);
    assert.deepEqual(recorded.executed, [['sreTracker.setUpWorkspace']]);
    reset([]);
    answers.push('Open Folder');
    await COMMANDS.findItem.run(ctx())();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(recorded.warnings, ['No folder is open: open the folder that holds (or will hold) the SRE data.']);
    assert.deepEqual(recorded.executed, [['workbench.action.files.openFolder']]);
  });

  it('Group By… on the toolbar offers the groupings, marking the current one, and regroups the tree', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    answers.push({ label: 'Owner', by: 'owner' });
    await COMMANDS.groupTreeBy.run(c)();
    assert.equal(c.tree.grouping(), 'owner');
    assert.equal((await c.tree.getChildren())[0]?.data.contextValue, 'group');
  });

  it('the view welcomes an empty window with Open Folder and a folder without data with Set Up Workspace', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { viewsWelcome: { when: string; contents: string }[] };
    };
    const welcome = Object.fromEntries(manifest.contributes.viewsWelcome.map((w) => [w.when, w.contents]));
    assert.match(
      welcome['workbenchState == empty'] ?? '',
      /\[Open Folder\]\(command:workbench\.action\.files\.openFolder\)/,
    );
    assert.match(
      welcome['workbenchState != empty && isWorkspaceTrusted'] ?? '',
      /\[Set Up Workspace\]\(command:sreTracker\.setUpWorkspace\)/,
    );
    // Restricted Mode: no Set Up button that could only warn, but the way to trust the folder (issue 43.16).
    const restricted = welcome['workbenchState != empty && !isWorkspaceTrusted'] ?? '';
    assert.match(restricted, /Restricted Mode.*\n\[Manage Workspace Trust\]\(command:workbench\.trust\.manage\)/s);
    assert.doesNotMatch(restricted, /setUpWorkspace/);
  });
});

describe('setting errors, worded for each adapter', () => {
  it('core names the setting key; the extension names the setting or the command, the CLI the variable', async () => {
    const missing = new SettingError('Rally parent is not set', 'rally.parentId', 'a feature F123 or a story US45');
    assert.equal(
      describeError(missing, nameSetting),
      'Rally parent is not set: set sreTracker.rally.parentId in Settings (a feature F123 or a story US45)',
    );
    assert.equal(
      describeError(new SettingError('Rally API key is missing', 'rally.apiKey'), nameSetting),
      'Rally API key is missing: run "SRE: Set Rally API Key"',
    );
    const dir = tempDir();
    await cli(['setup', '--dir', dir, '--flow', 'A', '--assets', 'x']);
    const r = await cli(['sync', '--dir', dir, '--no-confluence'], {
      env: { RALLY_API_KEY: 'k', RALLY_WORKSPACE: 'W', RALLY_PROJECT: 'P' },
    });
    assert.equal(
      r.stderr,
      'sre-tracker sync: Rally parent is not set: set RALLY_PARENT_ID (in the environment or .env) (a feature F123 or a story US45)\n',
    );
  });
});

describe('command titles', () => {
  it('package.json and the command table give every command the same title', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { commands: { command: string; title: string }[] };
    };
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, c.title]));
    for (const [id, spec] of Object.entries(COMMANDS))
      assert.equal(titles[`sreTracker.${COMMAND[id as keyof typeof COMMAND]}`], spec.title, id);
  });
});

describe('Add Campaign', () => {
  it('walks seven numbered steps with Back (keeping what was picked), confirms with a summary, and writes campaigns.csv', async () => {
    const ws = await setUpWorkspace({
      flowsCsv: 'flow,asset,owner,tier\nCheckout,web,team-web,1\nLogin,auth,team-pay,2\n',
    });
    reset([ws.dir]);
    answers.push(
      'Q1 SLOs',
      ['Checkout'],
      PRESS_BACK,
      ['Checkout'],
      ['tier 1'],
      'Service Level Objectives',
      '(all)',
      '3',
      '2027-03-31',
      'Add Campaign',
    );
    await COMMANDS.addCampaign.run(ctx())();
    assert.deepEqual(
      recorded.steps.map((s) => [s.step, s.totalSteps, s.back]),
      [
        [1, 7, false],
        [2, 7, true],
        [3, 7, true],
        [2, 7, true],
        [3, 7, true],
        [4, 7, true],
        [5, 7, true],
        [6, 7, true],
        [7, 7, true],
        [undefined, undefined, true],
      ],
    );
    assert.deepEqual(recorded.steps[3]?.selected, ['Checkout'], 'going back keeps what was picked');
    assert.equal(recorded.steps.at(-1)?.title, 'Add Campaign: Q1 SLOs');
    assert.equal(
      fs.readFileSync(path.join(ws.dir, 'campaigns.csv'), 'utf8'),
      'name,flows,tiers,pillar,capability,target_level,due\nQ1 SLOs,Checkout,1,Service Level Objectives,,3,2027-03-31\n',
    );
    assert.equal(
      campaignSummary({
        name: 'x',
        flows: [],
        tiers: [1, 2],
        pillar: '',
        capability: 'On-call',
        targetLevel: 2,
        due: '2027-01-01',
      }),
      'every flow · tier 1, tier 2 · every pillar / On-call · level 2 by 2027-01-01',
    );
  });

  it('dismissing any step adds nothing', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    answers.push('Q1 SLOs', ['Checkout'], undefined);
    await COMMANDS.addCampaign.run(ctx())();
    assert.equal(fs.existsSync(path.join(ws.dir, 'campaigns.csv')), false);
  });
});
