/** Jira Cloud behind the work-tracker port: issues in the configured project, with the labels and (optional) parent. */
import { nameHasKey } from '../../domain/item-keys';
import { SettingError } from '../../errors';
import { type JiraSettings } from '../../settings';
import { answerMayBeLost } from '../http';
import { type NewWork, type WorkItem, type WorkTracker } from '../work-tracker';
import { htmlToAdf } from './adf';
import { type JiraClient, type JiraIssue, jqlString } from './jira-client';

/** Words of a text, as Jira's text search (`summary ~`) reads it: punctuation separates, case does not count. */
function words(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

export class JiraTracker implements WorkTracker {
  readonly kind = 'jira';
  /** Jira refuses a summary of 255 characters or more. */
  readonly titleLimit = 254;

  constructor(
    private readonly client: JiraClient,
    private readonly settings: JiraSettings,
  ) {
    if (!settings.project)
      throw new SettingError('Jira project is not set', 'jira.project', 'a project key such as SRE');
  }

  private get project(): string {
    return `project = ${jqlString(this.settings.project)}`;
  }

  private item(issue: JiraIssue): WorkItem {
    const labels = issue.fields.labels ?? [];
    const parent = issue.fields.parent?.key ?? null;
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
    };
  }

  /** Issues with the labels (under the parent, when set), and issues whose summary has the marker's words. */
  async findLinkable(keyMarker: string): Promise<WorkItem[]> {
    const placed = [
      this.project,
      ...this.settings.labels.map((l) => `labels = ${jqlString(l)}`),
      ...(this.settings.parent ? [`parent = ${jqlString(this.settings.parent)}`] : []),
    ];
    const marker = words(keyMarker);
    const named = [this.project, ...(marker ? [`summary ~ ${jqlString(`"${marker}"`)}`] : [])];
    const [a, b] = await Promise.all([
      this.client.search(`read issues in ${this.settings.project}`, placed.join(' AND ')),
      this.client.search(`read issues titled "${keyMarker}…"`, named.join(' AND ')),
    ]);
    const byId = new Map([...a, ...b].map((i) => [i.id, this.item(i)]));
    return [...byId.values()].sort((x, y) => Number(x.id) - Number(y.id));
  }

  private async findByKey(key: string): Promise<WorkItem | undefined> {
    const found = await this.client.search(
      `look for an issue of ${key}`,
      `${this.project} AND summary ~ ${jqlString(`"${words(key)}"`)}`,
    );
    return found
      .map((i) => this.item(i))
      .sort((x, y) => Number(x.id) - Number(y.id))
      .find((w) => nameHasKey(w.title, key));
  }

  async create(work: NewWork, attempts = 3): Promise<{ item: WorkItem; created: boolean }> {
    const existing = await this.findByKey(work.key);
    if (existing) return { item: existing.placed ? existing : await this.adopt(existing), created: false };
    const fields = {
      project: { key: this.settings.project },
      summary: work.title,
      issuetype: { name: this.settings.issueType },
      labels: [...new Set([...this.settings.labels, ...work.extraLabels.map((l) => l.replace(/\s+/g, '-'))])],
      description: htmlToAdf(work.descriptionHtml),
      ...(this.settings.parent ? { parent: { key: this.settings.parent } } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const { key } = await this.client.create(`create an issue for ${work.key}`, fields);
        return { item: this.item(await this.client.issue(key)), created: true };
      } catch (e) {
        // The issue may exist anyway: look before trying again.
        if (!answerMayBeLost(e) || attempt >= attempts) throw e;
        const landed = await this.findByKey(work.key);
        if (landed) return { item: landed, created: true };
      }
    }
  }

  /** Adds the labels (keeping the issue's own) and sets the parent, with one update. */
  async adopt(item: WorkItem): Promise<WorkItem> {
    await this.client.update(`adopt ${item.displayId}`, item.displayId, {
      ...(this.settings.parent ? { fields: { parent: { key: this.settings.parent } } } : {}),
      update: { labels: this.settings.labels.map((l) => ({ add: l })) },
    });
    return this.item(await this.client.issue(item.displayId));
  }
}
