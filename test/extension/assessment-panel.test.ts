import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import type { TreeView } from 'vscode';

import { defaultSettings } from '../../src/core/integrations/settings';
import { readHistory } from '../../src/core/storage/catalog';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { Workspace } from '../../src/core/workspace';
import { AssessmentPanel } from '../../src/extension/assessment-panel';
import { COMMANDS } from '../../src/extension/commands';
import { type Ctx } from '../../src/extension/ctx';
import { DashboardPanel } from '../../src/extension/dashboard-panel';
import { type TreeNode } from '../../src/extension/tree';
import { type AssessmentState } from '../../src/shared/assessment-protocol';
import { type DashboardState } from '../../src/shared/dashboard-protocol';
import { testContext } from '../helpers/extension-context';
import { until } from '../helpers/until';
import { setUpWorkspace, tempDir } from '../helpers/workspace';
import { answers, PanelDouble, panels, recorded, reset, TreeViewDouble, Uri } from './vscode-double';

const ctx = (): Ctx => testContext();

/** Runs "Show Maturity Dashboard" and returns its panel, once there. */
async function openDashboard(c: Ctx) {
  await COMMANDS.showDashboard.run(c)();
  return until('the dashboard', () => panels[0]);
}

describe('assessment panel (host side, real core)', () => {
  it('serves the state, refuses malformed messages, saves answers with a history row, and is reused per item', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const web = (await c.tree.getChildren((await c.tree.getChildren())[0]))[0] as TreeNode;
    const mon = (await c.tree.getChildren(web))[0] as TreeNode;
    const done = COMMANDS.assessCapability.run(c)(mon) as Promise<void>;
    const panel = await until('the panel', () => panels[0]);
    assert.match(panel.html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-([0-9a-f]{32})'/);
    const nonce = /nonce-([0-9a-f]{32})/.exec(panel.html)?.[1];
    assert.match(panel.html, new RegExp(`<script nonce="${nonce}" src="[^"]*assessment\\.js">`));
    const again = COMMANDS.assessCapability.run(c)(mon);
    assert.equal(panels.length, 1, 'the open panel is reused');
    void again;

    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    assert.equal(ready.ok, true);
    assert.equal(ready.result.item.key, 'checkout/web/monitoring-alerting');
    assert.equal(ready.result.levels.length, 4);
    const questions = ready.result.levels.flatMap((l) => l.questions);

    const bad = (await panel.send({
      id: 2,
      type: 'save',
      params: { answers: { x: 'yes' }, notes: '', evidenceUrl: '', fromEvidence: {} },
    })) as {
      ok: boolean;
      error: string;
    };
    assert.deepEqual(bad, { id: 2, ok: false, error: 'save: every answer must be true or false' });
    const badUrl = (await panel.send({
      id: 3,
      type: 'save',
      params: { answers: {}, notes: '', evidenceUrl: 'javascript:alert(1)', fromEvidence: {} },
    })) as {
      ok: boolean;
      error: string;
    };
    assert.equal(badUrl.ok, false);
    assert.match(badUrl.error, /must start with https:\/\//);
    assert.equal(ws.store.read((db) => readHistory(db)).length, 0, 'nothing written by refused messages');

    const answers = Object.fromEntries(questions.map((q, i) => [q, i < 3]));
    const saved = (await panel.send({
      id: 4,
      type: 'save',
      params: { answers, notes: '<b>not html</b>', evidenceUrl: 'https://wiki/x', fromEvidence: {} },
    })) as {
      ok: boolean;
      result: { level: number; status: string };
    };
    assert.deepEqual(saved.result, { level: 2, status: 'Green' }, 'no tier: target 1');
    await done;
    const item = ws.items().find((i) => i.key === 'checkout/web/monitoring-alerting');
    assert.equal(item?.notes, '<b>not html</b>');
    assert.deepEqual(
      ws.store.read((db) => readHistory(db)).map((h) => [h.kind, h.level]),
      [['assessment', 2]],
    );
    await until('the panel to close', () => (panel.disposed ? true : undefined));
  });

  it('gives focus back to the tree row an assessment was opened from, after Save, Cancel or closing (issue 28.2)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const view = new TreeViewDouble<TreeNode>();
    c.tree.attach(view as unknown as TreeView<TreeNode>);
    const mon = (
      await c.tree.getChildren((await c.tree.getChildren((await c.tree.getChildren())[0]))[0])
    )[0] as TreeNode;
    for (const [n, close] of [
      (p: PanelDouble) =>
        p.send({ id: 2, type: 'save', params: { answers: {}, notes: '', evidenceUrl: '', fromEvidence: {} } }),
      (p: PanelDouble) => p.send({ id: 2, type: 'cancel', params: {} }),
      (p: PanelDouble) => Promise.resolve(p.dispose()),
    ].entries()) {
      const done = COMMANDS.assessCapability.run(c)(mon) as Promise<void>;
      const panel = await until('the panel', () => panels[n]);
      await panel.send({ id: 1, type: 'ready', params: {} });
      assert.equal(view.revealed.length, n, 'nothing moves while the panel is open');
      await close(panel);
      await done;
      await until('focus back on the row', () => (view.revealed.length === n + 1 ? true : undefined));
      assert.deepEqual(
        [view.revealed[n]?.node.data.item?.key, view.revealed[n]?.options],
        ['checkout/web/monitoring-alerting', { select: true, focus: true, expand: true }],
      );
    }
  });

  it('Assess All walks the capabilities of an asset one after another and stops when a panel is closed', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const auth = (await c.tree.getChildren((await c.tree.getChildren())[1]))[0] as TreeNode;
    const walk = COMMANDS.assessAll.run(c)(auth) as Promise<void>;
    const first = await until('the first panel', () => panels[0]);
    const state = (await first.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.equal(state.result.item.key, 'login/auth/monitoring-alerting');
    assert.deepEqual(state.result.progress, { at: 1, of: 15 }, 'the panel says where the walk is');
    assert.equal(first.title, 'Assess 1 of 15: Monitoring & Alerting (auth)');
    await first.send({ id: 2, type: 'cancel', params: {} }); // Skip
    const second = await until('the second panel', () => panels[1]);
    const next = (await second.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.equal(next.result.item.key, 'login/auth/logging-tracing');
    assert.deepEqual(next.result.progress, { at: 2, of: 15 });
    second.dispose();
    await walk;
    assert.equal(panels.length, 2, 'closing a panel stops the walk');
  });

  it('redraws only the changed cell on an open dashboard when an assessment is saved, and everything on a refresh', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const dashboard = await openDashboard(c);
    const state = (await dashboard.send({ id: 1, type: 'ready', params: {} })) as {
      ok: boolean;
      result: DashboardState;
    };
    assert.equal(state.result.rows.length, 3);
    assert.deepEqual(state.result.rows[0]?.cells[0], {
      key: 'checkout/web/monitoring-alerting',
      level: null,
      target: 1,
      status: 'Not assessed',
      stale: false,
      due: false,
      provenance: '',
    });
    const mon = (
      await c.tree.getChildren((await c.tree.getChildren((await c.tree.getChildren())[0]))[0])
    )[0] as TreeNode;
    const done = COMMANDS.assessCapability.run(c)(mon) as Promise<void>;
    const panel = await until('the assessment panel', () => panels[1]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    const answers = Object.fromEntries(ready.result.levels.flatMap((l) => l.questions).map((q) => [q, true]));
    dashboard.posted.length = 0;
    await panel.send({ id: 2, type: 'save', params: { answers, notes: '', evidenceUrl: '', fromEvidence: {} } });
    await done;
    // The message meant, whatever else the host sends meanwhile (a refresh under load): not the first one.
    const pushOf = (kind: string) => () => dashboard.posted.find((m) => (m as { push?: string }).push === kind);
    const pushed = await until('the cell push', pushOf('dashboardCell'));
    assert.deepEqual(pushed, {
      push: 'dashboardCell',
      folder: 0,
      cell: {
        key: 'checkout/web/monitoring-alerting',
        level: 4,
        target: 1,
        status: 'Green',
        stale: false,
        due: false,
        provenance: 'L4: 6 attested',
      },
    });
    dashboard.posted.length = 0;
    c.changes.all();
    assert.ok(await until('the full push', pushOf('dashboardState')));
  });

  it('opened from a heatmap cell, an assessment gives focus back to that cell when it closes (issue 28.2)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const dashboard = await openDashboard(c);
    await dashboard.send({ id: 1, type: 'ready', params: {} });
    await dashboard.send({ id: 2, type: 'openAssessment', params: { key: 'checkout/web/slis-slos', folder: 0 } });
    const panel = await until('the assessment panel', () => panels[1]);
    dashboard.hide(); // the assessment opened in its place
    await panel.send({ id: 1, type: 'ready', params: {} });
    dashboard.posted.length = 0;
    await panel.send({ id: 2, type: 'cancel', params: {} });
    await until('the dashboard shown again', () => (dashboard.visible ? true : undefined));
    // The page reloads when shown: the focus waits for it, after its fresh state.
    await dashboard.send({ id: 3, type: 'ready', params: {} });
    const focus = await until('the focus push', () =>
      dashboard.posted.find((m) => (m as { push?: string }).push === 'focusCell'),
    );
    assert.deepEqual(focus, { push: 'focusCell', key: 'checkout/web/slis-slos', folder: 0 });
  });

  it('exports what the dashboard shows: the HTML report or the CSV matrix, where the person chooses', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const dashboard = await openDashboard(c);
    const out = tempDir();
    answers.push(Uri.file(path.join(out, 'report.html')));
    const html = (await dashboard.send({ id: 1, type: 'exportReport', params: { format: 'html' } })) as {
      result: { written: string };
    };
    assert.equal(html.result.written, path.join(out, 'report.html'));
    assert.match(
      fs.readFileSync(path.join(out, 'report.html'), 'utf8'),
      /<title>SRE Maturity Report<\/title>[\s\S]*<table class="heatmap">/,
    );
    assert.equal(recorded.info.at(-1), `Exported to ${path.join(out, 'report.html')}`);
    assert.deepEqual(recorded.infoButtons.at(-1), ['Open in Browser', 'Reveal in File Explorer'], 'issue 28.14');
    answers.push(Uri.file(path.join(out, 'matrix.csv')), 'Reveal in File Explorer');
    await dashboard.send({ id: 2, type: 'exportReport', params: { format: 'csv' } });
    assert.match(fs.readFileSync(path.join(out, 'matrix.csv'), 'utf8'), /^key,flow,asset,tier,owner,/);
    await until('revealed', () => (recorded.executed.length ? true : undefined));
    assert.deepEqual(
      recorded.executed.map(([command, uri]) => [command, (uri as Uri).fsPath]),
      [['revealFileInOS', path.join(out, 'matrix.csv')]],
    );
    answers.push(undefined); // the save dialog cancelled
    assert.deepEqual(
      ((await dashboard.send({ id: 3, type: 'exportReport', params: { format: 'csv' } })) as { result: unknown })
        .result,
      { written: null },
    );
    const bad = (await dashboard.send({ id: 4, type: 'exportReport', params: { format: 'pdf' } })) as {
      ok: boolean;
      error: string;
    };
    assert.deepEqual([bad.ok, bad.error], [false, 'exportReport: format must be one of html, csv']);
  });

  it('shows all folders of a multi-root workspace together: one heatmap, scores per folder, cells told apart by folder', async () => {
    const payments = await setUpWorkspace();
    const search = await setUpWorkspace({ flowsCsv: 'flow,asset,owner,tier\nCheckout,web,team-search,1\n' });
    reset([payments.dir, search.dir]);
    const c = ctx();
    answers.push({ label: 'All folders together', scope: 'all' }); // the quick pick's first choice
    const dashboard = await openDashboard(c);
    const state = (await dashboard.send({ id: 1, type: 'ready', params: {} })) as {
      ok: boolean;
      result: DashboardState;
    };
    assert.deepEqual(state.result.folders, [path.basename(payments.dir), path.basename(search.dir)]);
    assert.deepEqual(
      state.result.rows.map((r) => [r.folder, r.flow, r.asset]),
      [
        [0, 'Checkout', 'web'],
        [0, 'Checkout', 'payments-api'],
        [0, 'Login', 'auth'],
        [1, 'Checkout', 'web'],
      ],
    );
    assert.match(
      state.result.summaryHtml,
      /<caption>Per workspace<\/caption>.*>team-search<\/th>/s,
      'the roll-up of both folders, owners included',
    );
    const open = (await dashboard.send({
      id: 2,
      type: 'openAssessment',
      params: { key: 'checkout/web/monitoring-alerting', folder: 1 },
    })) as { ok: boolean };
    assert.equal(open.ok, true);
    const panel = await until('the assessment panel', () => panels[1]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    const yes = Object.fromEntries(ready.result.levels.flatMap((l) => l.questions).map((q) => [q, true]));
    dashboard.posted.length = 0;
    await panel.send({ id: 2, type: 'save', params: { answers: yes, notes: '', evidenceUrl: '', fromEvidence: {} } });
    // The cell push is the message this save means; focus and state pushes may come before or after it.
    const cellPush = () => dashboard.posted.filter((m) => (m as { push?: string }).push === 'dashboardCell');
    const pushed = await until('the cell push', () => (cellPush().length > 0 ? cellPush() : undefined));
    assert.deepEqual(pushed, [
      {
        push: 'dashboardCell',
        folder: 1,
        cell: {
          key: 'checkout/web/monitoring-alerting',
          level: 4,
          target: 3,
          status: 'Green',
          stale: false,
          due: false,
          provenance: 'L4: 6 attested',
        },
      },
    ]);
    assert.equal(
      (await Workspace.open(payments.dir, defaultSettings())).item('checkout/web/monitoring-alerting')?.level,
      null,
      'the other folder is untouched',
    );
    const bad = (await dashboard.send({
      id: 3,
      type: 'openAssessment',
      params: { key: 'checkout/web/monitoring-alerting', folder: 7 },
    })) as {
      ok: boolean;
      error: string;
    };
    assert.equal(bad.ok, false);
    // The CSV of all folders: one matrix, each row naming its folder (issue 28.14).
    const csv = path.join(tempDir(), 'all.csv');
    answers.push(Uri.file(csv));
    await dashboard.send({ id: 4, type: 'exportReport', params: { format: 'csv' } });
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\n');
    assert.match(rows[0] ?? '', /^folder,key,flow,asset,/);
    assert.deepEqual(
      [...new Set(rows.slice(1).map((r) => r.split(',')[0]))],
      [path.basename(payments.dir), path.basename(search.dir)],
    );
    dashboard.dispose();
  });

  it('all folders together: a folder that cannot be read leaves no rows, the summary says why, the others show', async () => {
    const payments = await setUpWorkspace();
    const broken = await setUpWorkspace({ flowsCsv: 'flow,asset,owner,tier\nSearch,index,team-search,1\n' });
    fs.writeFileSync(path.join(broken.dir, 'campaigns.csv'), 'name,due\nQ3,someday\n');
    reset([payments.dir, broken.dir]);
    const c = ctx();
    answers.push({ label: 'All folders together', scope: 'all' });
    const dashboard = await openDashboard(c);
    const state = (await dashboard.send({ id: 1, type: 'ready', params: {} })) as {
      ok: boolean;
      result: DashboardState;
    };
    assert.equal(state.ok, true);
    assert.deepEqual([...new Set(state.result.rows.map((r) => r.folder))], [0], 'only the readable folder has rows');
    assert.match(
      state.result.summaryHtml,
      /<h2>Not read<\/h2><ul><li class="problem">[^<]*campaigns\.csv/,
      'the summary names the folder and why',
    );
    assert.match(state.result.summaryHtml, /<caption>Per workspace<\/caption>/);
    dashboard.dispose();
  });

  it('keeps unsaved answers: a dirty marker, a question before Cancel discards them, kept when the tab is closed, Undo after a save', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const key = 'checkout/web/monitoring-alerting';
    const folder = c.folders.all()[0]!;
    void AssessmentPanel.show(c, folder, key);
    const panel = await until('the panel', () => panels[0]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    const title = panel.title;
    const [first, second] = ready.result.levels.flatMap((l) => l.questions);
    const typed = { answers: { [first!]: true, [second!]: false }, notes: 'half done', evidenceUrl: '' };
    await panel.send({ id: 2, type: 'draft', params: { ...typed, dirty: true } });
    assert.equal(panel.title, `● ${title}`, 'the tab shows unsaved answers');

    answers.push(undefined); // the modal dismissed (its Cancel): keep editing
    const kept = (await panel.send({ id: 3, type: 'cancel', params: {} })) as { result: unknown };
    assert.deepEqual(kept.result, { closed: false, save: false });
    assert.match(
      recorded.warnings.at(-1) ?? '',
      /^Do you want to save the answers you gave for Monitoring & Alerting \(web\)\?/,
    );
    assert.deepEqual(recorded.warningButtons.at(-1), ['Save', "Don't Save"], 'Save first: the default (issue 28.5)');
    answers.push('Save');
    const saving = (await panel.send({ id: 4, type: 'cancel', params: {} })) as { result: unknown };
    assert.deepEqual(saving.result, { closed: false, save: true }, 'the page saves what it holds');
    assert.equal(panel.disposed, false);

    answers.push(undefined); // the "kept" notification left alone
    panel.dispose(); // the tab closed, as Close All Editors does: nothing can stop it, so the answers are kept
    await until('the kept notice', () => recorded.warnings.find((w) => w.includes('was closed with unsaved answers')));
    void AssessmentPanel.show(c, folder, key);
    const again = await until('the reopened panel', () => panels[1]);
    const restored = (await again.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.deepEqual(
      restored.result.draft && { answers: restored.result.draft.answers, notes: restored.result.draft.notes },
      {
        answers: typed.answers,
        notes: 'half done',
      },
    );
    assert.equal(again.title, `● ${title}`);
    assert.equal(ws.item(key)?.level, null, 'nothing was saved');

    const yes = Object.fromEntries(ready.result.levels.flatMap((l) => l.questions).map((q) => [q, true]));
    answers.push('Undo'); // the saved notification's action
    const saved = (await again.send({
      id: 2,
      type: 'save',
      params: { answers: yes, notes: '', evidenceUrl: '', fromEvidence: {} },
    })) as { ok: boolean };
    assert.equal(saved.ok, true);
    assert.equal(
      c.ext.workspaceState.get<Record<string, unknown>>('sreTracker.assessmentDrafts')?.[`${ws.dir}\n${key}`],
      undefined,
      'the kept answers are gone once saved',
    );
    assert.match(recorded.info.at(-1) ?? '', /^Saved Monitoring & Alerting of web: level 4, Green\.$/);

    const undo = await until('the Undo action', () =>
      recorded.executed.find(([id]) => id === 'sreTracker.undoLastAssessment'),
    );
    assert.deepEqual(undo.slice(1), [{ folder, key }]);
    await COMMANDS.undoLastAssessment.run(c)(...undo.slice(1)); // the double records commands instead of running them
    assert.equal((await Workspace.open(ws.dir, defaultSettings())).item(key)?.level, null, 'back to not assessed');
    assert.match(
      recorded.info.at(-1) ?? '',
      /^Undid the last assessment of checkout\/web\/monitoring-alerting: back to not assessed/,
    );
  });

  it('a hidden tab keeps its unsaved answers and dirty marker when shown again, and pushes wait for the reloaded page (issue 25)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const key = 'checkout/web/monitoring-alerting';
    void AssessmentPanel.show(c, c.folders.all()[0]!, key);
    const panel = await until('the panel', () => panels[0]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    const [first] = ready.result.levels.flatMap((l) => l.questions);
    await panel.send({
      id: 2,
      type: 'draft',
      params: { answers: { [first!]: true }, notes: 'typed', evidenceUrl: '', dirty: true },
    });
    const title = panel.title;
    assert.match(title, /^● /);
    panel.hide(); // another tab in front: the page is torn down
    panel.reveal(); // back: the page reloads and asks for its state again
    const shown = (await panel.send({ id: 3, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.deepEqual(shown.result.draft && { answers: shown.result.draft.answers, notes: shown.result.draft.notes }, {
      answers: { [first!]: true },
      notes: 'typed',
    });
    assert.equal(panel.title, title, 'still marked unsaved');
    assert.ok(
      c.ext.workspaceState.get<Record<string, unknown>>('sreTracker.assessmentDrafts')?.[`${ws.dir}\n${key}`],
      'the draft is stored as typed, so a window reload keeps it too',
    );
  });

  it('after a window reload, the dashboard and an assessment with unsaved answers come back as they were (issue 25)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const folder = c.folders.all()[0]!;
    const key = 'checkout/web/on-call';
    const dashboard = await openDashboard(c);
    const shown = (await dashboard.send({ id: 1, type: 'ready', params: {} })) as { result: DashboardState };
    assert.deepEqual(shown.result.restore, { folder: folder.uri.toString() });
    void AssessmentPanel.show(c, folder, key);
    const panel = await until('the assessment', () => panels[1]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.deepEqual(ready.result.restore, { folder: folder.uri.toString(), itemKey: key });
    const [first] = ready.result.levels.flatMap((l) => l.questions);
    await panel.send({
      id: 2,
      type: 'draft',
      params: { answers: { [first!]: true }, notes: 'n', evidenceUrl: '', dirty: true },
    });

    // The window reloads: the old panels go with the old extension host, VS Code hands the kept state to the serializers.
    answers.push(undefined); // the "closed with unsaved answers" notice
    panel.dispose();
    dashboard.dispose();
    const after = ctx();
    const uri = folder.uri.toString();
    const revivedDashboard = new PanelDouble('sreTracker.dashboard', 'SRE Maturity Dashboard');
    DashboardPanel.revive(after, revivedDashboard as never, { folder: uri });
    assert.match(revivedDashboard.html, /dashboard\.js/, 'the page is loaded into the restored panel');
    const rows = (await revivedDashboard.send({ id: 1, type: 'ready', params: {} })) as { result: DashboardState };
    assert.equal(rows.result.rows.length, 3);
    await after.ext.workspaceState.update(
      'sreTracker.assessmentDrafts',
      c.ext.workspaceState.get('sreTracker.assessmentDrafts'),
    );
    const revived = new PanelDouble('sreTracker.assessment', 'Assess');
    await AssessmentPanel.revive(after, revived as never, { folder: uri, itemKey: key });
    const restored = (await revived.send({ id: 1, type: 'ready', params: {} })) as { result: AssessmentState };
    assert.deepEqual(restored.result.draft?.answers, { [first!]: true }, 'the unsaved answers are back');
    assert.match(revived.title, /^● /);
    const gone = new PanelDouble('sreTracker.assessment', 'Assess');
    await AssessmentPanel.revive(after, gone as never, { folder: uri, itemKey: 'checkout/gone/on-call' });
    assert.equal(gone.disposed, true, 'an item that is gone closes its restored tab');
  });

  it('refuses a past review date for Not applicable, then says it is marked and offers Undo (issue 28.13)', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const folder = c.folders.all()[0]!;
    const key = 'checkout/web/on-call';
    const done = AssessmentPanel.show(c, folder, key);
    const panel = await until('the panel', () => panels[0]);
    await panel.send({ id: 1, type: 'ready', params: {} });
    const past = (await panel.send({
      id: 2,
      type: 'markNotApplicable',
      params: { reason: 'no pager here', until: '2020-01-01' },
    })) as { ok: boolean; error?: string };
    assert.equal(past.ok, false);
    assert.match(past.error ?? '', /review date 2020-01-01 is in the past/);
    assert.equal(panel.disposed, false, 'nothing lost: the form stays open');
    answers.push('Undo');
    await panel.send({ id: 3, type: 'markNotApplicable', params: { reason: 'no pager here', until: '2099-01-01' } });
    assert.equal(await done, 'saved');
    await until('the Undo offer taken', () => recorded.executed.find((e) => e[0] === 'sreTracker.clearNotApplicable'));
    assert.match(recorded.info.at(-1) ?? '', /^Marked On-call of web Not applicable until 2099-01-01\.$/);
    assert.deepEqual(recorded.executed.find((e) => e[0] === 'sreTracker.clearNotApplicable')?.[1], { folder, key });
  });

  it("Cancel with nothing typed closes at once; with unsaved answers it closes only on Don't Save", async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const folder = c.folders.all()[0]!;
    const clean = AssessmentPanel.show(c, folder, 'checkout/web/on-call');
    const panel = await until('the panel', () => panels[0]);
    await panel.send({ id: 1, type: 'ready', params: {} });
    const closed = (await panel.send({ id: 2, type: 'cancel', params: {} })) as { result: { closed: boolean } };
    assert.deepEqual(closed.result, { closed: true, save: false });
    assert.equal(await clean, 'cancelled');
    assert.equal(recorded.warnings.length, 0, 'nothing asked');
    const dirty = AssessmentPanel.show(c, folder, 'checkout/web/on-call');
    const second = await until('the second panel', () => panels[1]);
    await second.send({ id: 1, type: 'ready', params: {} });
    await second.send({ id: 2, type: 'draft', params: { answers: {}, notes: 'x', evidenceUrl: '', dirty: true } });
    answers.push("Don't Save");
    assert.deepEqual(((await second.send({ id: 3, type: 'cancel', params: {} })) as { result: unknown }).result, {
      closed: true,
      save: false,
    });
    assert.equal(await dirty, 'cancelled');
  });

  it('shows the repository evidence per question, opens only evidence files at their line, and records answers taken from it', async () => {
    const dir = tempDir();
    fs.cpSync(path.join(__dirname, '../fixtures/evidence-repo'), dir, { recursive: true });
    await setupWorkspace({ dir });
    reset([dir]);
    const c = ctx();
    const done = AssessmentPanel.show(c, c.folders.all()[0]!, 'checkout/payments-api/monitoring-alerting');
    const panel = await until('the panel', () => panels[0]);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    const health = ready.result.evidence.find((e) => e.question.startsWith("Is the asset's availability checked"));
    assert.deepEqual(
      health?.findings.map((f) => `${f.file}:${f.line}`),
      ['services/payments/k8s/deployment.yaml:26', 'services/payments/k8s/deployment.yaml:30'],
    );
    assert.equal(ready.result.evidence.length, 4, 'health probes, alerts, runbook links, burn-rate alerts');
    const open = (await panel.send({
      id: 2,
      type: 'openEvidence',
      params: { file: 'services/payments/k8s/deployment.yaml', line: 26 },
    })) as { ok: boolean };
    assert.equal(open.ok, true);
    assert.deepEqual(recorded.shown, [`${path.join(dir, 'services/payments/k8s/deployment.yaml')}:26`]);
    const refused = (await panel.send({
      id: 3,
      type: 'openEvidence',
      params: { file: '../../etc/passwd', line: 1 },
    })) as { ok: boolean; error: string };
    assert.equal(refused.ok, false);
    assert.match(refused.error, /is not evidence for this item/);
    const answers = Object.fromEntries(
      ready.result.levels.flatMap((l) => l.questions).map((q) => [q, q === health?.question]),
    );
    const saved = (await panel.send({
      id: 4,
      type: 'save',
      params: { answers, notes: '', evidenceUrl: '', fromEvidence: { [health?.question ?? '']: true } },
    })) as {
      ok: boolean;
      result: { level: number };
    };
    assert.equal(saved.result.level, 1);
    await done;
    const history = readHistory(
      (await Workspace.open(dir, defaultSettings())).store.read((db) => db),
      'checkout/payments-api/monitoring-alerting',
    );
    assert.match(
      history[0]?.detail ?? '',
      /^yes from repository evidence: Is the asset's availability .* \(services\/payments\/k8s\/deployment\.yaml:26, services\/payments\/k8s\/deployment\.yaml:30\)$/,
    );
  });

  it('keeps working when the stores are reopened (Refresh, a settings change, Set Up Workspace) while panels are open', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = ctx();
    const dashboard = await openDashboard(c);
    const mon = (
      await c.tree.getChildren((await c.tree.getChildren((await c.tree.getChildren())[0]))[0])
    )[0] as TreeNode;
    const done = COMMANDS.assessCapability.run(c)(mon) as Promise<void>;
    const panel = await until('the assessment panel', () => panels[1]);
    c.folders.reset(); // closes every store, as Refresh and a settings change do
    assert.doesNotThrow(() => DashboardPanel.refresh(), 'a UI refresh never fails a command');
    const state = (await dashboard.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; error?: string };
    assert.equal(state.ok, true, state.error);
    const ready = (await panel.send({ id: 1, type: 'ready', params: {} })) as { ok: boolean; result: AssessmentState };
    const answers = Object.fromEntries(ready.result.levels.flatMap((l) => l.questions).map((q) => [q, true]));
    const saved = (await panel.send({
      id: 2,
      type: 'save',
      params: { answers, notes: '', evidenceUrl: '', fromEvidence: {} },
    })) as {
      ok: boolean;
      error?: string;
    };
    assert.equal(saved.ok, true, saved.error);
    await done;
    assert.equal(
      (await c.folders.workspace(c.folders.all()[0]!))
        ?.items()
        .find((i) => i.key === 'checkout/web/monitoring-alerting')?.level,
      4,
    );
  });
});
