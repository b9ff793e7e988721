/**
 * Carries out one action of the tracker loop (loop-plan.ts): the post first, unless one with its marker is on the
 * work item already (an earlier sync whose answer was lost), then the reopen, the follow-up or the due date; the
 * link and a history row after each, so a sync stopped halfway starts where it stopped.
 */
import { escapeXml } from '../../domain/html-escape';
import { type WorkLink } from '../../domain/items';
import { linkOf, postOnce, type WorkItem, type WorkTracker } from '../../integrations/work-tracker';
import { appendHistory, saveLink } from '../../storage/catalog';
import { createWorkForItem, draftWork } from '../create-work';
import { type DataStore, type ItemSource, type TemplateSource } from '../ports';
import { type LoopAction } from './loop-plan';

type LoopSources = ItemSource & TemplateSource & DataStore;

export async function applyLoopAction(
  ws: LoopSources,
  tracker: WorkTracker,
  action: LoopAction,
  by: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const record = (kind: 'work-loop' | 'work-due-date', detail: string, link?: WorkLink) =>
    ws.store.write((db) => {
      if (link) saveLink(db, action.itemKey, link);
      appendHistory(db, { itemKey: action.itemKey, at, by, kind, detail });
    });
  switch (action.kind) {
    case 'create': {
      const { link } = await createWorkForItem(ws, tracker, action.itemKey, by, now);
      record('work-loop', `${action.reason}: ${link.displayId}`);
      return;
    }
    case 'due-date':
      await tracker.setDueDate(action.work, action.due);
      record('work-due-date', action.reason);
      return;
    default: {
      let current: WorkItem = action.work;
      if (action.kind === 'reopen') current = await tracker.reopen(action.work, action.post);
      else await postOnce(tracker, action.work, action.post);
      if (action.kind === 'follow-up') current = await followUp(ws, tracker, action.itemKey, action.work);
      record('work-loop', `${action.post.marker} ${action.reason}`, linkOf(tracker.kind, current));
    }
  }
}

/** A new work item for the item, made beside the done one it follows up (whose key it carries too). */
async function followUp(
  ws: ItemSource & TemplateSource,
  tracker: WorkTracker,
  itemKey: string,
  done: WorkItem,
): Promise<WorkItem> {
  const item = ws.item(itemKey);
  if (!item) throw new Error(`no item ${itemKey}`);
  const work = draftWork(ws, item, tracker.titleLimit);
  const of = `<p>Follow-up of ${escapeXml(done.displayId)}${done.url ? ` (${escapeXml(done.url)})` : ''}: done, and the item is still short of its target.</p>`;
  return (await tracker.create({ ...work, descriptionHtml: of + work.descriptionHtml, followUpOf: done.id })).item;
}
