/**
 * The dashboard: the summary rendered by core, and the heatmap drawn here from data one group at a time: a group's
 * rows exist only while it is expanded, so 2,000 assets open as 200 rows. Rows are grouped by flow, owner, tier
 * or folder, each group with its score; filters by folder, flow, tier, owner, kind, status and campaign. A saved
 * assessment redraws its one cell. Cells open their assessment by click, Enter or Space.
 */
import { type DashboardRequests, type DashboardRow, type DashboardState } from '../src/shared/dashboard-protocol';
import { type Grouping, groupName, groupRows, groupSummary, rowLabel } from '../src/shared/heatmap-groups';
import { cellClass, cellLabel, cellText, type HeatmapCell, pillarSpans } from '../src/shared/heatmap-view';
import { SCORE_MEANING } from '../src/shared/score';
import { DISPLAY_ORDER } from '../src/shared/status';
import {
  type Choice,
  type DashboardFilter,
  type DashboardView,
  filterChoices,
  filterRows,
  NO_FILTER,
  parseView,
  replaceCell,
} from './dashboard-logic';
import { DASHBOARD_CSS } from './dashboard-styles';
import { el } from './dom';
import { gridStep } from './grid-nav';
import { cellSelector, HeatmapFocus } from './heatmap-focus';
import { Rpc } from './rpc';
import { addStyles } from './styles';

addStyles(DASHBOARD_CSS);

/** Up to this many assets, every group starts expanded. */
const EXPANDED_UP_TO = 300;

const GROUPING_TEXT: Record<Grouping, string> = {
  flow: 'Flow',
  owner: 'Owner',
  tier: 'Tier',
  folder: 'Workspace folder',
};

const app = document.getElementById('app') as HTMLElement;
const grid = new HeatmapFocus(app);
/** Says what an action did (an export), announced once. */
const notice = el('p', { class: 'muted', role: 'status', id: 'notice' });
const showError = (e: Error) => app.prepend(el('p', { class: 'error', role: 'alert' }, e.message));
let state: DashboardState | undefined;
const rpc = new Rpc<DashboardRequests>((message) => {
  if (message.push === 'dashboardState') render(message.state);
  else if (message.push === 'dashboardCell') updateCell(message.folder, message.cell);
  else if (message.push === 'focusCell') focusCell(message.key, message.folder);
});
// A hidden tab or a reloaded window comes back as the person left it: filters, grouping, open groups.
const kept = parseView(rpc.kept());
let filter: DashboardFilter = kept?.filter ?? NO_FILTER;
let grouping: Grouping = kept?.grouping ?? 'flow';
/** Groups start open up to EXPANDED_UP_TO assets, closed above; `toggled` holds the group ids (grouping:name) opened or closed since. */
let openByDefault = kept?.openByDefault ?? true;
let toggled = new Set<string>(kept?.toggled ?? []);
const isOpen = (id: string) => openByDefault !== toggled.has(id);

/** Cells are one tab stop (the grid pattern): tabindex 0 on one, -1 on the rest, arrows move between them. */
function cellTd(row: DashboardRow, column: number, cell: HeatmapCell | null): HTMLTableCellElement {
  const capability = state?.columns[column]?.capability ?? '';
  if (!cell)
    return el('td', {
      class: 'cell',
      role: 'gridcell',
      tabindex: '-1',
      'aria-label': `${row.flow} / ${row.asset} / ${capability}: no such item`,
    });
  const label = cellLabel(row, capability, cell);
  return el(
    'td',
    {
      class: cellClass(cell),
      'data-key': cell.key,
      'data-folder': String(row.folder),
      title: label,
      'aria-label': label,
      tabindex: '-1',
      role: 'gridcell',
    },
    cellText(cell),
  );
}

function assetRow(r: DashboardRow, folders: readonly string[]): HTMLTableRowElement {
  return el(
    'tr',
    {},
    el(
      'th',
      { class: 'asset', scope: 'row' },
      rowLabel(r, grouping, folders),
      r.tier === null || grouping === 'tier' ? '' : ' ',
      r.tier === null || grouping === 'tier' ? null : el('small', {}, `(tier ${r.tier})`),
    ),
    ...r.cells.map((c, i) => cellTd(r, i, c)),
  );
}

/** A labelled drop-down; `name` is what tests and styles find it by. */
function select(
  label: string,
  name: string,
  value: string,
  choices: Choice[],
  onChange: (v: string) => void,
): HTMLLabelElement {
  const box = el(
    'select',
    { name },
    ...choices.map((c) => el('option', { value: c.value, selected: c.value === value }, c.text)),
  );
  box.addEventListener('change', () => onChange(box.value));
  return el('label', {}, label, box);
}

function shownGroups(s: DashboardState) {
  return groupRows(filterRows(s, filter), grouping, s.folders);
}

