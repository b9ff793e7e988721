/**
 * The Problems panel before the commit (issue 40): when a saved file under an asset's paths no longer shows evidence
 * a recorded answer rests on, a warning on that file's line; where it shows evidence for a question not answered
 * yes, a hint. A quick action opens the assessment.
 */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { answersOf } from '../core/domain/items';
import { pathMatcher } from '../core/domain/path-match';
import { changeText } from '../core/usecases/evidence/evidence-changes';
import { flowsOf } from '../core/usecases/flows-file';
import { type Ctx } from './ctx';
import { COMMAND, PREFIX } from './ids';

const SOURCE = 'SRE Maturity';

const slashed = (p: string) => p.split(path.sep).join('/');

export class EvidenceDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('sre-maturity-evidence');

  constructor(private readonly ctx: Ctx) {}

  dispose(): void {
    this.collection.dispose();
  }

  /** A file was saved: what the assessments of its folder's assets rest on, and what it could answer. */
  async saved(uri: vscode.Uri): Promise<void> {
    const folder = this.ctx.folders.all().find((f) => uri.fsPath.startsWith(`${f.uri.fsPath}${path.sep}`));
    if (!folder || !this.ctx.folders.hasData(folder)) return;
    const ws = await this.ctx.folders.workspace(folder);
    if (!ws) return;
    const file = slashed(path.relative(ws.dir, uri.fsPath));
    const { evidenceChangesByItem, itemEvidence } = await import('../core/usecases/evidence/workspace-evidence');
    const assets = new Set(
      flowsOf(ws).flatMap((f) =>
        f.assets.filter((a) => a.paths.some((p) => pathMatcher(p, true)(file))).map((a) => `${f.key}/${a.key}`),
      ),
    );
    if (assets.size === 0) return this.collection.set(uri, []);
    const items = ws.items().filter((i) => assets.has(`${i.flowKey}/${i.assetKey}`));
    const byKey = new Map(items.map((i) => [i.key, i]));
    const diagnostics: vscode.Diagnostic[] = [];
    const at = (line: number) => new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), 200);
    for (const [key, changes] of evidenceChangesByItem(ws)) {
      const item = byKey.get(key);
      if (!item) continue;
      for (const c of changes.filter((x) => x.was.file === file)) {
        const d = new vscode.Diagnostic(
          at(c.now?.line ?? c.was.line),
          `${item.flowName}/${item.assetName} · ${item.capability.name} L${item.level ?? 0} rests on ${changeText(c)}`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = SOURCE;
        d.code = key;
        diagnostics.push(d);
      }
    }
    for (const item of items) {
      const answers = answersOf(item);
      for (const q of itemEvidence(ws, item).filter((e) => answers[e.question] !== true))
        for (const f of q.findings.filter((x) => x.file === file)) {
          const d = new vscode.Diagnostic(
            at(f.line),
            `${item.flowName}/${item.assetName} · ${item.capability.name}: ${f.detail} could answer yes to "${q.question}"`,
            vscode.DiagnosticSeverity.Information,
          );
          d.source = SOURCE;
          d.code = item.key;
          diagnostics.push(d);
        }
    }
    this.collection.set(uri, diagnostics);
  }

  /** "Open the assessment" on each of our diagnostics. */
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext) {
    const folder = this.ctx.folders.all().find((f) => document.uri.fsPath.startsWith(`${f.uri.fsPath}${path.sep}`));
    return context.diagnostics
      .filter((d) => d.source === SOURCE && typeof d.code === 'string')
      .map((d) => {
        const action = new vscode.CodeAction(
          `Open the assessment of ${String(d.code)}`,
          vscode.CodeActionKind.QuickFix,
        );
        action.diagnostics = [d];
        action.command = {
          command: `${PREFIX}.${COMMAND.assessCapability}`,
          title: 'Assess Capability',
          arguments: [{ folder, data: { item: { key: d.code } } }],
        };
        return action;
      });
  }
}
