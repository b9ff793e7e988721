/** The status bar item: the workspace's Red and Amber counts and overdue campaigns at a glance; a click opens the dashboard. */
import * as vscode from 'vscode';

import { type Glance, glance, glanceText } from '../core/domain/summary';
import { describeError } from '../core/errors';
import { isoDay } from '../shared/status';
import { type Ctx } from './ctx';
import { COMMAND, CONTEXT, PREFIX } from './ids';

/** Every folder with data, added up; undefined when none can be read. */
async function workspaceGlance(ctx: Ctx): Promise<Glance | undefined> {
  const now = new Date();
  let total: Glance | undefined;
  for (const folder of ctx.folders.all().filter((f) => ctx.folders.hasData(f))) {
    const ws = await ctx.folders.workspace(folder).catch(() => undefined);
    if (!ws) continue;
    const g = glance(await ctx.tree.folderItems(folder), ws.campaigns(), isoDay(now));
    total = total
      ? {
          red: total.red + g.red,
          amber: total.amber + g.amber,
          overdueCampaigns: total.overdueCampaigns + g.overdueCampaigns,
          dueThisWeek: total.dueThisWeek + g.dueThisWeek,
          notAssessed: total.notAssessed + g.notAssessed,
          assessed: total.assessed + g.assessed,
        }
      : g;
  }
  return total;
}

/**
 * "SRE: 1 Red · 2 Amber": its own icon and words, so it never reads as the Problems counter beside it (whose
 * error and warning icons it used to borrow). With nothing Red or Amber, what is left to do ("45 Not assessed"),
 * so a workspace just set up never reads as healthy.
 */
function statusText(g: Glance): string {
  const parts = [
    g.red ? `${g.red} Red` : '',
    g.amber ? `${g.amber} Amber` : '',
    g.overdueCampaigns ? `${g.overdueCampaigns} overdue` : '',
    g.dueThisWeek ? `${g.dueThisWeek} due` : '',
  ].filter(Boolean);
  const rest = g.notAssessed ? `${g.notAssessed} Not assessed` : 'no Red or Amber';
  return `$(pulse) SRE: ${parts.join(' · ') || rest}`;
}

export function statusBarItem(ctx: Ctx): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('sreTracker.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'SRE Maturity';
  item.command = `${PREFIX}.${COMMAND.showDashboard}`;
  let timer: NodeJS.Timeout | undefined;
  const update = async () => {
    try {
      const g = await workspaceGlance(ctx);
      if (!g) {
        item.hide();
        return;
      }
      item.text = statusText(g);
      // From the tree, the palette, the panel or the assistant alike: the walkthrough step follows the data.
      void vscode.commands.executeCommand('setContext', CONTEXT.hasAssessment, g.assessed > 0);
      item.tooltip = `SRE maturity: ${glanceText(g)}. Click to open the dashboard.`;
      item.accessibilityInformation = { label: `SRE maturity: ${glanceText(g)}. Open the dashboard.`, role: 'button' };
      item.backgroundColor = g.overdueCampaigns ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.show();
    } catch (e) {
      ctx.log.warn(`status bar: ${describeError(e)}`);
      item.hide();
    }
  };
  // After a burst of changes, once: reading every item per keystroke-sized change would cost more than it tells.
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 400);
  };
  soon();
  const listener = ctx.changes.onDidChange(soon);
  return { dispose: () => (clearTimeout(timer), listener.dispose(), item.dispose()) };
}
