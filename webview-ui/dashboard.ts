/**
 * The dashboard: the summary rendered by core, and the heatmap drawn here from data one flow at a time: a flow's
 * rows exist only while it is expanded, so 2,000 assets open as 200 rows. Filters by flow, tier, owner and
 * status; a saved assessment redraws its one cell. Cells open their assessment by click, Enter or Space.
 */
import { cellClass, cellLabel, cellText, type HeatmapCell, pillarSpans } from '../src/shared/heatmap-view';
import { HEATMAP_CSS } from '../src/shared/status-style';
import { DISPLAY_ORDER } from '../src/shared/status';
import type { DashboardRequests, DashboardRow, DashboardState } from '../src/shared/protocol';
import { byFlow, type DashboardFilter, filterChoices, filterRows, NO_FILTER, replaceCell, rollupText } from './dashboard-logic';
import { el } from './dom';
import { Rpc } from './rpc';
import { addStyles, BASE_CSS } from './styles';

addStyles(`${BASE_CSS}
:root { --red: var(--vscode-charts-red); --amber: var(--vscode-charts-yellow); --green: var(--vscode-charts-green); --blue: var(--vscode-charts-blue); --orange: var(--vscode-charts-orange); --border: var(--vscode-widget-border, var(--vscode-panel-border)); }
${HEATMAP_CSS}
.heatmap td[data-key]:hover { outline: 2px solid var(--vscode-focusBorder); }
.heatmap tr.flow th { text-align: left; font-weight: normal; background: var(--vscode-sideBar-background, transparent); }
.heatmap tr.flow button { font: inherit; font-weight: 600; color: inherit; background: none; border: none; cursor: pointer; padding: 2px 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; font-size: 0.9em; }
.filters select, .filters button { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; }
`);

/** Up to this many assets, every flow starts expanded. */
const EXPANDED_UP_TO = 300;

const app = document.getElementById('app') as HTMLElement;
let state: DashboardState | undefined;
let filter: DashboardFilter = NO_FILTER;
let expanded = new Set<string>();

const rpc = new Rpc<DashboardRequests>((message) => {
  if (message.push === 'dashboardState') render(message.state);
  else if (message.push === 'dashboardCell') updateCell(message.cell);
});

function cellTd(row: DashboardRow, column: number, cell: HeatmapCell | null): HTMLTableCellElement {
  if (!cell) return el('td', { class: 'cell' });
  const label = cellLabel(row, state?.columns[column]?.capability ?? '', cell);
  return el('td', { class: cellClass(cell), 'data-key': cell.key, title: label, 'aria-label': label, tabindex: '0', role: 'button' }, cellText(cell));
}

function assetRow(r: DashboardRow): HTMLTableRowElement {
  return el(
    'tr',
    {},
    el('th', { class: 'asset', scope: 'row' }, r.asset, r.tier === null ? '' : ' ', r.tier === null ? null : el('small', {}, `(tier ${r.tier})`)),
    ...r.cells.map((c, i) => cellTd(r, i, c)),
  );
}

function select(label: string, value: string, choices: { value: string; text: string }[], onChange: (v: string) => void): HTMLLabelElement {
  const box = el('select', {}, ...choices.map((c) => el('option', { value: c.value, selected: c.value === value }, c.text)));
  box.addEventListener('change', () => onChange(box.value));
  return el('label', {}, label, box);
}

function filters(s: DashboardState): HTMLElement {
  const choices = filterChoices(s.rows);
  const all = { value: '', text: 'All' };
  const set = (patch: Partial<DashboardFilter>) => {
    filter = { ...filter, ...patch };
    draw();
  };
  const toggleAll = el('button', { type: 'button' }, 'Expand all');
  toggleAll.addEventListener('click', () => {
    const flows = byFlow(filterRows(s.rows, filter)).map((g) => g.flow);
    const open = flows.every((f) => expanded.has(f));
    expanded = open ? new Set() : new Set([...expanded, ...flows]);
    draw();
  });
  return el(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Filter the heatmap' },
    select('Flow', filter.flow, [all, ...choices.flows.map((f) => ({ value: f, text: f }))], (flow) => set({ flow })),
    select('Tier', filter.tier, [all, ...choices.tiers.map((t) => ({ value: t, text: t === 'none' ? 'No tier' : `Tier ${t}` }))], (tier) => set({ tier })),
    select('Owner', filter.owner, [all, ...choices.owners.map((o) => ({ value: o, text: o || 'No owner' }))], (owner) => set({ owner })),
    select('Status', filter.status, [all, ...DISPLAY_ORDER.map((st) => ({ value: st, text: st }))], (status) => set({ status })),
    toggleAll,
  );
}

