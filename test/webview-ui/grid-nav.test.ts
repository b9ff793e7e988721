import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { gridStep, scrollToReveal } from '../../webview-ui/grid-nav';

describe('heatmap grid navigation', () => {
  const widths = [3, 3, 2];
  it('moves by arrows within the grid and stops at its edges', () => {
    assert.deepEqual(gridStep(widths, [0, 0], 'ArrowRight'), [0, 1]);
    assert.deepEqual(gridStep(widths, [0, 2], 'ArrowRight'), [0, 2], 'the last column stays');
    assert.deepEqual(gridStep(widths, [0, 0], 'ArrowLeft'), [0, 0]);
    assert.deepEqual(gridStep(widths, [1, 2], 'ArrowDown'), [2, 1], 'a shorter row: the nearest cell');
    assert.deepEqual(gridStep(widths, [0, 1], 'ArrowUp'), [0, 1]);
  });

  it('goes to a row end with Home and End, to the grid corners with Ctrl, by ten rows with Page keys, and ignores other keys', () => {
    assert.deepEqual(gridStep(widths, [1, 1], 'Home'), [1, 0]);
    assert.deepEqual(gridStep(widths, [1, 1], 'End'), [1, 2]);
    assert.deepEqual(gridStep(widths, [1, 1], 'Home', true), [0, 0]);
    assert.deepEqual(gridStep(widths, [0, 0], 'End', true), [2, 1]);
    assert.deepEqual(gridStep(widths, [0, 1], 'PageDown'), [2, 1]);
    assert.deepEqual(gridStep(widths, [2, 1], 'PageUp'), [0, 1]);
    assert.equal(gridStep(widths, [0, 0], 'a'), undefined);
  });

  it('scrolls a cell out from under the sticky first column, and past the right edge, and leaves a visible one', () => {
    const box = { scrollLeft: 300, width: 400 };
    // The sticky column is 150 wide: a cell at 400 (100 past the scroll) is under it.
    assert.equal(scrollToReveal({ left: 400, width: 60 }, box, 150), 250);
    assert.equal(scrollToReveal({ left: 100, width: 60 }, { scrollLeft: 40, width: 400 }, 150), 0, 'never before 0');
    assert.equal(scrollToReveal({ left: 660, width: 60 }, box, 150), 320, 'past the right edge');
    assert.equal(scrollToReveal({ left: 500, width: 60 }, box, 150), undefined, 'in view: no scroll');
  });
});