function filters(s: DashboardState): HTMLElement {
  const choices = filterChoices(s);
  const all = { value: '', text: 'All' };
  const set = (patch: Partial<DashboardFilter>) => {
    filter = { ...filter, ...patch };
    redraw();
  };
  const refresh = el('button', { type: 'button', 'data-action': 'refresh' }, 'Refresh');
  refresh.addEventListener('click', () => void rpc.request('ready', {}).then(render, showError));
  const exporter = (format: 'html' | 'csv', label: string) => {
    const b = el('button', { type: 'button', 'data-action': `export-${format}` }, label);
    b.addEventListener('click', () => {
      rpc
        .request('exportReport', { format })
        .then(({ written }) => {
          if (written) notice.textContent = `Exported to ${written}`;
        }, showError)
        // The save dialog took focus out of the page: back on the button (drawn anew if the data changed meanwhile).
        .finally(() => app.querySelector<HTMLElement>(`[data-action="export-${format}"]`)?.focus());
    });
    return b;
  };
  const groupings = (
    s.folders.length > 1 ? ['flow', 'owner', 'tier', 'folder'] : ['flow', 'owner', 'tier']
  ) as Grouping[];
  return el(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Group and filter the heatmap' },
    select(
      'Group by',
      'group-by',
      grouping,
      groupings.map((g) => ({ value: g, text: GROUPING_TEXT[g] })),
      (g) => {
        grouping = g as Grouping;
        redraw();
      },
    ),
    choices.folder.length
      ? select('Folder', 'folder', filter.folder, [all, ...choices.folder], (folder) => set({ folder }))
      : null,
    select('Flow', 'flow', filter.flow, [all, ...choices.flow], (flow) => set({ flow })),
    select('Tier', 'tier', filter.tier, [all, ...choices.tier], (tier) => set({ tier })),
    select('Owner', 'owner', filter.owner, [all, ...choices.owner], (owner) => set({ owner })),
    choices.kind.length ? select('Kind', 'kind', filter.kind, [all, ...choices.kind], (kind) => set({ kind })) : null,
    select(
      'Status',
      'status',
      filter.status,
      [all, ...DISPLAY_ORDER.map((st) => ({ value: st, text: st }))],
      (status) => set({ status }),
    ),
    choices.campaign.length
      ? select('Campaign', 'campaign', filter.campaign, [all, ...choices.campaign], (campaign) => set({ campaign }))
      : null,
    toggleAll,
    refresh,
    exporter('html', 'Export HTML…'),
    exporter('csv', 'Export CSV…'),
  );
}

function table(s: DashboardState): HTMLTableElement {
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      el(
        'th',
        { class: 'asset', rowspan: '2' },
        grouping === 'flow' ? 'Flow / asset' : `${GROUPING_TEXT[grouping]} / asset`,
      ),
      ...pillarSpans(s.columns).map((p) => el('th', { colspan: String(p.span) }, p.name)),
    ),
    el('tr', {}, ...s.columns.map((c) => el('th', { class: 'cap', scope: 'col' }, c.capability))),
  );
  const groups = shownGroups(s).map((g) => {
    const open = isOpen(g.id);
    const toggle = el(
      'button',
      { type: 'button', 'aria-expanded': open ? 'true' : 'false' },
      `${open ? '▾' : '▸'} ${g.name}`,
    );
    toggle.addEventListener('click', () => {
      if (toggled.has(g.id)) toggled.delete(g.id);
      else toggled.add(g.id);
      redraw();
    });
    const header = el(
      'tr',
      { class: 'group', 'data-group': g.id },
      el(
        'th',
        { colspan: String(s.columns.length + 1), scope: 'rowgroup' },
        toggle,
        ' ',
        el('span', { class: 'muted' }, groupSummary(g.rows)),
      ),
    );
    return el('tbody', {}, header, ...(open ? g.rows.map((r) => assetRow(r, s.folders)) : []));
  });
  return el(
    'table',
    {
      class: 'heatmap',
      role: 'grid',
      'aria-label': 'Maturity heatmap: arrow keys move between cells, Enter opens one',
    },
    head,
    ...groups,
  );
}

/** Whether every group shown is open: the toggle then offers Collapse all (issue 28.3). */
function allShownOpen(s: DashboardState): boolean {
  return shownGroups(s).every((g) => isOpen(g.id));
}

/** "3 of 40 assets match; 2 in closed groups: expand one to see them." — the hint only while a group is closed. */
function shownText(s: DashboardState): string {
  const matching = `${filterRows(s, filter).length} of ${s.rows.length} assets`;
  const closed = shownGroups(s)
    .filter((g) => !isOpen(g.id))
    .reduce((n, g) => n + g.rows.length, 0);
  return closed ? `${matching} match; ${closed} in closed groups: expand one to see them.` : `${matching} shown.`;
}

