/** "Create Rally Story": one story per item, found before it is made, linked in the same transaction as its history row. */
import { appendHistory } from '../catalog';
import { SettingError, SreError } from '../errors';
import { campaignsOf } from '../reports/report-data';
import { loadTemplates, storyDescription, storyName } from '../reports/story-template';
import { type Workspace } from '../workspace';
import { linkItem } from '../sync/sync-plan';
import { PARENT_HINT } from './rally-query';
import { type RallyClient, type RallyStory } from './rally-client';
import { isExempt } from '../../shared/status';

export interface CreatedStory {
  story: RallyStory;
  /** False when the item was already linked, or a story with its key already existed (e.g. imported from CSV). */
  created: boolean;
}

export async function createStoryForItem(ws: Workspace, rally: RallyClient, itemKey: string, by: string, now = new Date()): Promise<CreatedStory> {
  const item = ws.items(now).find((i) => i.key === itemKey);
  if (!item) throw new SreError(`no item "${itemKey}": run setup to add it`, 'input');
  if (isExempt(item.status)) throw new SreError(`${itemKey} is marked Not applicable: clear that first`, 'input');
  if (item.rallyFormattedId && item.rallyObjectId !== null) {
    const story = {
      objectId: item.rallyObjectId,
      formattedId: item.rallyFormattedId,
      name: '',
      scheduleState: item.rallyState ?? '',
      projectId: item.rallyProjectId,
      parentId: null,
      tags: [],
    };
    return { story, created: false };
  }
  const { parentId, tags } = ws.settings.rally;
  if (!parentId) throw new SettingError('Rally parent is not set', 'rally.parentId', PARENT_HINT);
  const campaigns = campaignsOf(item, ws.campaigns());
  const templates = loadTemplates(ws.settings.storyNameTemplate, ws.file('storyTemplate'));
  const result = await rally.createStory(item.key, {
    name: storyName(templates.name, item, campaigns),
    description: storyDescription(templates.description, item, campaigns),
    parentId,
    tags: [...tags, ...campaigns.map((c) => c.name)],
  });
  const at = now.toISOString();
  ws.store.write((db) => {
    linkItem(db, item.key, result.story, at);
    appendHistory(db, {
      itemKey: item.key,
      at,
      by,
      kind: 'rally-link',
      detail: `${result.created ? 'created' : 'linked existing'} ${result.story.formattedId}`,
    });
  });
  return result;
}
