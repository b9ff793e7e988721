/**
 * axe-core in a webview: the rules of WCAG 2.1 A and AA run inside the page VS Code shows, in whatever theme is
 * on. The webview's CSP allows no injected script, so axe is evaluated through the browser's debugging protocol
 * (Playwright's frame.evaluate), which is not subject to it.
 */
import * as fs from 'node:fs';
import { type Frame, type Page } from 'playwright-core';

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
