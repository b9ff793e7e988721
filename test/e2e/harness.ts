/** Starts and stops what the end-to-end run drives: code-server with our VSIX installed, and headless chromium. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = path.join(__dirname, '..', '..');
const CODE_SERVER_VERSION = '4.139.1';
const NODE24 = path.join(ROOT, '.e2e', 'node24', 'bin');
const ENTRY = path.join(
  ROOT,
  '.e2e',
  `code-server-${CODE_SERVER_VERSION}`,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
/** The e2e run's own VSIX, its images on the test host: never the sre-maturity-tracker.vsix users get. */
export const VSIX = path.join(ROOT, 'test-results', 'e2e-sre-maturity-tracker.vsix');

export interface CodeServer {
  url: string;
  userData: string;
  workspace: string;
  log: () => string;
  stop: () => Promise<void>;
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${NODE24}:${process.env.PATH ?? ''}` };
}

/** Builds the VSIX code-server installs, its README images pointing at imagesUrl (see package-vsix.mjs). */
export function packageVsix(imagesUrl: string): void {
  fs.mkdirSync(path.dirname(VSIX), { recursive: true });
  const built = spawnSync(process.execPath, [path.join(ROOT, 'package-vsix.mjs')], {
    cwd: ROOT,
    env: { ...process.env, SRE_TRACKER_IMAGES_URL: imagesUrl, SRE_TRACKER_VSIX_OUT: VSIX },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run package failed:\n${built.stdout}\n${built.stderr}`);
}

export function writeUserSettings(userData: string, settings: Record<string, unknown>): void {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

export async function startCodeServer(
  workspace: string,
  port: number,
  settings: Record<string, unknown>,
): Promise<CodeServer> {
  if (!fs.existsSync(ENTRY))
    throw new Error(`code-server is not installed: run test/e2e/setup.sh (looked for ${ENTRY})`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-cs-'));
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  writeUserSettings(userData, settings);
  const install = spawnSync(
    path.join(NODE24, 'node'),
    [ENTRY, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX],
    {
      env: env(),
      encoding: 'utf8',
    },
  );
  if (install.status !== 0) throw new Error(`installing the VSIX failed:\n${install.stdout}\n${install.stderr}`);
  let output = '';
  const child: ChildProcess = spawn(
    path.join(NODE24, 'node'),
    [
      ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--disable-telemetry',
      '--disable-update-check',
      workspace,
    ],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('HTTP server listening')) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    userData,
    workspace,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Headless chromium; hostResolverRules maps a test host's name to 127.0.0.1 (see media-host.ts). */
export async function launchBrowser(hostResolverRules: string): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      `--host-resolver-rules=${hostResolverRules}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs a command from the palette by its exact title (Enter could pick a better-ranked near match). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const sidebar = page.locator('.part.sidebar .composite.title .title-label').first();
  const input = page.locator('.quick-input-widget input');
  // A layout change just before (a resized window redrawing its webview) can take the focus back and close the
  // palette as it opens: then it is opened again, a few times at most.
  for (let attempt = 1; ; attempt++) {
    // A focused webview keeps the keyboard to itself: give the focus back to the workbench first.
    if (await sidebar.isVisible()) await sidebar.click();
    else await page.locator('.part.editor .tab.active, .part.statusbar').first().click();
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    try {
      await input.fill(`>${title}`, { timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first()
    .click();
}

/** Answers the open input box or quick pick. */
export async function answer(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(250);
}
