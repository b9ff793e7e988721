/** The dashboard's styles: the heatmap's cells and groups, the sticky asset column, the filters. */
import { HEATMAP_CSS } from '../src/shared/status-style';
import { BASE_CSS } from './styles';

export const DASHBOARD_CSS = `${BASE_CSS}
:root { --border: var(--vscode-widget-border, var(--vscode-panel-border)); }
${HEATMAP_CSS}
.heatmap td[data-key]:hover, .heatmap td:focus { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
.heatmap tr.group th { text-align: left; font-weight: normal; background: var(--vscode-sideBar-background, transparent); }
.heatmap tr.group button { font: inherit; font-weight: 600; color: inherit; background: none; border: none; cursor: pointer; padding: 2px 4px; }
.heatmap-box { overflow-x: auto; max-width: 100%; }
.heatmap th.asset { position: sticky; left: 0; z-index: 1; background: var(--vscode-editor-background); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; font-size: 0.9em; }
.filters select, .filters button { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; }
`;
