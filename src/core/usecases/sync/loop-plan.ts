/**
 * The tracker loop that verifies (issue 39): the assessment closes the gap, not the work item. A done work item
 * whose item a person re-assessed after it was done, still below target, is reopened (or followed up, or commented
 * on); an item that falls below its target after being at it reopens its done work item or gets a new one; a
 * campaign's deadline becomes the work item's due date. Keyed by the item key, planned before anything is written.
 */
import { openQuestionsOfNextLevel } from '../../../shared/maturity';
import { isExempt } from '../../../shared/status';
import { type Campaign, inScope } from '../../domain/campaigns';
import { answersOf, type ItemView } from '../../domain/items';
import { loopMarker, loopPostHtml, loopPostLines, type PreviousLevel } from '../../domain/loop-post';
import { type LevelChange } from '../../domain/trends';
import { type WorkItem, type WorkPost } from '../../integrations/work-tracker';
import { type StillShort } from '../../settings';

export type LoopAction =
  | { kind: 'reopen' | 'comment' | 'follow-up'; itemKey: string; work: WorkItem; post: WorkPost; reason: string }
  /** A regression of an item with no work item: one is made. */
  | { kind: 'create'; itemKey: string; work: null; post: null; reason: string }
  | { kind: 'due-date'; itemKey: string; work: WorkItem; due: string; reason: string };

export interface LoopInput {
  items: readonly ItemView[];
  /** The tracker's work items by id, as read this sync. */
  work: ReadonlyMap<string, WorkItem>;
  /** Every recorded level change, oldest first: the level an item had before its latest assessment. */
  levels: readonly LevelChange[];
  /** Markers of posts the loop already made (history): never planned twice. */
  done: ReadonlySet<string>;
  campaigns: readonly Campaign[];
  stillShort: StillShort;
  /** Of an item's open questions, those whose evidence the repository does not show, said for people. */
  missingEvidence: (item: ItemView, open: readonly string[]) => string[];
  /** Whether the tracker keeps due dates. */
  dueDates: boolean;
  workName: string;
}

const below = (i: ItemView) => i.target !== undefined && i.level !== null && i.level < i.target && !isExempt(i.status);

/** The level before the latest assessment, by item key. */
function previousLevels(levels: readonly LevelChange[]): Map<string, PreviousLevel> {
  const last = new Map<string, LevelChange>();
  const before = new Map<string, PreviousLevel>();
  for (const c of levels) {
    const latest = last.get(c.itemKey);
    if (latest) before.set(c.itemKey, { level: latest.level, at: latest.at });
    last.set(c.itemKey, c);
  }
  return before;
}

/** The earliest deadline of the campaigns whose scope holds the item and whose target it has not reached. */
function deadline(item: ItemView, campaigns: readonly Campaign[]): string | null {
  const due = campaigns
    .filter((c) => inScope(c, item) && (item.level ?? 0) < c.targetLevel)
    .map((c) => c.due)
    .sort();
  return due[0] ?? null;
}

export function planLoop(input: LoopInput): LoopAction[] {
  const previous = previousLevels(input.levels);
  const actions: LoopAction[] = [];
  for (const item of input.items) {
    const work = item.link ? input.work.get(item.link.id) : undefined;
    const before = previous.get(item.key);
    const regressed = before !== undefined && item.target !== undefined && before.level >= item.target;
    if (below(item) && item.assessedAt && !input.done.has(loopMarker(item))) {
      // Only a re-assessment made after the work was done says the work did not close the gap.
      if (work?.done && work.doneAt && item.assessedAt > work.doneAt) {
        const open = openQuestionsOfNextLevel(item.capability, item.level ?? 0, answersOf(item));
        const lines = loopPostLines(item, work, before, input.missingEvidence(item, open));
        const post = { marker: loopMarker(item), html: loopPostHtml(lines) };
        const what = input.stillShort;
        actions.push({
          kind: what,
          itemKey: item.key,
          work,
          post,
          reason: `${what === 'reopen' ? 'reopen' : what === 'follow-up' ? 'follow up' : 'comment on'} ${work.displayId}: ${regressed ? `regressed from L${before.level} to` : 're-assessed at'} L${item.level ?? 0}, target L${item.target ?? '?'}`,
        });
      } else if (!item.link && regressed) {
        actions.push({
          kind: 'create',
          itemKey: item.key,
          work: null,
          post: null,
          reason: `new ${input.workName} for ${item.key}: regressed from L${before.level} to L${item.level ?? 0} (${item.assessedBy ?? '?'}, ${item.assessedAt.slice(0, 10)}), target L${item.target ?? '?'}`,
        });
      }
    }
    // Set or moved with the campaign; a date nobody's campaign gives is left as someone set it.
    const due = input.dueDates && work && !work.done ? deadline(item, input.campaigns) : null;
    if (work && due && due !== work.dueDate)
      actions.push({
        kind: 'due-date',
        itemKey: item.key,
        work,
        due,
        reason: `due date of ${work.displayId}: ${work.dueDate ?? 'none'} → ${due} (campaign deadline)`,
      });
  }
  return actions;
}
