import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DARK_STATUS_COLOURS, STATUS_CLASS, STATUS_COLOURS, STATUS_FILLS } from '../../src/shared/status-style';
import { contrastRatio } from '../helpers/contrast';

/** editor.background of the themes people use, from VS Code 1.139's theme-defaults (webviews paint it as their page). */
const PAGES = {
  light: {
    'Light 2026': '#ffffff',
    'Light Modern': '#ffffff',
    'High Contrast Light': '#ffffff',
    'a standalone report': '#fff',
  },
  dark: { 'Dark 2026': '#121314', 'Dark Modern': '#1f1f1f', 'Dark+': '#1e1e1e', 'High Contrast': '#000000' },
};

describe('status colours', () => {
  for (const kind of ['light', 'dark'] as const) {
    it(`${kind} pages: every fill differs from the page by 3:1 or more and keeps its text at 4.5:1 or more`, () => {
      for (const [status, [fill, text]] of Object.entries(STATUS_FILLS[kind])) {
        for (const [theme, page] of Object.entries(PAGES[kind])) {
          const fromPage = contrastRatio(fill, page);
          assert.ok(fromPage >= 3, `${status} ${fill} on ${theme} ${page}: ${fromPage.toFixed(2)}:1`);
        }
        const onFill = contrastRatio(text, fill);
        assert.ok(onFill >= 4.5, `${status} text ${text} on ${fill}: ${onFill.toFixed(2)}:1`);
      }
    });
  }

  it('the light palette is the default and the dark one applies only under a dark or dark high-contrast body', () => {
    for (const [status, [fill]] of Object.entries(STATUS_FILLS.light)) {
      assert.ok(
        STATUS_COLOURS.includes(`.${STATUS_CLASS[status as keyof typeof STATUS_CLASS]} { background: ${fill};`),
        status,
      );
    }
    for (const rule of DARK_STATUS_COLOURS.split('\n')) {
      const selectors = rule
        .slice(0, rule.indexOf('{'))
        .split(',')
        .map((s) => s.trim());
      assert.ok(
        selectors.every(
          (s) =>
            s.startsWith('.vscode-dark ') || s.startsWith('.vscode-high-contrast:not(.vscode-high-contrast-light) '),
        ),
        rule,
      );
    }
  });

  it('the WCAG formula: black on white is 21:1, a colour on itself 1:1', () => {
    assert.equal(contrastRatio('#000', '#ffffff'), 21);
    assert.equal(contrastRatio('rgb(183, 28, 28)', '#b71c1c'), 1);
  });
});
