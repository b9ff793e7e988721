/** The work items the configured tracker would get, written as create-work writes them, and nothing created. */
import { type ItemView } from '../../domain/items';
import { loopPostLines } from '../../domain/loop-post';
import { itemsNeedingWork } from '../../domain/todo-list';
import { trackerAdapter } from '../../integrations/registry';
import { draftWork } from '../create-work';
import { type ItemSource, type SettingsSource, type TemplateSource } from '../ports';

/**
 * Drafts for `items`: named ones as asked; otherwise only those that need work (Red, with nothing linked), since
 * "draft the stories for the gaps" means those.
 */
export function workDrafts(
  ws: ItemSource & TemplateSource & SettingsSource,
  items: readonly ItemView[],
  named: boolean,
) {
  const adapter = trackerAdapter(ws.settings.tracker);
  const chosen = named ? items : itemsNeedingWork(items);
  return {
    tracker: adapter.name,
    workName: adapter.workName,
    drafts: chosen.map((item) => {
      const work = draftWork(ws, item, adapter.titleLimit);
      return {
        key: item.key,
        title: work.title,
        descriptionHtml: work.descriptionHtml,
        labels: work.extraLabels,
        alreadyLinked: item.link ? item.link.displayId : null,
        // What sync would post on a done work item the item is still short of its target after (issue 39).
        loopComment:
          item.link?.done && item.target !== undefined && (item.level ?? 0) < item.target
            ? loopPostLines(item, { displayId: item.link.displayId, state: item.link.state ?? 'done' }, undefined).join(
                '\n',
              )
            : null,
      };
    }),
  };
}
