/**
 * Where a key moves the focus in a grid (the ARIA grid pattern: one tab stop, arrows between cells), without the
 * DOM: rows of possibly different lengths, positions as [row, column].
 */
export function gridStep(
  widths: readonly number[],
  at: readonly [number, number],
  key: string,
  ctrl = false,
): [number, number] | undefined {
  const [r, c] = at;
  const clamp = (row: number, col: number): [number, number] => {
    const rr = Math.max(0, Math.min(widths.length - 1, row));
    return [rr, Math.max(0, Math.min((widths[rr] ?? 1) - 1, col))];
  };
  switch (key) {
    case 'ArrowRight':
      return clamp(r, c + 1);
    case 'ArrowLeft':
      return clamp(r, c - 1);
    case 'ArrowDown':
      return clamp(r + 1, c);
    case 'ArrowUp':
      return clamp(r - 1, c);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(r, 0);
    case 'End':
      return ctrl ? clamp(widths.length - 1, Infinity) : clamp(r, Infinity);
    case 'PageDown':
      return clamp(r + 10, c);
    case 'PageUp':
      return clamp(r - 10, c);
    default:
      return undefined;
  }
}

/**
 * The scroll offset that shows a cell whole in a box that scrolls sideways under a sticky first column of
 * `stickyWidth`; undefined when it is already in view. Positions are from the box's content start.
 */
export function scrollToReveal(
  cell: { left: number; width: number },
  box: { scrollLeft: number; width: number },
  stickyWidth: number,
): number | undefined {
  const visibleFrom = box.scrollLeft + stickyWidth;
  const visibleTo = box.scrollLeft + box.width;
  if (cell.left < visibleFrom) return Math.max(0, cell.left - stickyWidth);
  if (cell.left + cell.width > visibleTo) return cell.left + cell.width - box.width;
  return undefined;
}
