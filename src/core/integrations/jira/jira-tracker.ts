/** Jira behind the work-tracker port: issues in the configured project, with the labels and (optional) parent. */
import { nameHasKey } from '../../domain/item-keys';
import { SettingError, SreError } from '../../errors';
import { answerMayBeLost, throttled } from '../http-errors';
import { type NewWork, postOnce, type WorkItem, type WorkPost, type WorkTracker } from '../work-tracker';
import { type JiraClient, type JiraIssue, jqlString, type ParentField } from './jira-client';
import { type JiraSettings } from './jira-settings';

/** Words of a text, as Jira's text search (`summary ~`) reads it: punctuation separates, case does not count. */
function words(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** The longest summary written to Jira, whose limit is 255 characters. */
export const JIRA_SUMMARY_LIMIT = 254;

/** Searches after a lost answer, waiting 0.5, 1, 2, 4 and 8 s: about 15 s for search to catch up. */
const LOOKS_AFTER_LOST_ANSWER = 5;

export class JiraTracker implements WorkTracker {
  readonly kind = 'jira';
  /** Jira refuses a summary of 255 characters or more. */
  readonly titleLimit = JIRA_SUMMARY_LIMIT;
  private typeId: Promise<string> | undefined;

  constructor(
    private readonly client: JiraClient,
    private readonly settings: JiraSettings,
  ) {
    if (!settings.project)
      throw new SettingError('Jira project is not set', 'jira.project', 'a project key such as SRE');
    // Jira refuses a label with a space (400 "The label ... contains spaces which is invalid"): say so before asking.
    const spaced = settings.labels.find((l) => /\s/.test(l));
    if (spaced)
      throw new SettingError(
        `Jira label "${spaced}" contains a space, which Jira refuses`,
        'jira.labels',
        'use a dash: sre-gap',
      );
  }

  private get project(): string {
    return `project = ${jqlString(this.settings.project)}`;
  }

  /** Where the configured parent goes, or undefined when none is set. */
  private async parentField(): Promise<ParentField | undefined> {
    return this.settings.parent ? this.client.parentField() : undefined;
  }

  /** The fields searches and reads ask for besides the usual ones: the parent's, when it is a custom field. */
  private extraFields(field: ParentField | undefined): string[] {
    return field && field.id !== 'parent' ? [field.id] : [];
  }

  private item(issue: JiraIssue, field: ParentField | undefined): WorkItem {
    const labels = issue.fields.labels ?? [];
    const parent = field ? field.read(issue) : (issue.fields.parent?.key ?? null);
    return {
      id: issue.id,
      displayId: issue.key,
      title: issue.fields.summary,
      state: issue.fields.status?.name ?? '',
      // Done is the status category, whatever the workflow calls its final status.
      done: issue.fields.status?.statusCategory?.key === 'done',
      url: `${this.client.site}/browse/${issue.key}`,
      placed:
        this.settings.labels.every((l) => labels.includes(l)) &&
        (!this.settings.parent || parent === this.settings.parent),
      parent,
      doneAt: issue.fields.status?.statusCategory?.key === 'done' ? (issue.fields.resolutiondate ?? null) : null,
      dueDate: issue.fields.duedate ?? null,
    };
  }

  /** Issues with the labels (under the parent, when set), and issues whose summary has the marker's words. */
  async findLinkable(keyMarker: string): Promise<WorkItem[]> {
    const field = await this.parentField();
    const extra = this.extraFields(field);
    const placed = [
      this.project,
      ...this.settings.labels.map((l) => `labels = ${jqlString(l)}`),
      ...(field ? [`${field.jql} = ${jqlString(this.settings.parent)}`] : []),
    ];
    const marker = words(keyMarker);
    const named = [this.project, ...(marker ? [`summary ~ ${jqlString(`"${marker}"`)}`] : [])];
    const [a, b] = await Promise.all([
      this.client.search(`read issues in ${this.settings.project}`, placed.join(' AND '), extra),
      this.client.search(`read issues titled "${keyMarker}…"`, named.join(' AND '), extra),
    ]);
    const byId = new Map([...a, ...b].map((i) => [i.id, this.item(i, field)]));
    return [...byId.values()].sort((x, y) => Number(x.id) - Number(y.id));
  }

  private async findByKey(key: string, also: (w: WorkItem) => boolean = () => true): Promise<WorkItem | undefined> {
    const field = await this.parentField();
    const found = await this.client.search(
      `look for an issue of ${key}`,
      `${this.project} AND summary ~ ${jqlString(`"${words(key)}"`)}`,
      this.extraFields(field),
    );
    return found
      .map((i) => this.item(i, field))
      .sort((x, y) => Number(x.id) - Number(y.id))
      .find((w) => nameHasKey(w.title, key) && also(w));
  }

  /** The configured issue type's id in this project, looked up once; an unknown name lists the project's types. */
  private issueTypeId(): Promise<string> {
    this.typeId ??= this.client.issueTypes(this.settings.project).then((types) => {
      const wanted = this.settings.issueType.toLowerCase();
      const found = types.find((t) => t.name.toLowerCase() === wanted || t.id === this.settings.issueType);
      if (found) return found.id;
      throw new SettingError(
        `Jira project ${this.settings.project} has no issue type "${this.settings.issueType}"`,
        'jira.issueType',
        `one of ${types.map((t) => t.name).join(', ') || 'none visible to this account'}`,
      );
    });
    this.typeId.catch(() => (this.typeId = undefined));
    return this.typeId;
  }

  async create(work: NewWork, attempts = 3): Promise<{ item: WorkItem; created: boolean }> {
    // A follow-up is another issue with the same key: only one not yet done counts as made already.
    const also = work.followUpOf ? (w: WorkItem) => w.id !== work.followUpOf && !w.done : undefined;
    const existing = await this.findByKey(work.key, also);
    if (existing) return { item: existing.placed ? existing : await this.adopt(existing), created: false };
    const field = await this.parentField();
    const fields = {
      project: { key: this.settings.project },
      summary: work.title,
      issuetype: { id: await this.issueTypeId() },
      labels: [...new Set([...this.settings.labels, ...work.extraLabels.map((l) => l.replace(/\s+/g, '-'))])],
      description: await this.client.description(work.descriptionHtml),
      ...(field ? { [field.id]: field.value(this.settings.parent) } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const { key } = await this.client.create(`create an issue for ${work.key}`, fields);
        return { item: this.item(await this.client.issue(key, this.extraFields(field)), field), created: true };
      } catch (e) {
        // Refused by the rate limit: nothing was made; ask again only once Retry-After has passed.
        if (throttled(e) && attempt < attempts) {
          await this.client.wait(e, attempt);
          continue;
        }
        if (!answerMayBeLost(e)) throw e;
        return { item: await this.landed(work.key, e, also), created: true };
      }
    }
  }

  /**
   * After a create whose answer was lost, the issue may exist. Search is eventually consistent (Atlassian, "Search
   * and reconcile": a new issue can be missing from search for a while), so it is looked for again with backoff;
   * still not found, nothing is created again: the next sync links it if it was made.
   */
  private async landed(key: string, cause: unknown, also?: (w: WorkItem) => boolean): Promise<WorkItem> {
    for (let look = 0; look < LOOKS_AFTER_LOST_ANSWER; look++) {
      await this.client.wait(undefined, look);
      const found = await this.findByKey(key, also);
      if (found) return found;
    }
    throw new SreError(
      `Jira: the answer to creating an issue for ${key} was lost and search does not show the issue yet: it may have been created, so none is created again; the next sync links it, or run again later`,
      'runtime',
      { cause },
    );
  }

  /** Adds the labels (keeping the issue's own) and sets the parent, with one update. */
  async adopt(item: WorkItem): Promise<WorkItem> {
    const field = await this.parentField();
    await this.client.update(`adopt ${item.displayId}`, item.displayId, {
      ...(field ? { fields: { [field.id]: field.value(this.settings.parent) } } : {}),
      update: { labels: this.settings.labels.map((l) => ({ add: l })) },
    });
    return this.item(await this.client.issue(item.displayId, this.extraFields(field)), field);
  }

  async hasPost(item: WorkItem, marker: string): Promise<boolean> {
    // Wiki markup escapes the marker's brackets (`\[SRE …\]`): compare without the escapes.
    return (await this.client.comments(item.displayId)).some((body) => body.replace(/\\(.)/g, '$1').includes(marker));
  }

  async post(item: WorkItem, post: WorkPost): Promise<void> {
    await this.client.addComment(item.displayId, post.html);
  }

  /**
   * The configured reopen transition, or the first the workflow offers to a status outside Done; an unknown name
   * lists the issue's transitions.
   */
  async reopen(item: WorkItem, post: WorkPost): Promise<WorkItem> {
    const offered = await this.client.transitions(item.displayId);
    const wanted = this.settings.reopenTransition.toLowerCase();
    const chosen = wanted
      ? offered.find((t) => t.name.toLowerCase() === wanted || t.id === this.settings.reopenTransition)
      : offered.find((t) => t.to?.statusCategory?.key !== undefined && t.to.statusCategory.key !== 'done');
    if (!chosen)
      throw new SettingError(
        wanted
          ? `Jira: ${item.displayId} offers no transition "${this.settings.reopenTransition}"`
          : `Jira: ${item.displayId} offers no transition out of Done`,
        'jira.reopenTransition',
        `one of ${offered.map((t) => `"${t.name}"${t.to?.name ? ` (to ${t.to.name})` : ''}`).join(', ') || 'none: check the workflow'}`,
      );
    await postOnce(this, item, post);
    await this.client.transition(item.displayId, chosen.id);
    const field = await this.parentField();
    return this.item(await this.client.issue(item.displayId, this.extraFields(field)), field);
  }

  /** Every Jira issue has a due date (the `duedate` field). */
  readonly dueDates = true;

  async setDueDate(item: WorkItem, day: string | null): Promise<void> {
    await this.client.update(`set the due date of ${item.displayId}`, item.displayId, { fields: { duedate: day } });
  }
}
