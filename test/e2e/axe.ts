/**
 * axe-core in a webview: the rules of WCAG 2.1 A and AA run inside the page VS Code shows, in whatever theme is
 * on. The webview's CSP allows no injected script, so axe is evaluated through the browser's debugging protocol
 * (Playwright's frame.evaluate), which is not subject to it.
 */
import * as fs from 'node:fs';

import { type Frame, type Page } from 'playwright-core';

import type { Status } from '../../src/shared/status';
import { STATUS_CLASS, STATUS_FILLS } from '../../src/shared/status-style';
import { contrastRatio } from '../helpers/contrast';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The content frame of the visible webview that holds `selector`. */
async function webviewFrame(page: Page, selector: string): Promise<Frame> {
  for (let attempt = 0; attempt < 40; attempt++) {
    for (const frame of page.frames()) {
      if (frame !== page.mainFrame() && (await frame.$(selector).catch(() => null))) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${selector}`);
}

/** Serious and critical violations of WCAG 2.1 A/AA in the webview that shows `selector`. */
export async function axeViolations(page: Page, selector: string): Promise<Violation[]> {
  const frame = await webviewFrame(page, selector);
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(AXE_SOURCE);
  const violations = (await frame.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`)) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.targets.join(', ')}`).join('\n');
}

/**
 * Status fills under 3:1 against the page in the webview that shows `selector`, as the browser computed them
 * (axe-core checks text contrast only; WCAG 1.4.11 asks 3:1 of the graphics that carry meaning).
 */
export async function weakFills(page: Page, selector: string): Promise<string[]> {
  const frame = await webviewFrame(page, selector);
  const classes = Object.keys(STATUS_FILLS.light).map((status) => `.${STATUS_CLASS[status as Status]}`);
  const found = (await frame.evaluate(`(() => {
    const page = getComputedStyle(document.body).backgroundColor;
    return [...document.querySelectorAll(${JSON.stringify(classes.join(', '))})]
      .filter((e) => !(e instanceof SVGElement))
      .map((e) => ({ what: (e.getAttribute('aria-label') || e.textContent || e.className).trim().slice(0, 40), fill: getComputedStyle(e).backgroundColor, page }));
  })()`)) as { what: string; fill: string; page: string }[];
  if (found.length === 0) throw new Error(`no status fill in the webview that shows ${selector}`);
  return found
    .map((f) => ({ ...f, ratio: contrastRatio(f.fill, f.page) }))
    .filter((f) => f.ratio < 3)
    .map((f) => `"${f.what}" ${f.fill} on ${f.page}: ${f.ratio.toFixed(2)}:1`);
}
