/** Plans a sync from Rally's stories and our items: links learnt, stories adopted, states changed, remediation done; applied in one transaction. */
import { appendHistory, type HistoryKind } from '../catalog';
import { type RallyStory } from '../rally/rally-client';
import { storyMatches, type TagMatch } from '../rally/rally-query';
import { keysInName } from '../rally/story-keys';
import { DONE_STATES } from '../reports/report-data';
import { type Db } from '../store';
import { type ItemView } from '../workspace';
import { isExempt } from '../../shared/status';

export interface SyncChange {
  itemKey: string;
  /** `adopt`: a story found by its name gets the configured parent and tags in Rally (the only change sync writes there). */
  kind: 'link' | 'adopt' | 'state' | 'done';
  story: RallyStory;
  /** The stored Rally id or state before the change. */
  before: string | null;
}

export interface SyncPlan {
  changes: SyncChange[];
  /** Stories found that no item claims (no key, or a key no item has): listed, never touched. */
  unknown: RallyStory[];
  /** Items linked to a story that the query no longer returns (deleted, moved, or untagged in Rally). */
  missing: { itemKey: string; formattedId: string }[];
  /** Items matched to a story, changed or not. */
  matched: number;
}

export function isDoneState(state: string | null): boolean {
  return state !== null && DONE_STATES.includes(state);
}

/** Where linked stories belong: a story linked by its name alone is adopted into it. */
export interface PlanScope {
  parentId: string;
  tags: readonly string[];
  tagMatch: TagMatch;
}

export function planSync(items: readonly ItemView[], stories: readonly RallyStory[], scope: PlanScope): SyncPlan {
  const byObjectId = new Map(stories.map((s) => [s.objectId, s]));
  const byFormattedId = new Map(stories.map((s) => [s.formattedId, s]));
  const sorted = [...stories].sort((a, b) => a.objectId - b.objectId);
  const byKey = new Map<string, RallyStory[]>();
  for (const s of sorted) for (const k of keysInName(s.name)) byKey.set(k, [...(byKey.get(k) ?? []), s]);
  const claimed = new Set<number>();
  const changes: SyncChange[] = [];
  const missing: SyncPlan['missing'] = [];
  for (const item of items) {
    const linked =
      item.rallyObjectId !== null ? byObjectId.get(item.rallyObjectId) : item.rallyFormattedId ? byFormattedId.get(item.rallyFormattedId) : undefined;
    if (item.rallyFormattedId && !linked) {
      missing.push({ itemKey: item.key, formattedId: item.rallyFormattedId });
      continue;
    }
    // Stories imported from rally_import.csv by hand carry the key in their name: the oldest one wins.
    const story = linked ?? byKey.get(item.key)?.find((s) => !claimed.has(s.objectId));
    if (!story) continue;
    claimed.add(story.objectId);
    if (!linked) {
      changes.push({ itemKey: item.key, kind: 'link', story, before: null });
      if (!storyMatches(story, scope.parentId, scope.tags, scope.tagMatch)) changes.push({ itemKey: item.key, kind: 'adopt', story, before: story.parentId });
    } else if (
      item.rallyState !== story.scheduleState ||
      item.rallyObjectId === null ||
      (story.projectId !== null && item.rallyProjectId !== story.projectId)
    ) {
      changes.push({ itemKey: item.key, kind: 'state', story, before: item.rallyState });
    }
    // Done once, when the story reaches a done state: a later re-assessment is not undone by the next sync.
    const newlyDone = isDoneState(story.scheduleState) && (!linked || !isDoneState(item.rallyState));
    if (newlyDone && item.remediationDoneAt === null && !isExempt(item.status))
      changes.push({ itemKey: item.key, kind: 'done', story, before: item.rallyState });
  }
  return { changes, unknown: sorted.filter((s) => !claimed.has(s.objectId)), missing, matched: claimed.size };
}

const HISTORY_KIND: Record<SyncChange['kind'], HistoryKind> = { link: 'rally-link', adopt: 'rally-link', state: 'rally-state', done: 'remediation-done' };

export function applyPlan(db: Db, plan: SyncPlan, at: Date, by: string): void {
  const when = at.toISOString();
  for (const c of plan.changes) {
    if (c.kind === 'done') db.run('UPDATE items SET remediation_done_at = ?, updated_at = ? WHERE key = ?', [when, when, c.itemKey]);
    else if (c.kind !== 'adopt') linkItem(db, c.itemKey, c.story, when);
    appendHistory(db, { itemKey: c.itemKey, at: when, by, kind: HISTORY_KIND[c.kind], detail: describeChange(c) });
  }
}

/** Records the item's story: its ids, state and project. */
export function linkItem(db: Db, itemKey: string, story: RallyStory, when: string): void {
  db.run('UPDATE items SET rally_formatted_id = ?, rally_object_id = ?, rally_state = ?, rally_project_id = ?, updated_at = ? WHERE key = ?', [
    story.formattedId,
    story.objectId,
    story.scheduleState,
    story.projectId,
    when,
    itemKey,
  ]);
}

export function describeChange(c: SyncChange): string {
  switch (c.kind) {
    case 'link':
      return `linked to ${c.story.formattedId} (${c.story.scheduleState})`;
    case 'adopt':
      return `${c.story.formattedId} was found by its name ${c.before ? `under ${c.before}` : 'with no parent'}: adopted (parent and tags set in Rally)`;
    case 'state':
      return c.before === c.story.scheduleState
        ? `${c.story.formattedId}: link details updated`
        : `${c.story.formattedId}: ${c.before ?? 'unknown'} → ${c.story.scheduleState}`;
    default:
      return `${c.story.formattedId} is ${c.story.scheduleState}: remediation done, awaiting re-assessment`;
  }
}
