/** Sync: read the tracker's work items, plan and apply the changes to the database, then update the To-Do page. */
import { type ReportData } from '../../domain/todo-list';
import { keyMarker } from '../../domain/work-template';
import { CancelledError } from '../../errors';
import { type Page, type PageTarget, StalePageError } from '../../integrations/page-target';
import { trackerName, trackerWorkName } from '../../integrations/registry';
import { type WorkTracker } from '../../integrations/work-tracker';
import { readLevelChanges, readLoopMarkers } from '../../storage/catalog';
import { type DataFiles, type DataStore, type ItemSource, type SettingsSource, type TemplateSource } from '../ports';
import { reportData } from '../reports/report-data';
import { applyLoopAction } from './loop-apply';
import { type LoopAction, planLoop } from './loop-plan';
import { applyPlan, planSync, type SyncPlan } from './sync-plan';

/** What sync reads and writes of a data folder. */
type SyncSources = ItemSource & TemplateSource & DataStore & DataFiles & SettingsSource;

export interface SyncOptions {
  /** Undefined: skip the tracker (--no-tracker). */
  tracker: WorkTracker | undefined;
  /** Undefined: skip the page. */
  page: PageTarget | undefined;
  dryRun: boolean;
  by: string;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  conflictRetries?: number;
}

export interface PageOutcome {
  pageId: string;
  /** What messages call the page (its target's label). */
  label: string;
  changed: boolean;
  appended: boolean;
  /** The version written, when one was. */
  version: number | undefined;
  /** Rows in the To-Do table written (or that would be). */
  rows: number;
}

export interface SyncResult {
  dryRun: boolean;
  /** Work items read from the tracker. */
  stories: number;
  plan: SyncPlan | undefined;
  /** What the loop does (or would do) in the tracker: reopen, follow up, comment, create, due dates. */
  loop: LoopAction[];
  page: PageOutcome | undefined;
  /** Nothing in the database, the tracker or on the page changed (or would). */
  unchanged: boolean;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('sync was cancelled before anything was written');
}

export async function sync(ws: SyncSources, options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => undefined);
  let plan: SyncPlan | undefined;
  let loop: LoopAction[] = [];
  let stories = 0;
  const tracker = options.tracker;
  if (tracker) {
    const marker = keyMarker(ws.templates().name);
    progress(`Reading the SRE work items in ${trackerName(tracker.kind)}…`);
    const found = await tracker.findLinkable(marker);
    stories = found.length;
    const items = ws.items(now);
    plan = planSync(tracker.kind, items, found);
    // The evidence scan (and its formats) loads only when a tracker is synced: what evidence a comment names.
    const { missingEvidence } = await import('../evidence/workspace-evidence');
    loop = planLoop({
      items,
      work: new Map(found.map((w) => [w.id, w])),
      ...ws.store.read((db) => ({ levels: readLevelChanges(db), done: readLoopMarkers(db) })),
      campaigns: ws.campaigns(),
      stillShort: ws.settings.stillShort,
      missingEvidence: (item, open) => missingEvidence(ws, item, open),
      dueDates: tracker.dueDates,
      workName: trackerWorkName(tracker.kind),
    });
    progress(
      `Read ${stories} work items: ${plan.matched} linked to items, ${plan.changes.length} change(s), ${plan.unknown.length} unknown, ${plan.missing.length} missing`,
    );
  }
  const planned = plan;
  const dataAfterPlan = (): ReportData =>
    planned
      ? ws.store.preview((db) => (applyPlan(db, planned, now, options.by), reportData(ws, now)))
      : reportData(ws, now);

  let page: Page | undefined;
  if (options.page) {
    progress(`Reading page ${options.page.id}…`);
    page = await options.page.read();
  }

  if (options.dryRun) {
    let outcome: PageOutcome | undefined;
    if (page && options.page) {
      const data = dataAfterPlan();
      const next = options.page.withTodo(page, data);
      outcome = {
        pageId: page.id,
        label: options.page.label,
        changed: !next.unchanged,
        appended: next.appended,
        version: undefined,
        rows: data.todo.length,
      };
    }
    return {
      dryRun: true,
      stories,
      plan,
      loop,
      page: outcome,
      unchanged: (plan?.changes.length ?? 0) === 0 && loop.length === 0 && !outcome?.changed,
    };
  }

  checkCancelled(options.signal);
  const adoptions = plan?.changes.filter((c) => c.kind === 'adopt') ?? [];
  for (const [i, c] of adoptions.entries()) {
    checkCancelled(options.signal);
    progress(`Adopting ${c.work.displayId} (${i + 1} of ${adoptions.length})…`);
    await tracker?.adopt(c.work);
  }
  if (plan && plan.changes.length > 0) {
    progress(`Saving ${plan.changes.length} change(s) to ${ws.file('db')}…`);
    ws.store.write((db) => applyPlan(db, planned as SyncPlan, now, options.by));
  }
  for (const [i, action] of loop.entries()) {
    checkCancelled(options.signal);
    progress(`${action.reason} (${i + 1} of ${loop.length})…`);
    if (tracker) await applyLoopAction(ws, tracker, action, options.by, now);
  }
  let outcome: PageOutcome | undefined;
  if (page && options.page) {
    outcome = await updatePage(ws, options.page, page, now, options.conflictRetries ?? 3, progress);
  }
  return {
    dryRun: false,
    stories,
    plan,
    loop,
    page: outcome,
    unchanged: (plan?.changes.length ?? 0) === 0 && loop.length === 0 && !outcome?.changed,
  };
}

/** Splices the tables into the page and saves it; when someone saved first, reads it again and retries. */
async function updatePage(
  ws: SyncSources,
  target: PageTarget,
  first: Page,
  now: Date,
  retries: number,
  progress: (m: string) => void,
): Promise<PageOutcome> {
  const data = reportData(ws, now);
  let page = first;
  for (let attempt = 0; ; attempt++) {
    const next = target.withTodo(page, data);
    const done = { pageId: page.id, label: target.label, appended: next.appended, rows: data.todo.length };
    if (next.unchanged) {
      progress(`Page ${page.id} is already up to date`);
      return { ...done, changed: false, version: undefined };
    }
    try {
      progress(`Writing the To-Do table (${data.todo.length} rows) to page ${page.id}…`);
      const version = await target.write(page, next.body, `SRE Maturity Tracker: ${data.todo.length} to-do items`);
      return { ...done, changed: true, version };
    } catch (e) {
      if (!(e instanceof StalePageError) || attempt >= retries) throw e;
      progress(`Page ${page.id} was saved by someone else meanwhile: reading it again`);
      page = await target.read();
    }
  }
}
