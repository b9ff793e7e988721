/**
 * End to end in a real VS Code (code-server) driven through chromium: the packaged VSIX, a person's steps, and
 * what they would see. Run by `npm run test:e2e` after test/e2e/setup.sh. Prints "N passed, N failed".
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type Browser, type FrameLocator, type Page } from 'playwright-core';
import { Server as ProxyServer } from 'proxy-chain';

import { ConfluenceFake, SAMPLE_PAGE } from '../fakes/confluence-fake';
import { RallyFake } from '../fakes/rally-fake';
import { axeViolations, describeViolations, weakFills } from './axe';
import {
  answer,
  type CodeServer,
  launchBrowser,
  packageVsix,
  runCommand,
  startCodeServer,
  writeUserSettings,
} from './harness';
import { startMediaHost } from './media-host';

const ROOT = path.join(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'media', 'screenshots');
const RESULTS = path.join(ROOT, 'test-results');
const PORT = 18000 + Math.floor(Math.random() * 1000);
const LIGHT = 'Light 2026';
/** The set-up flows with owners and tiers added, as a team adds them to flows.csv. */
const FLOWS_WITH_OWNERS =
  'flow,asset,owner,tier\nCheckout,web,team-web,1\nCheckout,api,team-pay,2\nLogin,auth,team-pay,2\n';
const DARK = 'Dark 2026';

/**
 * The user's settings. `http.proxy` is the corporate proxy every request goes through: VS Code's own proxy agent
 * applies it to the extension's requests, which bring no agent of their own (issue 26).
 */
function userSettings(theme: string, proxy: string): Record<string, unknown> {
  return {
    'http.proxy': proxy,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': theme,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
    'window.commandCenter': false,
  };
}

let passed = 0;
let failed = 0;

async function step(name: string, page: Page, cs: CodeServer, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    fs.mkdirSync(RESULTS, { recursive: true });
    const shot = path.join(RESULTS, `failure-${passed + failed}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    const toasts = await page
      .locator('.notification-toast')
      .allTextContents()
      .catch(() => []);
    const extLog = findFiles(path.join(cs.userData, 'logs'), /SRE Maturity Tracker\.log$/)
      .map((f) => fs.readFileSync(f, 'utf8').split('\n').slice(-15).join('\n    '))
      .join('\n    ');
    console.log(`extension log:\n    ${extLog}`);
    console.log(
      `not ok - ${name}\n  ${(e as Error).message.split('\n').join('\n  ')}\n  notifications: ${JSON.stringify(toasts)}\n  screenshot: ${shot}\n  last lines of the code-server log:\n${cs
        .log()
        .split('\n')
        .slice(-40)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
    throw e;
  }
}

/**
 * The MCP server exactly as the extension defines it for VS Code (command, arguments and environment, read from
 * the log Show AI Assistant Tools writes), driven by the SDK client: a read tool, then create_work with writes
 * allowed, as a user who configured it would (issue 35). The write goes to a copy of the data folder and a Rally of
 * its own, so the steps after this one see the workspace as they left it.
 */
async function callMcpServer(cs: CodeServer): Promise<void> {
  const logged = findFiles(path.join(cs.userData, 'logs'), /SRE Maturity Tracker\.log$/)
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
    .map((l) => /MCP server definition: (\{.*\})$/.exec(l)?.[1])
    .find((l) => l !== undefined);
  expect(logged !== undefined, 'Show AI Assistant Tools logs the MCP server definition');
  const server = JSON.parse(logged ?? '{}') as { command: string; args: string[]; env: Record<string, string> };
  expect(server.args[0]?.endsWith(path.join('dist', 'cli.mjs')) === true, `the VSIX's CLI: ${server.args[0]}`);
  const connect = async (extraArgs: string[], env: Record<string, string>) => {
    const client = new Client({ name: 'sre-e2e', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: server.command,
        args: [...server.args, ...extraArgs],
        env: { ...getDefaultEnvironment(), ...server.env, ...env },
        stderr: 'ignore',
      }),
    );
    return client;
  };
  type Listed = {
    structuredContent?: { items: { flow: string; asset: string; capability: string; link: unknown; status: string }[] };
  };
  const dir = server.args.at(-1) ?? '';
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-mcp-'));
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
  server.args = [...server.args.slice(0, -1), copy];
  const rally = new RallyFake();
  await rally.start();
  const reader = await connect([], {});
  const listed = (await reader.callTool({ name: 'list_items', arguments: {} })) as Listed;
  await reader.close();
  const open = listed.structuredContent?.items.find((i) => i.link === null && i.status !== 'Not applicable');
  expect(open !== undefined, `list_items answers with items: ${JSON.stringify(listed).slice(0, 300)}`);
  const writer = await connect(['--allow-writes'], {
    RALLY_SERVER: rally.url,
    RALLY_API_KEY: rally.apiKey,
    RALLY_WORKSPACE: 'Engineering',
    RALLY_PROJECT: 'SRE',
    RALLY_PARENT_ID: 'F12',
  });
  try {
    const made = (await writer.callTool({
      name: 'create_work',
      arguments: { flow: open?.flow, asset: open?.asset, capability: open?.capability },
    })) as { isError?: boolean; structuredContent?: { created: boolean; id: string } };
    expect(made.structuredContent?.created === true, `create_work created a story: ${JSON.stringify(made)}`);
    expect(
      rally.stories.some((s) => s.FormattedID === made.structuredContent?.id),
      'the story is in Rally',
    );
  } finally {
    await writer.close();
    await rally.stop();
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const tree = (page: Page) => page.locator('[id="workbench.view.extension.sreTracker"] .monaco-list');
const row = (page: Page, text: string) => tree(page).locator('.monaco-list-row', { hasText: text }).first();

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Opens or closes a tree row and waits until it says so: a click only when it is the other way, as a click on a row
 * toggles it and, under load, a second click can land before the first has been drawn.
 */
async function setExpanded(page: Page, label: string, open: boolean): Promise<void> {
  const target = row(page, label);
  await target.waitFor();
  if ((await target.getAttribute('aria-expanded')) !== String(open)) await target.click();
  await waitFor(
    `${label} ${open ? 'open' : 'closed'}`,
    async () => (await target.getAttribute('aria-expanded')) === String(open),
  );
}

async function rowText(page: Page, label: string): Promise<string> {
  return (await row(page, label).textContent()) ?? '';
}

/** A hover the pointer left over a tree row (an asset's owner and tier) covers the rows below it: move away first. */
async function dismissHover(page: Page): Promise<void> {
  await page.mouse.move(900, 700);
  await page
    .locator('.context-view .monaco-hover')
    .first()
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => undefined);
}

async function contextMenu(page: Page, label: string, action: string): Promise<void> {
  // Menus ignore a click that comes right after they open, and a menu opened while the tree re-renders can run
  // its command without the node (VS Code then asks which item). Settle, and retry when either happens.
  for (let attempt = 1; ; attempt++) {
    await page.waitForTimeout(500);
    await dismissHover(page);
    await row(page, label).click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: action }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(300);
    await item.click();
    const closed = await page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'hidden', timeout: 2000 })
      .then(
        () => true,
        () => false,
      );
    const askedWhich =
      closed &&
      (await page
        .locator('.quick-input-widget', { hasText: 'Which asset?' })
        .waitFor({ state: 'visible', timeout: 1000 })
        .then(
          () => true,
          () => false,
        ));
    if (closed && !askedWhich) return;
    if (attempt >= 3) throw new Error(`"${action}" on "${label}" did not run on its tree node`);
    await page.keyboard.press('Escape');
  }
}

