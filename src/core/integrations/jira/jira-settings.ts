/** Jira's settings: the site, the account, the project and how issues are typed, labelled and parented. */
import { DEFAULT_TAGS, type SettingRow, type SettingSource } from '../../settings';

export interface JiraSettings {
  /** The Cloud site, e.g. https://acme.atlassian.net. */
  site: string;
  /** The account email the API token belongs to. */
  email: string;
  /** The project key issues are created in and searched (SRE). */
  project: string;
  issueType: string;
  /** Labels every SRE issue carries. */
  labels: string[];
  /** An epic (or other parent) key new issues go under; empty for none. */
  parent: string;
}

export const JIRA_SETTINGS = [
  { key: 'jira.site', env: 'JIRA_SITE' },
  { key: 'jira.email', env: 'JIRA_EMAIL' },
  { key: 'jira.apiToken', env: 'JIRA_API_TOKEN', secret: true },
  { key: 'jira.project', env: 'JIRA_PROJECT' },
  { key: 'jira.issueType', env: 'JIRA_ISSUE_TYPE' },
  { key: 'jira.labels', env: 'JIRA_LABELS' },
  { key: 'jira.parent', env: 'JIRA_PARENT' },
] as const satisfies readonly SettingRow[];

export function readJiraSettings(s: SettingSource): JiraSettings {
  return {
    site: s.text('jira.site'),
    email: s.text('jira.email'),
    project: s.text('jira.project'),
    issueType: s.text('jira.issueType') || 'Task',
    labels: s.list('jira.labels') ?? DEFAULT_TAGS,
    parent: s.text('jira.parent'),
  };
}
