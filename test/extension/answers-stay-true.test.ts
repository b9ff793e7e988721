/**
 * Answers that stay true in VS Code (issue 38): the assessment panel shows evidence that changed, old beside new,
 * and where each answer came from; pending Not applicable requests are approved or rejected from the tree.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { defaultSettings } from '../../src/core/integrations/settings';
import { saveAssessment } from '../../src/core/usecases/assessment';
import { itemEvidence } from '../../src/core/usecases/evidence/workspace-evidence';
import { markNotApplicable } from '../../src/core/usecases/not-applicable';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { Workspace } from '../../src/core/workspace';
import { COMMANDS } from '../../src/extension/commands';
import { type Ctx } from '../../src/extension/ctx';
import { EvidenceDiagnostics } from '../../src/extension/evidence-diagnostics';
import { type TreeNode } from '../../src/extension/tree';
import { tooltipOf } from '../../src/extension/tree-model';
import { type AssessmentState } from '../../src/shared/assessment-protocol';
import { answersForLevel } from '../../src/shared/maturity';
import { testContext } from '../helpers/extension-context';
import { git } from '../helpers/git-repo';
import { until } from '../helpers/until';
import { tempDir } from '../helpers/workspace';
import { answers, DiagnosticSeverity, panels, problems, recorded, reset, Uri } from './vscode-double';

/** The tree node of the item with `key`: flow, asset, capability, as a person clicks down to it. */
async function nodeOf(c: Ctx, key: string): Promise<TreeNode> {
  for (const flow of await c.tree.getChildren())
    for (const asset of await c.tree.getChildren(flow))
      for (const node of await c.tree.getChildren(asset)) if (node.data.item?.key === key) return node;
  throw new Error(`no node for ${key}`);
}

const FIXTURE = path.join(__dirname, '../fixtures/evidence-repo');
const KEY = 'checkout/payments-api/redundancy-failover';

/** The fixture repository set up, Redundancy & Failover of payments-api at level 2 with its evidence recorded. */
async function assessedFromEvidence(): Promise<{ dir: string; ws: Workspace }> {
  const dir = tempDir();
  fs.cpSync(FIXTURE, dir, { recursive: true });
  await setupWorkspace({ dir, flows: [] });
  const ws = await Workspace.open(dir, defaultSettings());
  const item = ws.item(KEY);
  assert.ok(item);
  saveAssessment(ws.store, {
    itemKey: KEY,
    capability: item.capability,
    answers: answersForLevel(item.capability, 2),
    notes: '',
    evidenceUrl: '',
    by: 'ann',
    at: new Date(),
    fromEvidence: itemEvidence(ws, item).filter((e) => item.capability.levels[1]?.questions.includes(e.question)),
  });
  return { dir, ws };
}

describe('answers that stay true in VS Code (issue 38)', () => {
  it('the panel shows the evidence that changed, old beside new, and where each answer came from', async () => {
    const { dir, ws } = await assessedFromEvidence();
    const before = ws.item(KEY);
    assert.ok(before);
    assert.deepEqual(
      tooltipOf(before).find((l) => l.label === 'Where the level came from'),
      { label: 'Where the level came from', text: 'L2: 1 answer from evidence, 1 attested' },
    );
    const deployment = path.join(dir, 'services/payments/k8s/deployment.yaml');
    fs.writeFileSync(
      deployment,
      fs.readFileSync(deployment, 'utf8').replace(/kind: PodDisruptionBudget/, 'kind: ConfigMap'),
    );

    reset([dir]);
    const c = testContext();
    void COMMANDS.assessCapability.run(c)(await nodeOf(c, KEY));
    const panel = await until('the panel', () => panels[0]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    assert.equal(ready.ok, true, JSON.stringify(ready));
    const state = ready.result;
    assert.deepEqual(
      state.evidenceChanges.map((ch) => [ch.was.detail, ch.now]),
      [['PodDisruptionBudget payments-api', null]],
    );
    assert.match(state.item.evidenceChanged ?? '', /PodDisruptionBudget payments-api: removed/);
    assert.equal(state.item.stale, true);
    assert.match(state.item.provenance, /^L2: 2 stale$/);
    const after = ws.item(KEY);
    assert.match(after?.evidenceChanged ?? '', /removed/, 'recorded: the assessment stays stale until re-assessed');
    assert.ok(after && tooltipOf(after).some((l) => l.label === 'Evidence changed since the assessment'));
  });

  it('Approve and Reject decide a pending request from the tree, never by its requester', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier\nCheckout,web,2\n');
    await setupWorkspace({ dir, flows: [] });
    const me = os.userInfo().username;
    fs.writeFileSync(path.join(dir, 'approvers.csv'), `name\n${me}\ncarol\n`);
    const ws = await Workspace.open(dir, defaultSettings());
    const key = 'checkout/web/on-call';
    const item = ws.item(key);
    assert.ok(item);
    markNotApplicable(ws, item, { reason: 'static site', until: '2099-01-01', by: 'carol', at: new Date() });
    reset([dir]);
    const c = testContext();
    const node = await nodeOf(c, key);
    const shown = c.tree.getTreeItem(node);
    assert.match(String(shown.contextValue), /\.pending$/);
    assert.match(String(shown.description), /N\/A pending approval/);
    assert.equal(ws.item(key)?.status, 'Not assessed', 'it counts as before');
    answers.push('Approve');
    await COMMANDS.approveNotApplicable.run(c)(node);
    assert.match(
      recorded.info.at(-1) ?? '',
      /Approve Not applicable for checkout\/web\/on-call until 2099-01-01, requested by carol/,
    );
    assert.equal(ws.item(key)?.status, 'Not applicable');
    assert.equal(ws.item(key)?.notApplicableRequest?.decidedBy, me);

    // Asked by this user: Approve is refused, Reject by carol in the CLI's place would do; here it stays pending.
    const other = 'checkout/web/postmortems';
    const pending = ws.item(other);
    assert.ok(pending);
    markNotApplicable(ws, pending, { reason: 'no incidents', until: '2099-01-01', by: me, at: new Date() });
    c.tree.refresh();
    const own = await nodeOf(c, other);
    assert.doesNotMatch(
      String(c.tree.getTreeItem(own).contextValue),
      /\.pending/,
      'no Approve on a request of ones own',
    );
    assert.match(String(c.tree.getTreeItem(own).description), /N\/A pending approval/);
    answers.push('Approve');
    await Promise.resolve(COMMANDS.approveNotApplicable.run(c)(own)).catch((e: Error) =>
      recorded.errors.push(e.message),
    );
    assert.match(recorded.errors.at(-1) ?? '', new RegExp(`${me} asked for it`));
    assert.equal(ws.item(other)?.notApplicableRequest?.state, 'pending');
  });
});

