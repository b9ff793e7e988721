/** The dashboard: the heatmap rendered by core, cells that open their assessment by click or Enter. */
import { HEATMAP_CSS } from '../src/shared/status-style';
import type { DashboardRequests, DashboardState } from '../src/shared/protocol';
import { el } from './dom';
import { Rpc } from './rpc';
import { addStyles, BASE_CSS } from './styles';

addStyles(`${BASE_CSS}
:root { --red: var(--vscode-charts-red); --amber: var(--vscode-charts-yellow); --green: var(--vscode-charts-green); --blue: var(--vscode-charts-blue); --orange: var(--vscode-charts-orange); --border: var(--vscode-widget-border, var(--vscode-panel-border)); }
${HEATMAP_CSS}
.heatmap td[data-key]:hover { outline: 2px solid var(--vscode-focusBorder); }
`);

const app = document.getElementById('app') as HTMLElement;
const rpc = new Rpc<DashboardRequests>((message) => {
  if (message.push === 'dashboardState') render(message.state);
});

function render(state: DashboardState): void {
  // The html comes from core's renderer, which escapes every value it puts in.
  app.innerHTML = `<h1>SRE Maturity Dashboard</h1>${state.html}`;
}

function open(target: EventTarget | null): void {
  const cell = (target as HTMLElement | null)?.closest<HTMLElement>('[data-key]');
  const key = cell?.dataset.key;
  if (key) rpc.request('openAssessment', { key }).catch((e: Error) => app.prepend(el('p', { class: 'error', role: 'alert' }, e.message)));
}

app.addEventListener('click', (e) => open(e.target));
app.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    open(e.target);
  }
});

rpc.request('ready', {}).then(render, (e: Error) => app.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)));
