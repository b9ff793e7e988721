/**
 * The work-tracker port: what sync, Create Story/Issue and the reports need from Rally, Jira or any tracker. An
 * adapter finds work items by the item key in their titles, creates one per item, adopts one found by its title
 * into the configured place, and says whether each is done.
 */
import { type TrackerKind, type WorkLink } from '../domain/items';

/** A work item as the tracker has it now. */
export interface WorkItem {
  /** The tracker's stable id (Rally ObjectID, Jira issue id). */
  id: string;
  /** What people call it (US123, SRE-12). */
  displayId: string;
  title: string;
  /** The tracker's own state name (Accepted, In Progress…). */
  state: string;
  done: boolean;
  url: string;
  /** Where the configured parent and tags/labels would put it; false for one found by its title only (imported). */
  placed: boolean;
  /** Where it is now, for messages: its parent's id, or null. */
  parent: string | null;
}

export interface NewWork {
  key: string;
  title: string;
  /** HTML, from the story template; an adapter converts it to its tracker's format. */
  descriptionHtml: string;
  /** Campaign names and the like, added to the configured tags/labels. */
  extraLabels: string[];
}

export interface WorkTracker {
  readonly kind: TrackerKind;
  /** The longest title the tracker takes (Rally 256, Jira 255). */
  readonly titleLimit: number;
  /** Every work item sync may link: in the configured place, or anywhere in scope with `keyMarker` in its title. */
  findLinkable(keyMarker: string): Promise<WorkItem[]>;
  /** Creates the work item unless one with the key exists (then it is adopted when not in place). */
  create(work: NewWork): Promise<{ item: WorkItem; created: boolean }>;
  /** Puts a work item found by its title under the configured parent with the configured tags/labels. */
  adopt(item: WorkItem): Promise<WorkItem>;
}

export function linkOf(tracker: TrackerKind, item: WorkItem): WorkLink {
  return { tracker, id: item.id, displayId: item.displayId, url: item.url, state: item.state, done: item.done };
}