/** Allows the host a repository's settings name to receive a credential (`what`, e.g. "Rally API key"). */
async function allowHost(page: Page, what: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: `send your ${what} to` });
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.locator('.monaco-button', { hasText: /^Send to / }).click();
}

/** Waits for a notification, as a toast or, when toasts were folded away, in the notification center. */
async function notification(page: Page, text: string | RegExp): Promise<void> {
  const seen = async () =>
    (await page.locator('.notification-toast, .notification-list-item', { hasText: text }).count()) > 0;
  try {
    await waitFor(`a notification ${String(text)}`, seen, 15_000);
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    await waitFor(`a notification ${String(text)}`, seen, 15_000);
    await page.keyboard.press('Escape');
  }
}

async function webview(page: Page): Promise<FrameLocator> {
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await frame.locator('#app > *').first().waitFor({ timeout: 20_000 });
  return frame;
}

async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(500);
}

async function showSreView(page: Page): Promise<void> {
  const view = page.locator('[id="workbench.view.extension.sreTracker"]');
  // Clicking the icon of the view already shown would hide it.
  if (!(await view.isVisible())) await page.locator('.activitybar [aria-label*="SRE Maturity"]').first().click();
  await view.waitFor({ state: 'visible' });
}

async function openWorkbench(page: Page, cs: CodeServer): Promise<void> {
  await page.goto(cs.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(3000); // the extension host starts after the workbench
  await showSreView(page);
}

async function setTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  // Click the theme's row in the unfiltered list: typing starts a marketplace search, which has no network here.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${theme}`) })
    .first()
    .click();
  await page.waitForTimeout(800);
}