/** The toggle for all groups; it says what it will do. */
const toggleAll = el('button', { type: 'button', 'data-action': 'toggle-all' });
toggleAll.addEventListener('click', () => {
  if (!state) return;
  openByDefault = !allShownOpen(state);
  toggled = new Set();
  redraw();
});
const shownLine = el('p', { class: 'muted', role: 'status' });
const heatmapBox = el('div', { class: 'heatmap-box' });

/**
 * Redraws what the filters, the grouping and the group toggles change: the heatmap, the count line and the toggle's
 * label, in place. The controls are not replaced, so focus stays where the person is.
 */
function redraw(): void {
  // `restore` lets the host open this dashboard again after a window reload.
  rpc.keep({
    filter,
    grouping,
    openByDefault,
    toggled: [...toggled],
    restore: state?.restore,
  } satisfies DashboardView & {
    restore: unknown;
  });
  if (!state) return;
  const focus = grid.selectorOf(document.activeElement);
  const allOpen = allShownOpen(state);
  toggleAll.textContent = allOpen ? 'Collapse all' : 'Expand all';
  toggleAll.setAttribute('aria-expanded', String(allOpen));
  shownLine.textContent = `${shownText(state)} ${SCORE_MEANING}`;
  heatmapBox.replaceChildren(table(state));
  grid.rove(grid.rows()[0]?.[0], false);
  grid.refocus(focus);
}

/** Draws the whole page for new data, focus going back to the control or cell that had it. */
function draw(): void {
  if (!state) return;
  const focus = grid.selectorOf(document.activeElement);
  const summary = el('div', {});
  // The summary comes from core's renderer, which escapes every value it puts in.
  summary.innerHTML = state.summaryHtml;
  app.replaceChildren(
    el(
      'h1',
      {},
      state.folders.length > 1 ? `SRE Maturity Dashboard: ${state.folders.length} folders` : 'SRE Maturity Dashboard',
    ),
    filters(state),
    shownLine,
    notice,
    el('h2', {}, 'Heatmap'),
    // Wide models scroll sideways inside their box, the Flow/asset column staying in view; the page fits 1024 px.
    heatmapBox,
    summary,
  );
  redraw();
  grid.refocus(focus);
}

function render(s: DashboardState): void {
  if (!state && !kept) openByDefault = s.rows.length <= EXPANDED_UP_TO;
  state = s;
  draw();
}

/** The person is back from an assessment opened here: focus its cell again (issue 28.2). */
function focusCell(key: string, folder: number): void {
  const td = app.querySelector<HTMLElement>(cellSelector(key, folder));
  if (td) grid.rove(td, true);
}

function updateCell(folder: number, cell: HeatmapCell): void {
  if (!state) return;
  const at = replaceCell(state.rows, folder, cell);
  if (!at) return;
  const s = state;
  const td = app.querySelector(cellSelector(cell.key, folder));
  // Under a campaign filter the cell may be one the campaign does not cover: it stays blank.
  const shownRow = filterRows({ ...s, rows: [at.row] }, filter)[0];
  const fresh = cellTd(at.row, at.column, shownRow?.cells[at.column] ?? null);
  fresh.setAttribute('tabindex', td?.getAttribute('tabindex') ?? '-1');
  td?.replaceWith(fresh);
  const name = groupName(at.row, grouping, s.folders);
  const group = shownGroups(s).find((g) => g.name === name);
  const summary = app.querySelector(`tr.group[data-group="${CSS.escape(`${grouping}:${name}`)}"] .muted`);
  if (summary && group) summary.textContent = groupSummary(group.rows);
}

function open(target: EventTarget | null): void {
  const cell = (target as HTMLElement | null)?.closest<HTMLElement>('[data-key]');
  const key = cell?.dataset.key;
  const folder = cell?.dataset.folder;
  if (key && folder !== undefined) rpc.request('openAssessment', { key, folder: Number(folder) }).catch(showError);
}

app.addEventListener('click', (e) => open(e.target));
app.addEventListener('keydown', (e) => {
  const td = (e.target as HTMLElement | null)?.closest<HTMLTableCellElement>('table.heatmap td');
  if (!td) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    open(td);
    return;
  }
  const rows = grid.rows();
  const r = rows.findIndex((cells) => cells.includes(td));
  const to = gridStep(
    rows.map((cells) => cells.length),
    [r, rows[r]?.indexOf(td) ?? 0],
    e.key,
    e.ctrlKey,
  );
  if (!to) return;
  e.preventDefault();
  grid.rove(rows[to[0]]?.[to[1]], true);
});
app.addEventListener('focusin', (e) => {
  const td = (e.target as HTMLElement | null)?.closest<HTMLTableCellElement>('table.heatmap td');
  if (td && td.getAttribute('tabindex') !== '0') grid.rove(td, false);
});

rpc
  .request('ready', {})
  .then(render, (e: Error) => app.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)));