function table(s: DashboardState): HTMLTableElement {
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      el('th', { class: 'asset', rowspan: '2' }, 'Flow / asset'),
      ...pillarSpans(s.columns).map((p) => el('th', { colspan: String(p.span) }, p.name)),
    ),
    el('tr', {}, ...s.columns.map((c) => el('th', { class: 'cap', scope: 'col' }, c.capability))),
  );
  const groups = byFlow(filterRows(s.rows, filter)).map((g) => {
    const open = expanded.has(g.flow);
    const toggle = el('button', { type: 'button', 'aria-expanded': open ? 'true' : 'false' }, `${open ? '▾' : '▸'} ${g.flow}`);
    toggle.addEventListener('click', () => {
      if (open) expanded.delete(g.flow);
      else expanded.add(g.flow);
      draw(g.flow);
    });
    const header = el(
      'tr',
      { class: 'flow', 'data-flow': g.flow },
      el('th', { colspan: String(s.columns.length + 1), scope: 'rowgroup' }, toggle, ' ', el('span', { class: 'muted' }, rollupText(g.rows))),
    );
    return el('tbody', {}, header, ...(open ? g.rows.map(assetRow) : []));
  });
  return el('table', { class: 'heatmap' }, head, ...groups);
}

/** Redraws the heatmap; `focusFlow` gets its toggle focused again (the old one was replaced). */
function draw(focusFlow?: string): void {
  if (!state) return;
  const shown = filterRows(state.rows, filter);
  const summary = el('div', {});
  // The summary comes from core's renderer, which escapes every value it puts in.
  summary.innerHTML = state.summaryHtml;
  app.replaceChildren(
    el('h1', {}, 'SRE Maturity Dashboard'),
    filters(state),
    el('p', { class: 'muted', role: 'status' }, `${shown.length} of ${state.rows.length} assets shown; expand a flow to see its assets.`),
    el('h2', {}, 'Heatmap'),
    table(state),
    summary,
  );
  if (focusFlow !== undefined) app.querySelector<HTMLElement>(`tr.flow[data-flow="${CSS.escape(focusFlow)}"] button`)?.focus();
}

function render(s: DashboardState): void {
  if (!state) expanded = s.rows.length <= EXPANDED_UP_TO ? new Set(s.rows.map((r) => r.flow)) : new Set();
  state = s;
  draw();
}

function updateCell(cell: HeatmapCell): void {
  if (!state) return;
  const at = replaceCell(state.rows, cell);
  if (!at) return;
  app.querySelector(`td[data-key="${CSS.escape(cell.key)}"]`)?.replaceWith(cellTd(at.row, at.column, cell));
  const flowRows = state.rows.filter((r) => r.flow === at.row.flow);
  const rollup = app.querySelector(`tr.flow[data-flow="${CSS.escape(at.row.flow)}"] .muted`);
  if (rollup) rollup.textContent = rollupText(filterRows(flowRows, filter));
}

function open(target: EventTarget | null): void {
  const cell = (target as HTMLElement | null)?.closest<HTMLElement>('[data-key]');
  const key = cell?.dataset.key;
  if (key) rpc.request('openAssessment', { key }).catch((e: Error) => app.prepend(el('p', { class: 'error', role: 'alert' }, e.message)));
}

app.addEventListener('click', (e) => open(e.target));
app.addEventListener('keydown', (e) => {
  if ((e.key === 'Enter' || e.key === ' ') && (e.target as HTMLElement | null)?.closest('[data-key]')) {
    e.preventDefault();
    open(e.target);
  }
});

rpc.request('ready', {}).then(render, (e: Error) => app.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)));
