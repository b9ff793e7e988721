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
  /** When it reached done (Rally AcceptedDate, Jira resolution date), ISO 8601; null while not done or unknown. */
  doneAt: string | null;
  /** Its due date (YYYY-MM-DD), where the tracker keeps one; null for none. */
  dueDate: string | null;
}

/** A comment the loop adds to a work item: its text (HTML) carries `marker`, by which a later sync finds it. */
export interface WorkPost {
  marker: string;
  html: string;
}

export interface NewWork {
  key: string;
  title: string;
  /** HTML, from the story template; an adapter converts it to its tracker's format. */
  descriptionHtml: string;
  /** Campaign names and the like, added to the configured tags/labels. */
  extraLabels: string[];
  /**
   * A follow-up of this done work item (its id): made even though that one carries the key; a follow-up already
   * made (not done, not it) is found instead.
   */
  followUpOf?: string;
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
  /** Whether a comment carrying `marker` is on the work item already (made by an earlier sync, or a lost answer). */
  hasPost(item: WorkItem, marker: string): Promise<boolean>;
  /** Adds the comment (Rally: a discussion post; Jira: a comment). */
  post(item: WorkItem, post: WorkPost): Promise<void>;
  /**
   * Takes a done work item back to work (Rally: the reopen state; Jira: the reopen transition) with `post`: the way
   * back is checked first, so a wrong setting writes nothing; the post is added unless it is there already.
   */
  reopen(item: WorkItem, post: WorkPost): Promise<WorkItem>;
  /** Whether work items keep a due date here (Jira: always; Rally: when a date field is configured). */
  readonly dueDates: boolean;
  /** Sets the due date (YYYY-MM-DD), or clears it with null. */
  setDueDate(item: WorkItem, day: string | null): Promise<void>;
}

/** Adds `post` unless a comment with its marker is on the work item already (an earlier sync, or a lost answer). */
export async function postOnce(tracker: WorkTracker, item: WorkItem, post: WorkPost): Promise<void> {
  if (!(await tracker.hasPost(item, post.marker))) await tracker.post(item, post);
}

export function linkOf(tracker: TrackerKind, item: WorkItem): WorkLink {
  return { tracker, id: item.id, displayId: item.displayId, url: item.url, state: item.state, done: item.done };
}
