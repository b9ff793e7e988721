/** Sync: read Rally's stories, plan and apply the changes to the database, then update the To-Do page in Confluence. */
import { type ConfluenceClient, type ConfluencePage } from '../confluence/confluence-client';
import { type SpliceResult, spliceTodo } from '../confluence/page-table';
import { SettingError, SreError } from '../errors';
import { HttpError } from '../http';
import { type RallyClient } from '../rally/rally-client';
import {
  campaignsTable,
  CAMPAIGNS_HEADER,
  CAMPAIGNS_HEADING,
  exemptionsTable,
  EXEMPTIONS_HEADER,
  EXEMPTIONS_HEADING,
  summaryParagraph,
  todoSection,
  todoTable,
} from '../reports/confluence-storage';
import { reportData, type ReportData } from '../reports/report-data';
import { keyMarker, loadTemplates } from '../reports/story-template';
import { PARENT_HINT } from '../rally/rally-query';
import { type Workspace } from '../workspace';
import { applyPlan, planSync, type SyncPlan } from './sync-plan';

export interface SyncOptions {
  /** Undefined: skip Rally (--no-rally). */
  rally: RallyClient | undefined;
  /** Undefined: skip Confluence (--no-confluence). */
  confluence: { client: ConfluenceClient; pageId: string } | undefined;
  dryRun: boolean;
  by: string;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  conflictRetries?: number;
}

export interface PageOutcome {
  pageId: string;
  changed: boolean;
  appended: boolean;
  /** The version written, when one was. */
  version: number | undefined;
  /** Rows in the To-Do table written (or that would be). */
  rows: number;
}

export interface SyncResult {
  dryRun: boolean;
  stories: number;
  plan: SyncPlan | undefined;
  page: PageOutcome | undefined;
  /** Nothing in the database or on the page changed (or would). */
  unchanged: boolean;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SreError('sync was cancelled before anything was written', 'runtime');
}

function pageBody(page: ConfluencePage, data: ReportData, title: string): SpliceResult {
  return spliceTodo(page.body, {
    title,
    summary: summaryParagraph(data),
    todo: todoTable(data),
    campaignsHeading: CAMPAIGNS_HEADING,
    campaigns: campaignsTable(data),
    campaignsHeader: CAMPAIGNS_HEADER,
    exemptionsHeading: EXEMPTIONS_HEADING,
    exemptions: exemptionsTable(data),
    exemptionsHeader: EXEMPTIONS_HEADER,
    section: todoSection(data, title),
  });
}

export async function sync(ws: Workspace, options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => undefined);
  const title = ws.settings.confluence.title;
  let plan: SyncPlan | undefined;
  let stories = 0;
  if (options.rally) {
    const parentId = ws.settings.rally.parentId;
    if (!parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
    const { tags, tagMatch } = ws.settings.rally;
    const scope = { parentId, tags, tagMatch, keyMarker: keyMarker(loadTemplates(ws.settings.storyNameTemplate, ws.file('storyTemplate')).name) };
    progress(
      `Reading stories under ${parentId} tagged ${tags.join(tagMatch === 'any' ? ' or ' : ' and ') || '(any tag)'}, and stories named "${scope.keyMarker}…"…`,
    );
    const found = await options.rally.fetchLinkable(scope);
    stories = found.length;
    plan = planSync(ws.items(now), found, scope);
    progress(
      `Read ${stories} stories: ${plan.matched} linked to items, ${plan.changes.length} change(s), ${plan.unknown.length} unknown, ${plan.missing.length} missing`,
    );
  }
  const planned = plan;
  const dataAfterPlan = (): ReportData =>
    planned ? ws.store.preview((db) => (applyPlan(db, planned, now, options.by), reportData(ws, now))) : reportData(ws, now);

  let page: ConfluencePage | undefined;
  if (options.confluence) {
    progress(`Reading Confluence page ${options.confluence.pageId}…`);
    page = await options.confluence.client.getPage(options.confluence.pageId);
  }

  if (options.dryRun) {
    let outcome: PageOutcome | undefined;
    if (page && options.confluence) {
      const data = dataAfterPlan();
      const next = pageBody(page, data, title);
      outcome = { pageId: page.id, changed: !next.unchanged, appended: next.appended, version: undefined, rows: data.todo.length };
    }
    return { dryRun: true, stories, plan, page: outcome, unchanged: (plan?.changes.length ?? 0) === 0 && !outcome?.changed };
  }

  checkCancelled(options.signal);
  const adoptions = plan?.changes.filter((c) => c.kind === 'adopt') ?? [];
  if (options.rally && adoptions.length > 0) {
    const { parentId, tags } = ws.settings.rally;
    for (const [i, c] of adoptions.entries()) {
      checkCancelled(options.signal);
      progress(`Adopting ${c.story.formattedId} (${i + 1} of ${adoptions.length}) under ${parentId}…`);
      await options.rally.adoptStory(c.story, { parentId, tags });
    }
  }
  if (plan && plan.changes.length > 0) {
    progress(`Saving ${plan.changes.length} change(s) to ${ws.file('db')}…`);
    ws.store.write((db) => applyPlan(db, planned as SyncPlan, now, options.by));
  }
  let outcome: PageOutcome | undefined;
  if (page && options.confluence) {
    outcome = await updatePage(ws, options.confluence.client, page, title, now, options.conflictRetries ?? 3, progress);
  }
  return { dryRun: false, stories, plan, page: outcome, unchanged: (plan?.changes.length ?? 0) === 0 && !outcome?.changed };
}

/**
 * Someone saved the page between our read and our write. Data Center answers 409; Cloud's v2 OpenAPI documents
 * only 200/400/401/404 for PUT /pages/{id}, so a 400 whose message names the version means the same.
 */
function staleVersion(e: unknown): boolean {
  if (!(e instanceof HttpError)) return false;
  return e.status === 409 || (e.status === 400 && /version/i.test(e.message));
}

/** Splices the tables into the page and saves it; on 409 (someone saved first) reads it again and retries. */
async function updatePage(
  ws: Workspace,
  client: ConfluenceClient,
  first: ConfluencePage,
  title: string,
  now: Date,
  retries: number,
  progress: (m: string) => void,
): Promise<PageOutcome> {
  const data = reportData(ws, now);
  let page = first;
  for (let attempt = 0; ; attempt++) {
    const next = pageBody(page, data, title);
    if (next.unchanged) {
      progress(`Page ${page.id} is already up to date`);
      return { pageId: page.id, changed: false, appended: next.appended, version: undefined, rows: data.todo.length };
    }
    try {
      progress(`Writing the To-Do table (${data.todo.length} rows) to page ${page.id}…`);
      const version = await client.updatePage(page, next.body, `SRE Maturity Tracker: ${data.todo.length} to-do items`);
      return { pageId: page.id, changed: true, appended: next.appended, version, rows: data.todo.length };
    } catch (e) {
      if (!staleVersion(e) || attempt >= retries) throw e;
      progress(`Page ${page.id} was saved by someone else meanwhile: reading it again`);
      page = await client.getPage(page.id);
    }
  }
}
