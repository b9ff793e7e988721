/** "Create Story" / "Create Issue": one work item per item, found before it is made, linked in the same transaction as its history row. */
import { isExempt } from '../../shared/status';
import { type ItemView, type WorkLink } from '../domain/items';
import { campaignsOf } from '../domain/todo-list';
import { StoryTexts } from '../domain/work-template';
import { SreError } from '../errors';
import { linkOf, type NewWork, type WorkTracker } from '../integrations/work-tracker';
import { appendHistory, saveLink } from '../storage/catalog';
import { type DataStore, type ItemSource, type TemplateSource } from './ports';

export interface CreatedWork {
  link: WorkLink;
  /** False when the item was already linked, or a work item with its key already existed (e.g. imported from CSV). */
  created: boolean;
}

/** The work item that would be made for `item`: its title within the tracker's limit, description and labels. */
export function draftWork(ws: ItemSource & TemplateSource, item: ItemView, titleLimit: number): NewWork {
  const campaigns = campaignsOf(item, ws.campaigns());
  const texts = new StoryTexts(ws.templates());
  return {
    key: item.key,
    title: texts.name(item, campaigns, titleLimit),
    descriptionHtml: texts.description(item, campaigns),
    extraLabels: campaigns.map((c) => c.name),
  };
}

export async function createWorkForItem(
  ws: ItemSource & TemplateSource & DataStore,
  tracker: WorkTracker,
  itemKey: string,
  by: string,
  now = new Date(),
): Promise<CreatedWork> {
  // Held from the look-up to the link, across processes: two create-work at once for one item (a CI job and the
  // assistant, two matrix jobs) make one work item; the second finds the first's link when its turn comes.
  return ws.store.claim(
    `work-${itemKey}`,
    `the work item of ${itemKey} is being created`,
    () => createUnderClaim(ws, tracker, itemKey, by, now),
    CLAIM_TIMEOUT_MS,
  );
}

/** Longer than a create can take with every retry at the longest timeout; a dead holder's claim is taken over. */
const CLAIM_TIMEOUT_MS = 5 * 60_000;

async function createUnderClaim(
  ws: ItemSource & TemplateSource & DataStore,
  tracker: WorkTracker,
  itemKey: string,
  by: string,
  now: Date,
): Promise<CreatedWork> {
  const item = ws.item(itemKey, now);
  if (!item) throw new SreError(`no item "${itemKey}": run setup to add it`, 'input');
  if (isExempt(item.status)) throw new SreError(`${itemKey} is marked Not applicable: clear that first`, 'input');
  if (item.link?.tracker === tracker.kind) return { link: item.link, created: false };
  const result = await tracker.create(draftWork(ws, item, tracker.titleLimit));
  const link = linkOf(tracker.kind, result.item);
  const at = now.toISOString();
  ws.store.write((db) => {
    saveLink(db, item.key, link);
    appendHistory(db, {
      itemKey: item.key,
      at,
      by,
      kind: 'work-link',
      detail: `${result.created ? 'created' : 'linked existing'} ${link.displayId}`,
    });
  });
  return { link, created: result.created };
}