/** Light and dark screenshots of what is on screen, for the README. */
async function shoot(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  for (const [theme, suffix] of [
    [LIGHT, 'light'],
    [DARK, 'dark'],
  ] as const) {
    await setTheme(page, theme);
    await page.mouse.move(700, 5); // no hover tooltip in the picture
    await page.screenshot({ path: path.join(SHOTS, `${name}-${suffix}.png`) });
  }
  await setTheme(page, LIGHT);
}

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-ws-'));
  // 'Engineering' is not the key owner's default workspace: found only through the subscription (Broadcom KB 57602).
  const rally = new RallyFake({
    workspace: { name: 'Sandbox', id: 40 },
    otherWorkspaces: [{ name: 'Engineering', id: 41 }],
  });
  const confluence = new ConfluenceFake();
  // On 127.0.0.2: VS Code sends localhost and 127.0.0.1 past any proxy, so these show the proxy is used.
  await Promise.all([rally.start('127.0.0.2'), confluence.start('127.0.0.2')]);
  const proxied: string[] = [];
  const proxy = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: ({ hostname, port }) => {
      proxied.push(`${hostname}:${port}`);
      return {};
    },
  });
  await proxy.listen();
  const proxyUrl = `http://127.0.0.1:${proxy.port}`;
  const media = await startMediaHost(ROOT);
  confluence.addPage('4242', 'Checkout SRE', SAMPLE_PAGE);
  // Workspace settings point at the fakes; thresholds mode so an untiered asset can be Red.
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({
      'sreTracker.statusMode': 'thresholds',
      'sreTracker.rally.server': rally.url,
      'sreTracker.rally.workspace': 'Engineering',
      'sreTracker.rally.project': 'SRE',
      'sreTracker.rally.parentId': 'F12',
      'sreTracker.rally.tags': ['sre'],
      'sreTracker.confluence.baseUrl': confluence.url,
      'sreTracker.confluence.username': confluence.username,
      'sreTracker.confluence.pageId': '4242',
      'sreTracker.confluence.deployment': 'cloud',
    }),
  );
  fs.mkdirSync(SHOTS, { recursive: true });
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    packageVsix(media.url);
    cs = await startCodeServer(workspace, PORT, userSettings(LIGHT, proxyUrl));
    const chromium = await launchBrowser(media.hostResolverRule);
    browser = chromium;
    // The media host's certificate is made for this run (test/e2e/media-host.ts).
    const page = await chromium.newPage({ viewport: { width: 1400, height: 860 }, ignoreHTTPSErrors: true });
    const server = cs;

    await step('the empty workspace shows the welcome with "Set Up Workspace"', page, server, async () => {
      await openWorkbench(page, server);
      const welcome = page.locator('[id="workbench.view.extension.sreTracker"] .welcome-view-content');
      await welcome.waitFor({ timeout: 20_000 });
      expect(
        (await welcome.textContent())?.includes('No SRE workspace in this folder yet') === true,
        'welcome text missing',
      );
      await welcome.locator('a, .monaco-button', { hasText: 'Set Up Workspace' }).first().waitFor();
      // Before set-up no filter is offered (the view's menu and the palette share the when clause), so none can
      // replace the welcome (issue 28.9): the palette finds Set Up Workspace but not Show Only Red.
      await page.locator('.part.sidebar .composite.title .title-label').first().click();
      await page.keyboard.press('F1');
      const palette = page.locator('.quick-input-widget input');
      await palette.fill('>SRE: Set Up Workspace');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'SRE: Set Up Workspace' }).first().waitFor();
      await palette.fill('>SRE: Show Only Red');
      await page.waitForTimeout(800);
      expect(
        (await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Only Red' }).count()) === 0,
        'Show Only Red is offered before set-up',
      );
      await page.keyboard.press('Escape');
      expect(await welcome.isVisible(), 'the welcome view is gone');
    });

    await step(
      'Set Up Workspace builds the tree, every capability Not assessed, sre_data.db on disk',
      page,
      server,
      async () => {
        await runCommand(page, 'SRE: Set Up Workspace');
        const input = page.locator('.quick-input-widget input');
        await answer(page, 'Checkout');
        await answer(page, 'web, api');
        // Numbered steps; Back shows what was typed; Escape keeps it for the next run (issue 28.4).
        await page.locator('.quick-input-widget', { hasText: '3/8' }).waitFor();
        await page.locator('.quick-input-widget .codicon-quick-input-back').click();
        await waitFor('Back keeping the assets', async () => (await input.inputValue()) === 'web, api');
        await page.keyboard.press('Escape');
        await notification(page, /Set Up Workspace paused/);
        await runCommand(page, 'SRE: Set Up Workspace');
        await waitFor('the draft kept', async () => (await input.inputValue()) === 'Checkout');
        // Each flow's owner (skipped here), each asset's tier, which sets its target, and its kind (issue 37).
        for (const a of [
          'Checkout',
          'web, api',
          '',
          'Tier 1',
          'service',
          'Tier 2',
          'database',
          'Add another flow',
          'Login',
          'auth',
          '',
          'No tier',
          'Any kind',
          'Finish and set up',
          'Set up the workspace',
        ])
          await answer(page, a);
        await notification(page, /SRE workspace created/);
        await row(page, 'Checkout').waitFor();
        await row(page, 'Login').waitFor();
        expect(fs.existsSync(path.join(workspace, 'sre_data.db')), 'sre_data.db was not written');
        expect(
          fs.readFileSync(path.join(workspace, 'flows.csv'), 'utf8').includes('Checkout,web,,1,,service\n'),
          'the tier and kind asked for are not in flows.csv',
        );
        await setExpanded(page, 'web', true);
        await row(page, 'Monitoring & Alerting').waitFor();
        expect(
          (await rowText(page, 'Monitoring & Alerting')).includes('Not assessed'),
          'capability not "Not assessed"',
        );
        expect((await rowText(page, 'web')).includes('15 Not assessed'), `roll-up: ${await rowText(page, 'web')}`);
        // The database is asked what fits a database: no release questions, backups yes; the service has both.
        await setExpanded(page, 'web', false);
        await setExpanded(page, 'api', true);
        await row(page, 'Backup & Disaster Recovery').waitFor();
        const database = await tree(page).ariaSnapshot();
        expect(
          !database.includes('Release & Rollback') && (await rowText(page, 'api')).includes('14 Not assessed'),
          `the database has no Release & Rollback item: ${database}`,
        );
        await setExpanded(page, 'api', false);
        await setExpanded(page, 'web', true);
        await row(page, 'Release & Rollback').waitFor();
        const service = await tree(page).ariaSnapshot();
        expect(service.includes('Release & Rollback'), `the service has a Release & Rollback item: ${service}`);
        // The steps after this one were written for assets of any kind: the kinds come out of flows.csv again.
        fs.writeFileSync(
          path.join(workspace, 'flows.csv'),
          'flow,asset,owner,tier,description\nCheckout,web,,1\nCheckout,api,,2\nLogin,auth\n',
        );
        await runCommand(page, 'SRE: Set Up Workspace');
        await answer(page, 'Re-read the CSVs and merge');
        await notification(page, /SRE workspace updated/);
        await runCommand(page, 'Notifications: Clear All Notifications');
        await waitFor('api asked everything again', async () =>
          (await rowText(page, 'api')).includes('15 Not assessed'),
        );
      },
    );

    await step(
      'Assess Capability: the webview shows level and status live; Save updates the tree',
      page,
      server,
      async () => {
        await contextMenu(page, 'Monitoring & Alerting', 'Assess Capability');
        const view = await webview(page);
        const result = view.locator('#result');
        await waitFor('the initial result', async () => (await result.textContent()) === 'Not assessed');
        // Radios to a screen reader, each question naming its group (issue 28.1).
        const tree1 = await view.locator('fieldset.question').first().ariaSnapshot();
        expect(
          /group "[^"]+"/.test(tree1) && /radio "Yes"/.test(tree1) && /radio "No"/.test(tree1),
          `accessibility tree: ${tree1}`,
        );
        await view.locator('input[type=radio][value=yes]').nth(0).click();
        await waitFor('level 1', async () => (await result.textContent()) === 'Level 1 · Red');
        // The next level's region is named by the level alone, its "next step" badge a word apart (issue 43.7).
        const nextLevel = view.getByRole('region', { name: 'Level 2 · Repeatable', exact: true });
        expect((await nextLevel.count()) === 1, `region names: ${await view.locator('section.level').count()} levels`);
        expect(
          ((await nextLevel.locator('h2').textContent()) ?? '').includes('Repeatable next step'),
          'the badge reads as its own word',
        );
        await view.locator('input[type=radio][value=yes]').nth(1).click();
        await view.locator('input[type=radio][value=yes]').nth(2).click();
        await waitFor('level 2, Amber', async () => (await result.textContent()) === 'Level 2 · Amber');
        await shoot(page, 'assessment');
        await view.locator('#save').click();
        await waitFor('the tree to show level 2', async () =>
          (await rowText(page, 'Monitoring & Alerting')).includes('Amber · L2'),
        );
        await waitFor('the roll-up', async () => (await rowText(page, 'web')).includes('1 Amber · 14 Not assessed'));
        await page.waitForTimeout(1000); // let the tree settle before the next right-click
        // A second capability answered "no" is Red: the one that becomes a Rally story.
        await contextMenu(page, 'Logging & Tracing', 'Assess Capability');
        const second = await webview(page);
        // Opened, it starts at the first question not answered, not on the page body (issue 43.15).
        await waitFor('focus on the first open question', () =>
          second
            .locator('input[type=radio]')
            .first()
            .evaluate((e) => e === e.ownerDocument.activeElement),
        );
        // Keyboard only: the arrow keys move the group's selection to "No", and that answer is recorded (it used to
        // show "No" while nothing was recorded).
        const no = second.locator('input[type=radio][value=no]').nth(0);
        const noChecked = () => no.isChecked();
        await second.locator('input[type=radio][value=yes]').nth(0).focus();
        for (let i = 0; i < 2 && !(await noChecked()); i++) await page.keyboard.press('ArrowRight');
        expect(await noChecked(), 'the arrow keys did not move to "No"');
        await waitFor('"No" recorded', async () =>
          ((await second.locator('#result-detail').textContent()) ?? '').includes('4 question(s) not answered yet'),
        );
        await second.locator('#save').click();
        await waitFor('Logging & Tracing Red', async () =>
          (await rowText(page, 'Logging & Tracing')).includes('Red · L0'),
        );
        await shoot(page, 'tree');
      },
    );

    await step(
      'Unsaved answers: the tab is marked, Escape asks before discarding, Ctrl+S saves, Undo takes it back',
      page,
      server,
      async () => {
        await closeEditors(page);
        await contextMenu(page, 'SLIs & SLOs', 'Assess Capability');
        const view = await webview(page);
        const tab = page.locator('.tab', { hasText: 'Assess: SLIs & SLOs (web)' });
        await view.locator('input[type=radio][value=yes]').nth(0).click();
        await waitFor('the dirty marker on the tab', async () => ((await tab.textContent()) ?? '').includes('●'));
        await view.locator('#unsaved', { hasText: 'Unsaved changes' }).waitFor();
        await page.keyboard.press('Escape');
        const dialog = page.locator('.monaco-dialog-box', {
          hasText: 'Do you want to save the answers you gave for SLIs & SLOs (web)?',
        });
        await dialog.waitFor({ timeout: 15_000 });
        await page.screenshot({ path: path.join(SHOTS, 'unsaved-light.png') });
        // Save is the default, as for an unsaved file: the button a plain Enter presses (issue 28.5).
        const focused = String(await page.evaluate("document.activeElement?.textContent?.trim() ?? ''"));
        expect(focused === 'Save', `the unsaved prompt's default is "${focused}", not Save`);
        await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });
        expect((await tab.count()) === 1, 'the panel closed although the person kept their answers');
        await view.locator('input[type=radio][value=yes]').nth(0).focus();
        await page.keyboard.press('Control+s');
        await notification(page, /Saved SLIs & SLOs of web: level 1/);
        await waitFor('the tree to show level 1', async () => (await rowText(page, 'SLIs & SLOs')).includes('L1'));
        // Focus is back on the row the assessment was opened from, not on a page body (issue 28.2).
        await waitFor('focus back on the tree row', async () =>
          Boolean(
            await page.evaluate(
              "(() => { const a = document.activeElement; const row = a && a.closest('[id=\"workbench.view.extension.sreTracker\"]') && a.querySelector('.monaco-list-row.focused'); return row ? row.textContent.includes('SLIs & SLOs') : false; })()",
            ),
          ),
        );
        await page
          .locator('.notification-toast', { hasText: 'Saved SLIs & SLOs of web' })
          .locator('.monaco-button', { hasText: 'Undo' })
          .click();
        await notification(page, /Undid the last assessment of checkout\/web\/slis-slos: back to not assessed/);
        await waitFor('the tree to show Not assessed again', async () =>
          (await rowText(page, 'SLIs & SLOs')).includes('Not assessed'),
        );
      },
    );

    await step(
      'At a glance: the status bar counts, a filtered tree says so and clears, Find Capability reveals an item',
      page,
      server,
      async () => {
        await closeEditors(page);
        const status = page.locator('[aria-label^="SRE maturity:"]').first();
        await waitFor('the status bar item', async () =>
          ((await status.getAttribute('aria-label')) ?? '').includes('1 Red, 1 Amber'),
        );
        // Its own words, not the Problems counter's look (issue 28.8).
        expect(
          ((await status.textContent()) ?? '').includes('SRE: 1 Red · 1 Amber'),
          'the status bar item has no words',
        );
        const sidebar = page.locator('[id="workbench.view.extension.sreTracker"]');
        await runCommand(page, 'SRE: Show Only Red');
        await waitFor(
          'the filter said in the view',
          async () => (await sidebar.getByText('Filter: Red only').count()) > 0,
        );
        await waitFor(
          'only the Red capability',
          async () =>
            (await rowText(page, 'Logging & Tracing')).includes('Red') &&
            (await row(page, 'Monitoring & Alerting').count()) === 0,
        );
        await shoot(page, 'tree-filtered');
        await page
          .locator(
            '.pane-header .action-label[aria-label="Clear Filter"], .title-actions .action-label[aria-label="Clear Filter"]',
          )
          .first()
          .click();
        await waitFor('the filter gone', async () => (await sidebar.getByText('Filter: Red only').count()) === 0);
        await row(page, 'Monitoring & Alerting').waitFor();
        await runCommand(page, 'SRE: Find Capability…');
        await answer(page, 'Checkout / api'); // the description: the first capability of the collapsed api
        await waitFor('the item revealed and selected', async () =>
          ((await tree(page).locator('.monaco-list-row.selected').textContent()) ?? '').includes(
            'Monitoring & Alerting',
          ),
        );
        expect(
          (await tree(page).locator('.monaco-list-row', { hasText: 'Monitoring & Alerting' }).count()) === 2,
          'api was expanded to show it',
        );
      },
    );

    await step(
      'AI assistants: one set of tools (the MCP server for reads, the confirmed writes as VS Code tools); the server VS Code would start answers and creates a story',
      page,
      server,
      async () => {
        await runCommand(page, 'SRE: Show AI Assistant Tools');
        await notification(
          page,
          /2 SRE tools are registered for AI assistants: #sreRecordAssessment, #sreMarkNotApplicable\. The MCP server "SRE Maturity" offers the read tools/,
        );
        await runCommand(page, 'Notifications: Clear All Notifications');
        await callMcpServer(server);
      },
    );

    await step(
      'Generate Report opens both files; the Amber item is not in rally_import.csv',
      page,
      server,
      async () => {
        await runCommand(page, 'SRE: Generate Report');
        await page.locator('.tab', { hasText: 'rally_import.csv' }).waitFor({ timeout: 15_000 });
        await page.locator('.tab', { hasText: 'confluence_page.txt' }).waitFor({ timeout: 15_000 });
        const csv = fs.readFileSync(path.join(workspace, 'rally_import.csv'), 'utf8');
        expect(!csv.includes('checkout/web/monitoring-alerting'), 'the Amber item is in the CSV');
        expect(csv.includes('checkout/web/logging-tracing'), 'the Red item is missing from the CSV');
        await closeEditors(page);
      },
    );

    await step(
      'Copy for Prometheus: the metrics and the alert rules, made by libraries the extension loads on first use',
      page,
      server,
      async () => {
        // prom-client and yaml are bundled apart from extension.js (esbuild.mjs): this is their first use here.
        for (const [choice, copied] of [
          ['Metrics', /Copied the metrics \(\d+ lines\)/],
          ['Alerting rules', /Copied the alerting rules \(\d+ lines\)/],
        ] as const) {
          await runCommand(page, 'SRE: Copy Prometheus Metrics, Rules or Dashboard…');
          await answer(page, choice);
          await notification(page, copied);
        }
        await runCommand(page, 'Notifications: Clear All Notifications');
      },
    );

    await step('Mark Not Applicable from the tree: greyed, and gone from the reports', page, server, async () => {
      await contextMenu(page, 'Postmortems', 'Mark Not Applicable');
      await answer(page, 'No incidents: batch asset');
      await answer(page, '2027-06-30');
      await waitFor('the greyed node', async () => (await rowText(page, 'Postmortems')).includes('Not applicable'));
      expect((await row(page, 'Postmortems').locator('.codicon-circle-slash').count()) === 1, 'no greyed icon');
      await runCommand(page, 'SRE: Generate Report');
      await page.locator('.tab', { hasText: 'confluence_page.txt' }).waitFor({ timeout: 15_000 });
      const wiki = fs.readFileSync(path.join(workspace, 'confluence_page.txt'), 'utf8');
      const todo = wiki.slice(0, wiki.indexOf('h3. Not applicable'));
      expect(
        !todo.includes('checkout/web/postmortems') && wiki.includes('No incidents: batch asset'),
        'the exempt item is in the To-Do table, or missing from Not applicable',
      );
      expect(
        !fs.readFileSync(path.join(workspace, 'rally_import.csv'), 'utf8').includes('checkout/web/postmortems'),
        'exempt item in the CSV',
      );
      await closeEditors(page);
    });

    await step(
      'Credentials, Create Rally Story, then Sync through the proxy in http.proxy: story in Rally, id on the node, table on the page',
      page,
      server,
      async () => {
        await runCommand(page, 'SRE: Set Rally API Key');
        await answer(page, rally.apiKey);
        await notification(page, /Rally API key stored/);
        await runCommand(page, 'SRE: Set Confluence API Token');
        await answer(page, confluence.token);
        await notification(page, /Confluence token stored/);
        await contextMenu(page, 'Logging & Tracing', 'Create Rally Story');
        // The servers come from the workspace's .vscode/settings.json: the key goes there only once the user allows it.
        await allowHost(page, 'Rally API key');
        await notification(page, /Created Rally story US\d+ for checkout\/web\/logging-tracing/);
        const story = rally.stories.find((s) => s.Name.includes('checkout/web/logging-tracing'));
        expect(story !== undefined, 'no story in the fake Rally');
        await waitFor('the story id on the node', async () =>
          (await rowText(page, 'Logging & Tracing')).includes(story?.FormattedID ?? '?'),
        );
        if (story) story.ScheduleState = 'In-Progress';
        // A story imported from a CSV the way Rally's importer does it: no parent, no tags.
        const [imported] = rally.importCsv(
          'Name,Description,Schedule State\n"[SRE checkout/api/on-call] Raise On-call to level 1",imported,Defined\n',
        );
        await runCommand(page, 'SRE: Sync Work Items and the Confluence Page');
        await allowHost(page, 'Confluence token'); // Rally's host is allowed already: asked once per host
        await page
          .locator('.monaco-dialog-box', { hasText: '1 imported Rally story to adopt (parent and tags)' })
          .waitFor({ timeout: 30_000 });
        const apply = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Apply' });
        await apply.click();
        await notification(page, /SRE sync done/);
        const through = (fake: string) => proxied.filter((p) => p === new URL(fake).host).length;
        expect(
          through(rally.url) > 0 && through(confluence.url) > 0,
          `Rally and Confluence were not reached through the proxy in http.proxy (it saw: ${[...new Set(proxied)].join(', ') || 'nothing'})`,
        );
        const body = confluence.pages.get('4242')?.body ?? '';
        expect(
          body.includes('checkout/web/logging-tracing') && !body.includes('old/row/here'),
          'the page does not hold the new table',
        );
        expect(
          imported?.PortfolioItem === 'F12' && imported.Tags.includes('sre'),
          'the imported story was not adopted',
        );
        await waitFor('the state on the node', async () =>
          (await rowText(page, 'Logging & Tracing')).includes(story?.FormattedID ?? '?'),
        );
      },
    );

    await step(
      'Dashboard: the heatmap opens, groups rows by owner with their scores, and a cell opens its assessment',
      page,
      server,
      async () => {
        await closeEditors(page);
        // Owners and tiers arrive the way a team adds them: in flows.csv, merged by Set Up Workspace.
        fs.writeFileSync(path.join(workspace, 'flows.csv'), FLOWS_WITH_OWNERS);
        await runCommand(page, 'SRE: Set Up Workspace');
        await answer(page, 'Re-read the CSVs and merge');
        await notification(page, /SRE workspace updated/);
        await runCommand(page, 'SRE: Show Maturity Dashboard');
        const view = await webview(page);
        await view.locator('table.heatmap').waitFor();
        expect(
          (await view.locator('td[data-key="checkout/web/monitoring-alerting"]').textContent()) === '▲2',
          'cell shape and level',
        );
        await shoot(page, 'dashboard');
        // Groups collapse and expand; a collapsed group's rows are not drawn at all.
        const checkout = view.locator('tr.group[data-group="flow:Checkout"] button');
        await checkout.click();
        await waitFor(
          'Checkout collapsed',
          async () => (await view.locator('td[data-key^="checkout/"]').count()) === 0,
        );
        expect(
          (await view.locator('tr.group[data-group="flow:Checkout"] button').getAttribute('aria-expanded')) === 'false',
          'aria-expanded',
        );
        expect(
          (await view.locator('.filters button', { hasText: 'Expand all' }).count()) === 1,
          'Expand all while one is shut',
        );
        const shownLine = () =>
          view
            .locator('p[role="status"]', { hasText: /assets/ })
            .first()
            .textContent();
        expect(/ match; \d+ in closed groups: expand one/.test((await shownLine()) ?? ''), 'the closed group said');
        await view.locator('tr.group[data-group="flow:Checkout"] button').click();
        // Everything open: the toggle offers to collapse, not to expand again (issue 28.3).
        await view.locator('.filters button', { hasText: 'Collapse all' }).waitFor({ timeout: 5_000 });
        // ... and the count line no longer asks to expand a group (issue 43.15).
        expect(/^\d+ of \d+ assets shown\./.test((await shownLine()) ?? ''), `${await shownLine()}`);
        // Export CSV… by keyboard: through the save dialog and back on the button (issue 43.15).
        const exportCsv = view.locator('[data-action="export-csv"]');
        const exported = path.join(workspace, 'maturity_matrix.csv');
        await exportCsv.focus();
        await page.keyboard.press('Enter');
        // code-server's save dialog is a quick input holding the proposed path: Enter takes it.
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
        await page.waitForTimeout(300);
        await page.keyboard.press('Enter');
        await notification(page, /Exported to .*maturity_matrix\.csv/);
        expect(fs.readFileSync(exported, 'utf8').includes('key,flow,asset'), 'the matrix written where chosen');
        await waitFor('focus back on Export CSV…', () =>
          exportCsv.evaluate((e) => e === e.ownerDocument.activeElement),
        );
        const filterBox = (name: string) => view.locator(`.filters select[name="${name}"]`);
        // By keyboard: each arrow press filters at once, and the focus stays on the control (issue 28.3).
        await filterBox('flow').focus();
        const flowHasFocus = () => filterBox('flow').evaluate((e) => e === e.ownerDocument.activeElement);
        await page.keyboard.press('ArrowDown');
        await waitFor('the flow filter', async () => (await view.locator('tr.group').count()) === 1);
        expect(await flowHasFocus(), 'the filter lost the focus when the heatmap redrew');
        await page.keyboard.press('ArrowDown');
        await waitFor('the next flow', async () => (await filterBox('flow').inputValue()) === 'Login');
        expect(await flowHasFocus(), 'the filter lost the focus on the second arrow key');
        await filterBox('flow').selectOption('');
        // By owner: one group per team, each with its own score, rows named by flow and asset.
        await filterBox('group-by').selectOption('owner');
        const pay = view.locator('tr.group[data-group="owner:team-pay"]');
        await pay.waitFor();
        expect((await view.locator('tr.group').count()) === 2, 'two owners');
        expect(
          /Score \d+% \(\d+ of 30 at target\)/.test((await pay.textContent()) ?? ''),
          `owner score: ${await pay.textContent()}`,
        );
        const rowNames = await view.locator('tbody', { has: pay }).locator('th.asset').allTextContents();
        expect(
          rowNames.join('|') === 'Checkout / api (tier 2)|Login / auth (tier 2)',
          `rows under team-pay: ${rowNames.join('|')}`,
        );
        await filterBox('owner').selectOption('team-web');
        await waitFor('the owner filter', async () => (await view.locator('tr.group').count()) === 1);
        await shoot(page, 'dashboard-by-owner');
        await filterBox('owner').selectOption('');
        await view.locator('td[data-key="checkout/api/on-call"]').click();
        await page.locator('.tab', { hasText: 'Assess: On-call (api)' }).waitFor({ timeout: 15_000 });
        await closeEditors(page);
        // Saved from the dashboard, by keyboard: focus comes back to the cell (issue 28.2).
        await runCommand(page, 'SRE: Show Maturity Dashboard');
        const again = await webview(page);
        const cell = 'td[data-key="checkout/web/monitoring-alerting"]';
        await again.locator(cell).focus();
        await page.keyboard.press('Enter');
        await page.locator('.tab', { hasText: 'Assess: Monitoring & Alerting (web)' }).waitFor({ timeout: 15_000 });
        const assess = await webview(page);
        await assess.locator('#result', { hasText: 'Level 2' }).waitFor();
        await assess.locator('input[type=radio]').first().focus();
        await page.keyboard.press('Control+s');
        await notification(page, /Saved Monitoring & Alerting of web/);
        await waitFor('focus back on the heatmap cell', async () =>
          (await webview(page))
            .locator(cell)
            .evaluate((e) => e === e.ownerDocument.activeElement && e.ownerDocument.hasFocus()),
        );
        await closeEditors(page);
      },
    );

    await step(
      'At 200% zoom (a 512 px wide window): the assessment never scrolls sideways, and Save stays reachable and in view with the Not applicable form open',
      page,
      server,
      async () => {
        await closeEditors(page);
        await contextMenu(page, 'Runbooks & Ownership', 'Assess Capability');
        await webview(page);
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        await page.setViewportSize({ width: 512, height: 384 });
        try {
          await page.waitForTimeout(1000);
          const view = await webview(page);
          const sideways = () => view.locator('html').evaluate((h) => h.scrollWidth - h.clientWidth);
          expect((await sideways()) <= 0, `the page scrolls sideways by ${await sideways()} px`);
          await view.locator('#exempt-toggle').click();
          await view.locator('#exempt.open').waitFor();
          expect((await sideways()) <= 0, `with the form open it scrolls sideways by ${await sideways()} px`);
          // Back from the reason field to Save by keyboard.
          const onSave = () => view.locator('#save').evaluate((e) => e === e.ownerDocument.activeElement);
          for (let i = 0; i < 8 && !(await onSave()); i++) await page.keyboard.press('Shift+Tab');
          expect(await onSave(), 'Save cannot be reached by keyboard');
          const seen = await view.locator('#save').evaluate((e) => {
            const r = e.getBoundingClientRect();
            const top = e.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return r.top >= 0 && r.bottom <= e.ownerDocument.defaultView!.innerHeight && (top === e || e.contains(top));
          });
          expect(seen, 'Save is focused but hidden or covered');
          await page.screenshot({ path: path.join(SHOTS, 'assessment-zoom-light.png') });
        } finally {
          await page.setViewportSize({ width: 1400, height: 860 });
          await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
          await closeEditors(page);
        }
      },
    );

    await step(
      'Accessibility: axe-core finds no serious or critical violation in either webview, and every status fill stands 3:1 from the page, in light, dark and both high-contrast themes',
      page,
      server,
      async () => {
        await closeEditors(page);
        const problems: string[] = [];
        const check = async (what: string, selector: string) => {
          for (const theme of [LIGHT, DARK, 'Default High Contrast', 'Default High Contrast Light']) {
            // The high-contrast themes sit far down the picker's virtual list: they are set in the settings file.
            if (theme === LIGHT || theme === DARK) await setTheme(page, theme);
            else {
              writeUserSettings(server.userData, userSettings(theme, proxyUrl));
              await page.waitForTimeout(2500);
            }
            const found = await axeViolations(page, selector);
            if (found.length) problems.push(`${what} in ${theme}:\n${describeViolations(found)}`);
            const weak = await weakFills(page, selector);
            if (weak.length)
              problems.push(`${what} in ${theme}, status fills under 3:1 against the page:\n${weak.join('\n')}`);
          }
        };
        await contextMenu(page, 'Monitoring & Alerting', 'Assess Capability');
        await webview(page);
        await check('the assessment panel', '#result');
        await closeEditors(page);
        await runCommand(page, 'SRE: Show Maturity Dashboard');
        await webview(page);
        await check('the dashboard', 'table.heatmap');
        await setTheme(page, LIGHT);
        await closeEditors(page);
        expect(problems.length === 0, problems.join('\n\n'));
      },
    );

    await step(
      'Tabs and reload: a hidden tab keeps its answers and filters; after a reload the panels, secrets and data are all still there',
      page,
      server,
      async () => {
        await closeEditors(page);
        await runCommand(page, 'SRE: Show Maturity Dashboard');
        const ownerFilter = async () => (await webview(page)).locator('.filters select[name="owner"]');
        await (await ownerFilter()).selectOption('team-web');
        await contextMenu(page, 'SLIs & SLOs', 'Assess Capability');
        const assessTab = page.locator('.tab', { hasText: 'Assess: SLIs & SLOs (web)' });
        const firstYes = async () => (await webview(page)).locator('input[type=radio][value=yes]').nth(0);
        await (await firstYes()).click();
        await waitFor('the dirty marker', async () => ((await assessTab.textContent()) ?? '').includes('●'));
        // Another tab in front tears the page down; back again, the answer and the filter are where they were.
        await page.locator('.tab', { hasText: 'SRE Maturity Dashboard' }).click();
        await waitFor(
          'the filter kept while hidden',
          async () => (await (await ownerFilter()).inputValue()) === 'owner:team-web',
        );
        await assessTab.click();
        await waitFor('the answer kept while hidden', async () => (await firstYes()).isChecked());
        expect(((await assessTab.textContent()) ?? '').includes('●'), 'the dirty marker was lost');

        await runCommand(page, 'Developer: Reload Window');
        await page.waitForTimeout(2000);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.waitForTimeout(3000);
        // Both panels come back: the assessment with its unsaved answer, the dashboard with its filter.
        await waitFor('the assessment tab restored, still unsaved', async () =>
          ((await assessTab.textContent().catch(() => '')) ?? '').includes('●'),
        );
        await page.locator('.tab', { hasText: 'SRE Maturity Dashboard' }).click();
        await waitFor(
          'the dashboard restored with its filter',
          async () => (await (await ownerFilter()).inputValue().catch(() => '')) === 'owner:team-web',
        );
        await closeEditors(page);
        await showSreView(page);
        await row(page, 'Checkout').waitFor({ timeout: 20_000 });
        // Start-up as the extension logged it after the reload: reported, not asserted (issue 44).
        const startup = findFiles(path.join(server.userData, 'logs'), /SRE Maturity Tracker\.log$/)
          .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
          .filter((l) => /activated in \d+ ms|tree: first \d+ rows shown/.test(l))
          .slice(-2);
        console.log(`  after the reload: ${startup.map((l) => l.replace(/^.*\] /, '')).join('; ')}`);
        // The tree keeps what was open across the reload (issue 43.15): open web only if it came back closed, as a
        // click on an open row would close it.
        await row(page, 'web').waitFor({ timeout: 20_000 });
        await setExpanded(page, 'web', true);
        await waitFor('the assessment after reload', async () =>
          (await rowText(page, 'Monitoring & Alerting')).includes('Amber · L2'),
        );
        // The stored key is still there: a sync asks for nothing and finds nothing to change.
        const version = confluence.pages.get('4242')?.version;
        await runCommand(page, 'SRE: Sync Work Items and the Confluence Page');
        await notification(page, /nothing to change/);
        expect(confluence.pages.get('4242')?.version === version, 'a sync with nothing new wrote a page version');
        expect((await page.locator('.quick-input-widget input').isVisible()) === false, 'asked for a secret again');
        for (const dir of [workspace, server.userData]) {
          for (const secret of [rally.apiKey, confluence.token]) {
            expect(!grep(dir, secret), `${secret.slice(0, 6)}… found in a file under ${dir}`);
          }
        }
      },
    );

    await step(
      'Evidence: the panel shows what the repository holds, and applies it only when asked',
      page,
      server,
      async () => {
        await closeEditors(page);
        // web's repository folder: a Deployment with two replicas (Redundancy & Failover, level 2).
        fs.mkdirSync(path.join(workspace, 'services', 'web'), { recursive: true });
        fs.writeFileSync(
          path.join(workspace, 'services/web/deployment.yaml'),
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
        );
        fs.writeFileSync(
          path.join(workspace, 'flows.csv'),
          'flow,asset,owner,tier,path\nCheckout,web,team-web,1,services/web\nCheckout,api,team-pay,2,\nLogin,auth,team-pay,2,\n',
        );
        await contextMenu(page, 'Redundancy & Failover', 'Assess Capability');
        const view = await webview(page);
        await view.locator('.evidence-link', { hasText: 'services/web/deployment.yaml:6' }).waitFor();
        const result = view.locator('#result');
        await waitFor('nothing answered yet', async () => (await result.textContent()) === 'Not assessed');
        await view.locator('#use-suggestions').click();
        await view.locator('input[type=radio][value=yes]').nth(0).click(); // level 1 has no evidence: the person answers it
        await waitFor('level 2 from the suggestion', async () => /^Level 2 /.test((await result.textContent()) ?? ''));
        await shoot(page, 'evidence');
        await view.locator('#save').click();
        await waitFor('the tree to show level 2', async () =>
          (await rowText(page, 'Redundancy & Failover')).includes('L2'),
        );
      },
    );

    await step(
      'Answers that stay true: fewer replicas show as evidence changed, old beside new; a Not applicable another person asked for is approved from the tree',
      page,
      server,
      async () => {
        await closeEditors(page);
        fs.writeFileSync(
          path.join(workspace, 'services/web/deployment.yaml'),
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n',
        );
        await contextMenu(page, 'Redundancy & Failover', 'Assess Capability');
        const view = await webview(page);
        const changed = view.locator('#evidence-changed');
        await changed.waitFor({ timeout: 20_000 });
        const text = (await changed.textContent()) ?? '';
        expect(
          text.includes('Evidence changed since the assessment') &&
            text.includes('services/web/deployment.yaml:6 Deployment web: 2 replicas') &&
            text.includes('removed'),
          `the panel does not show the changed evidence old beside new: ${text}`,
        );
        await shoot(page, 'evidence-changed');
        await closeEditors(page);
        await waitFor('the tree to say the evidence changed', async () =>
          (await rowText(page, 'Redundancy & Failover')).includes('evidence changed'),
        );

        // Before the commit: saving the manifest puts the answer that rests on it in the Problems panel (issue 40).
        await page.keyboard.press('Control+P');
        const quickOpen = page.locator('.quick-input-widget input');
        await quickOpen.waitFor({ state: 'visible' });
        await quickOpen.fill('services/web/deployment.yaml');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'deployment.yaml' }).first().click();
        await page.locator('.tab', { hasText: 'deployment.yaml' }).waitFor({ timeout: 15_000 });
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('# reviewed\n');
        await page.keyboard.press('Control+s');
        await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
        await waitFor('the warning in the Problems panel', async () =>
          ((await page.locator('.markers-panel').textContent()) ?? '').includes(
            'Redundancy & Failover L2 rests on services/web/deployment.yaml:6 Deployment web: 2 replicas: removed',
          ),
        );
        await shoot(page, 'problems-panel');
        await closeEditors(page);

        // A second key: this user approves what ann asked for (approvers.csv lists this user).
        fs.writeFileSync(path.join(workspace, 'approvers.csv'), `name\n${os.userInfo().username}\n`);
        const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
        execFileSync(
          process.execPath,
          [
            path.join(ROOT, 'dist', 'cli.mjs'),
            'not-applicable',
            '--dir',
            workspace,
            '--flow',
            'Checkout',
            '--asset',
            'web',
            '--capability',
            'Runbooks & Ownership',
            '--reason',
            'runbooks live with the platform team',
            '--until',
            until,
            '--by',
            'ann',
          ],
          { encoding: 'utf8' },
        );
        await runCommand(page, 'SRE: Refresh');
        await waitFor('the pending request on the node', async () =>
          (await rowText(page, 'Runbooks & Ownership')).includes('N/A pending approval'),
        );
        await contextMenu(page, 'Runbooks & Ownership', 'Approve Not Applicable');
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'requested by ann' });
        await dialog.waitFor({ timeout: 15_000 });
        await dialog.locator('.monaco-button', { hasText: 'Approve' }).click();
        await waitFor('the approved item greyed', async () =>
          (await rowText(page, 'Runbooks & Ownership')).includes('Not applicable'),
        );
        const audit = execFileSync(
          process.execPath,
          [path.join(ROOT, 'dist', 'cli.mjs'), 'export', '--dir', workspace, '--not-applicable', '--out', '-'],
          { encoding: 'utf8' },
        );
        expect(
          audit.includes(`,ann,`) && audit.includes(`,${os.userInfo().username},`) && /,approved\r?\n/.test(audit),
          `the auditor's view does not show ann's request approved by ${os.userInfo().username}: ${audit}`,
        );
        fs.rmSync(path.join(workspace, 'approvers.csv'));
      },
    );

    await step(
      "The extension's details page shows the README's screenshots, served over https as a release publishes them",
      page,
      server,
      async () => {
        await closeEditors(page);
        await runCommand(page, 'Extensions: Show Installed Extensions');
        await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'SRE Maturity Tracker' }).first().click();
        await page.locator('.tab', { hasText: 'Extension: SRE Maturity Tracker' }).waitFor({ timeout: 20_000 });
        const linked = (fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').match(/!\[[^\]]*\]\(media\//g) ?? [])
          .length;
        let images: { src: string; shown: boolean }[] = [];
        await waitFor("the README's images", async () => {
          for (const frame of page.frames()) {
            // A string, evaluated in the page: this file is compiled without the DOM's types.
            const found = (await frame
              .evaluate(
                "[...document.querySelectorAll('img')].map((i) => ({ src: i.src, shown: i.complete && i.naturalWidth > 0 }))",
              )
              .catch(() => [])) as { src: string; shown: boolean }[];
            const readmeImages = found.filter((i) => i.src.startsWith(media.url));
            if (readmeImages.length > 0) images = readmeImages;
          }
          return images.length === linked && images.every((i) => i.shown);
        }).catch((e: Error) => {
          const shown = images.filter((i) => i.shown).length;
          throw new Error(
            `${e.message}: ${shown} of ${images.length} shown, ${linked} linked; the host was asked for ${media.requested.length} files`,
          );
        });
        expect(linked >= 13, `the README links ${linked} images`);
        expect(
          media.requested.includes('/media/screenshots/tree-light.png'),
          `asked for: ${media.requested.join(', ')}`,
        );
        await closeEditors(page);
      },
    );

    await step(
      'Organisation report: sre-tracker rollup over this workspace and another, read in a browser',
      page,
      server,
      async () => {
        const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-search-'));
        try {
          fs.writeFileSync(
            path.join(other, 'flows.csv'),
            'flow,asset,owner,tier\nSearch,index,team-search,1\nSearch,query,team-search,2\n',
          );
          const cli = (args: string[], cwd: string) =>
            execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.mjs'), ...args], { cwd, encoding: 'utf8' });
          cli(['setup'], other);
          cli(['assess', '--flow', 'Search', '--asset', 'index', '--capability', 'On-call', '--level', '3'], other);
          const out = path.join(other, 'org_report.html');
          cli(['rollup', workspace, other, '--out', out], path.dirname(workspace));
          const report = await chromium.newPage({ viewport: { width: 1100, height: 1000 } });
          try {
            await report.goto(`file://${out}`);
            const perWorkspace = report.locator('table', {
              has: report.locator('caption', { hasText: 'Per workspace' }),
            });
            expect((await perWorkspace.locator('tbody tr').count()) === 2, 'two workspaces in the report');
            const owners = await report
              .locator('table', { has: report.locator('caption', { hasText: 'Per owner' }) })
              .locator('tbody th')
              .allTextContents();
            expect(
              owners.join(',') === 'team-pay,team-search,team-web',
              `owners across workspaces: ${owners.join(',')}`,
            );
            expect((await report.locator('svg.spark').count()) > 0, 'trend lines');
            await report.screenshot({ path: path.join(SHOTS, 'org-report.png') });
          } finally {
            await report.close();
          }
        } finally {
          fs.rmSync(other, { recursive: true, force: true });
        }
      },
    );

    await step(
      'A tracker that never answers: each try said while it happens, and the error within the overall deadline',
      page,
      server,
      async () => {
        await closeEditors(page);
        // It accepts the connection and never answers, as a hung server behind a load balancer does.
        const silent = http.createServer(() => undefined);
        await new Promise<void>((r) => silent.listen(0, '127.0.0.2', () => r()));
        const address = `http://127.0.0.2:${(silent.address() as AddressInfo).port}`;
        const settingsFile = path.join(workspace, '.vscode', 'settings.json');
        const before = fs.readFileSync(settingsFile, 'utf8');
        try {
          fs.writeFileSync(
            settingsFile,
            JSON.stringify({
              ...(JSON.parse(before) as Record<string, unknown>),
              'sreTracker.rally.server': address,
              'sreTracker.network.timeoutSeconds': 2,
            }),
          );
          await page.waitForTimeout(1500);
          const started = Date.now();
          await runCommand(page, 'SRE: Sync Work Items and the Confluence Page');
          await allowHost(page, 'Rally API key');
          // Per try 2 s, all tries together 4 s: reported well within 15 s, naming the tries and the time.
          await notification(
            page,
            /SRE: Sync .* failed \(Rally\): no complete answer within 2 s.*\(2 tries, [\d.]+ s in all\)/,
          );
          const seconds = (Date.now() - started) / 1000;
          expect(seconds < 15, `the error took ${seconds.toFixed(1)} s`);
          const log = findFiles(path.join(server.userData, 'logs'), /SRE Maturity Tracker\.log$/)
            .map((f) => fs.readFileSync(f, 'utf8'))
            .join('\n');
          expect(
            /Rally is not answering \(no complete answer within 2 s.*\): try 2 of 5/.test(log),
            'the try was not said',
          );
          // Create Rally Story against the same server: its tries show while they happen, and the failure, said once,
          // offers Retry and the setting (issue 43.4).
          await runCommand(page, 'Notifications: Clear All Notifications');
          await runCommand(page, 'SRE: Create Rally Story');
          await answer(page, 'Checkout / api');
          await answer(page, 'Capacity Planning');
          await notification(page, /creating a Rally story for checkout\/api\/capacity-planning.*try 2 of/);
          const failed = page
            .locator('.notification-toast, .notification-list-item', {
              hasText: /SRE: Create Rally Story failed: no complete answer within 2 s/,
            })
            .first();
          await failed.waitFor({ timeout: 20_000 });
          // The user's http.proxy carried the request: it is named, and its setting offered.
          expect(
            /through the proxy in http\.proxy/.test((await failed.textContent()) ?? ''),
            'the proxy was not named',
          );
          const buttons = await failed.locator('.monaco-button').allTextContents();
          expect(
            buttons.includes('Retry') && buttons.includes('Open Proxy Setting'),
            `the failure's buttons: ${buttons.join(', ')}`,
          );
        } finally {
          fs.writeFileSync(settingsFile, before);
          silent.closeAllConnections();
          silent.close();
          await runCommand(page, 'Notifications: Clear All Notifications');
        }
      },
    );

    // Last: it opens another window layout (a .code-workspace file) that the steps above do not expect.
    await step(
      'A two-folder workspace: the folder picker says which folders are set up, and each folder uses its own settings',
      page,
      server,
      async () => {
        const search = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-search-'));
        const file = `${search}.code-workspace`;
        try {
          fs.writeFileSync(path.join(search, 'flows.csv'), 'flow,asset,owner,tier\nSearch,index,team-search,1\n');
          execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.mjs'), 'setup'], { cwd: search });
          // This folder's own Rally, by a name only its settings give: the consent then names that host.
          const own = `http://localhost:${new URL(rally.url).port}`;
          fs.mkdirSync(path.join(search, '.vscode'));
          fs.writeFileSync(
            path.join(search, '.vscode', 'settings.json'),
            JSON.stringify({
              'sreTracker.rally.server': own,
              'sreTracker.rally.workspace': 'Engineering',
              'sreTracker.rally.project': 'SRE',
              'sreTracker.rally.parentId': 'F12',
            }),
          );
          fs.writeFileSync(file, JSON.stringify({ folders: [{ path: workspace }, { path: search }] }));
          await page.goto(`${new URL(server.url).origin}/?workspace=${encodeURIComponent(file)}`);
          await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
          await page.waitForTimeout(3000);
          await showSreView(page);
          // The palette offers Sync once the extension has activated in this window and seen the data: its folder
          // rows say so (a slow extension host start showed the welcome, and no Sync, for a while).
          await row(page, path.basename(search)).waitFor({ timeout: 60_000 });
          await runCommand(page, 'SRE: Sync Work Items and the Confluence Page');
          const picker = page.locator('.quick-input-widget', { hasText: 'Which workspace folder?' });
          await picker.waitFor({ timeout: 10_000 });
          const offered = await picker.locator('.monaco-list-row').allTextContents();
          expect(
            offered.length === 2 && offered.every((r) => r.includes('set up')),
            `the folders offered: ${offered.join(' | ')}`,
          );
          await answer(page, path.basename(search));
          // Read with the folder's URI: its own server, not "Sync needs Rally … set up" (issue 43.1).
          const consent = page.locator('.monaco-dialog-box', {
            hasText: `send your Rally API key to ${new URL(own).host}`,
          });
          await consent.waitFor({ timeout: 30_000 });
          await consent.locator('.monaco-button', { hasText: 'Do Not Send' }).click();
        } finally {
          fs.rmSync(search, { recursive: true, force: true });
          fs.rmSync(file, { force: true });
        }
      },
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    await Promise.all([rally.stop(), confluence.stop(), media.stop(), proxy.close(true)]);
    fs.rmSync(workspace, { recursive: true, force: true });
    console.log(`${passed} passed, ${failed} failed`);
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? findFiles(path.join(dir, e.name), pattern)
        : pattern.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** True when any file under `dir` contains `text`. */
function grep(dir: string, text: string): boolean {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (grep(p, text)) return true;
    } else if (entry.isFile() && fs.statSync(p).size < 50_000_000 && fs.readFileSync(p).includes(text)) return true;
  }
  return false;
}

main().then(
  () => process.exit(failed > 0 ? 1 : 0),
  // Set-up that failed before any step (packaging, code-server) says why.
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
