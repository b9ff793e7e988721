/** "SRE: Add Campaign": name, scope, target and due date, checked by core like a row of campaigns.csv. */
import * as vscode from 'vscode';
import { type Campaign } from '../core/campaigns';
import { isDate } from '../core/dates';
import { type Workspace } from '../core/workspace';

const ALL = '(all)';

export async function askCampaign(ws: Workspace): Promise<Campaign | undefined> {
  const model = ws.model();
  const items = ws.items();
  const name = await vscode.window.showInputBox({
    title: 'Add Campaign: name',
    prompt: 'A short name, e.g. "Tier-1 SLOs by Q1"',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A campaign needs a name'),
  });
  if (!name) return undefined;
  const flows = await vscode.window.showQuickPick(ws.flowNames(), { title: 'Which flows? (none picked: all flows)', canPickMany: true, ignoreFocusOut: true });
  if (!flows) return undefined;
  const tierNames = [...new Set(items.map((i) => i.tier).filter((t): t is number => t !== undefined))].sort().map((t) => `tier ${t}`);
  const tiers = tierNames.length
    ? await vscode.window.showQuickPick(tierNames, { title: 'Which tiers? (none picked: all tiers)', canPickMany: true, ignoreFocusOut: true })
    : [];
  if (!tiers) return undefined;
  const pillar = await vscode.window.showQuickPick([ALL, ...model.pillars], { title: 'Which pillar?', ignoreFocusOut: true });
  if (!pillar) return undefined;
  const capabilities = model.capabilities.filter((c) => pillar === ALL || c.pillar === pillar).map((c) => c.name);
  const capability = await vscode.window.showQuickPick([ALL, ...capabilities], { title: 'Which capability?', ignoreFocusOut: true });
  if (!capability) return undefined;
  const target = await vscode.window.showQuickPick(['1', '2', '3', '4'], { title: 'Target level', ignoreFocusOut: true });
  if (!target) return undefined;
  const due = await vscode.window.showInputBox({
    title: 'Due date',
    placeHolder: 'YYYY-MM-DD',
    ignoreFocusOut: true,
    validateInput: (v) => (isDate(v.trim()) ? undefined : 'Use a real date, YYYY-MM-DD'),
  });
  if (!due) return undefined;
  return {
    name: name.trim(),
    flows,
    tiers: tiers.map((t) => Number(t.replace('tier ', ''))),
    pillar: pillar === ALL ? '' : pillar,
    capability: capability === ALL ? '' : capability,
    targetLevel: Number(target),
    due: due.trim(),
  };
}
