/**
 * The heatmap as one tab stop that arrow keys move (a roving tabindex), and finding the focused control again
 * after the page is drawn anew.
 */
import { scrollToReveal } from './grid-nav';

export class HeatmapFocus {
  constructor(private readonly app: HTMLElement) {}

  /** The grid's rows of cells as drawn (group headers left out). */
  rows(): HTMLTableCellElement[][] {
    return [...this.app.querySelectorAll<HTMLTableRowElement>('table.heatmap tbody tr:not(.group)')].map((tr) => [
      ...tr.querySelectorAll<HTMLTableCellElement>('td'),
    ]);
  }

  /** Makes `cell` the grid's one tab stop, optionally focusing it. */
  rove(cell: HTMLElement | undefined, focus: boolean): void {
    if (!cell) return;
    this.app
      .querySelectorAll<HTMLElement>('table.heatmap td[tabindex="0"]')
      .forEach((td) => td.setAttribute('tabindex', '-1'));
    cell.setAttribute('tabindex', '0');
    if (!focus) return;
    cell.focus({ preventScroll: true });
    // Scrolled clear of the sticky Flow/asset column, which would otherwise cover it (issue 28.12).
    cell.scrollIntoView({ block: 'nearest' });
    const box = cell.closest<HTMLElement>('.heatmap-box');
    const sticky = box?.querySelector<HTMLElement>('th.asset');
    if (!box || !sticky) return;
    const at = cell.getBoundingClientRect();
    const to = scrollToReveal(
      { left: at.left - box.getBoundingClientRect().left + box.scrollLeft, width: at.width },
      { scrollLeft: box.scrollLeft, width: box.clientWidth },
      sticky.offsetWidth,
    );
    if (to !== undefined) box.scrollLeft = to;
  }

  /** How to find the focused control again once it is drawn anew; undefined when focus is elsewhere. */
  selectorOf(active: Element | null): string | undefined {
    if (!(active instanceof HTMLElement) || !this.app.contains(active)) return undefined;
    if (active instanceof HTMLSelectElement) return `select[name="${CSS.escape(active.name)}"]`;
    if (active.dataset.action) return `[data-action="${CSS.escape(active.dataset.action)}"]`;
    const group = active.closest<HTMLElement>('tr.group')?.dataset.group;
    if (group !== undefined) return `tr.group[data-group="${CSS.escape(group)}"] button`;
    const { key, folder } = active.dataset;
    if (key && folder !== undefined) return cellSelector(key, Number(folder));
    return undefined;
  }

  /** Focus back on what `selector` finds, a cell as the grid's tab stop. */
  refocus(selector: string | undefined): void {
    if (!selector) return;
    const target = this.app.querySelector<HTMLElement>(selector);
    if (!target || document.activeElement === target) return;
    if (target.matches('td')) this.rove(target, true);
    else target.focus();
  }
}

export function cellSelector(key: string, folder: number): string {
  return `td[data-key="${CSS.escape(key)}"][data-folder="${folder}"]`;
}