describe('the Problems panel before the commit (issue 40)', () => {
  it('a saved file that no longer shows the evidence an answer rests on gets a warning with an Open action; new evidence a hint', async () => {
    const { dir } = await assessedFromEvidence();
    const deployment = path.join(dir, 'services/payments/k8s/deployment.yaml');
    fs.writeFileSync(
      deployment,
      fs.readFileSync(deployment, 'utf8').replace(/kind: PodDisruptionBudget/, 'kind: ConfigMap'),
    );
    reset([dir]);
    const diagnostics = new EvidenceDiagnostics(testContext());
    await diagnostics.saved(Uri.file(deployment) as never);
    const found = problems.get(deployment) ?? [];
    const warning = found.find((d) => d.severity === DiagnosticSeverity.Warning);
    assert.match(
      warning?.message ?? '',
      /^Checkout\/payments-api · Redundancy & Failover L2 rests on services\/payments\/k8s\/deployment\.yaml:\d+ PodDisruptionBudget payments-api: removed$/,
    );
    assert.equal(warning?.source, 'SRE Maturity');
    assert.ok(
      found.some((d) => d.severity === DiagnosticSeverity.Information && /could answer yes to/.test(d.message)),
      'evidence for questions not answered yes is hinted',
    );
    const [action] = diagnostics.provideCodeActions(
      { uri: Uri.file(deployment) } as never,
      warning?.range as never,
      { diagnostics: [warning] } as never,
    );
    assert.equal(action?.title, `Open the assessment of ${KEY}`);
    assert.equal(action?.command?.command, 'sreTracker.assessCapability');
    const untouched = path.join(dir, 'services/payments/load/checkout.js');
    await diagnostics.saved(Uri.file(untouched) as never);
    assert.equal((problems.get(untouched) ?? []).filter((d) => d.severity === DiagnosticSeverity.Warning).length, 0);
  });
});

describe('Show Maturity Impact of Changes (issue 40)', () => {
  it('shows the working tree against HEAD in a page without script: the lost PodDisruptionBudget, the answer on it', async () => {
    const { dir, ws } = await assessedFromEvidence();
    ws.dispose();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const deployment = path.join(dir, 'services/payments/k8s/deployment.yaml');
    fs.writeFileSync(
      deployment,
      fs.readFileSync(deployment, 'utf8').replace(/kind: PodDisruptionBudget/, 'kind: ConfigMap'),
    );
    reset([dir]);
    answers.push({ label: 'HEAD', ref: 'head' });
    await COMMANDS.showChangeImpact.run(testContext())();
    const page = await until('the impact page', () => panels[0]);
    assert.match(page.html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.doesNotMatch(page.html, /<script/);
    assert.match(page.html, /<h1>Maturity impact: [^<]*, working tree against HEAD<\/h1>/);
    assert.match(
      page.html,
      /<td>lost<\/td><td><code>services\/payments\/k8s\/deployment\.yaml:\d+<\/code><\/td><td>PodDisruptionBudget payments-api<\/td>/,
    );
    assert.match(page.html, new RegExp(`<td>${KEY}</td></tr>`));
  });
});
