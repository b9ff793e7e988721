/** The assessment page's styles: levels, questions, fields, and the result bar that stays in view. */
import { BASE_CSS } from './styles';

export const ASSESSMENT_CSS = `${BASE_CSS}
.level { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.level.reached { border-left: 4px solid var(--vscode-charts-green); }
.level.next { border: 2px solid var(--vscode-focusBorder); }
.tag { font-size: 0.85em; margin-left: 8px; padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.criteria { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
.question { margin: 8px 0; border: none; padding: 0; min-width: 0; }
.question legend { margin: 0 0 4px; padding: 0; }
.question label { display: inline-flex; align-items: center; gap: 4px; margin-right: 16px; cursor: pointer; }
.question input { accent-color: var(--vscode-focusBorder); margin: 0; width: 1.1em; height: 1.1em; }
/* Fields take the width there is, up to a readable line: nothing makes a narrow or zoomed page scroll sideways. */
.fields { display: grid; gap: 6px; max-width: 720px; margin-top: 16px; }
.fields vscode-textarea, .fields vscode-textfield { width: 100%; min-width: 0; }
.evidence li, .sub { overflow-wrap: anywhere; }
.actions { display: flex; gap: 8px; margin-top: 16px; flex-wrap: wrap; align-items: center; }
#exempt { margin-top: 12px; display: none; }
.evidence { margin: 4px 0 0 8px; font-size: 0.95em; }
.evidence ul { margin: 2px 0; padding-left: 18px; }
.evidence-bar { border: 1px solid var(--vscode-focusBorder); border-radius: 4px; padding: 6px 12px; margin: 8px 0; }
.evidence-bar p { margin: 0 0 6px; }
#exempt.open { display: grid; }
/*
 * One compact bar, the live result with the actions, stays in view while the questions scroll; what gets focus
 * is scrolled clear of it. On a short viewport (200% zoom) it yields and scrolls with the page (WCAG 1.4.10, 2.4.11).
 */
html { scroll-padding-bottom: 4.5em; }
.actions { position: sticky; bottom: 0; z-index: 1; background: var(--vscode-editor-background); padding: 6px 0; border-top: 1px solid var(--vscode-widget-border, transparent); }
.status-line { flex: 1 1 100%; margin: 0; }
@media (max-height: 480px) { html { scroll-padding-bottom: 0; } .actions { position: static; } }
.unsaved { margin-left: 8px; font-style: italic; }
.notice { border-left: 3px solid var(--vscode-notificationsInfoIcon-foreground, var(--vscode-focusBorder)); padding: 4px 10px; }
`;
