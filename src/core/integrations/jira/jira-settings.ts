/** Jira's settings: the site, the account, the project and how issues are typed, labelled and parented. */
import { DEFAULT_TAGS, type SettingRow, type SettingSource } from '../../settings';
import { type Deployment, parseDeployment } from '../deployment';

export interface JiraSettings {
  /** The Cloud site (https://acme.atlassian.net), or the Data Center base URL with its context path. */
  site: string;
  /** Cloud: the account email the API token belongs to. Data Center: a username for basic auth, or empty to send
   * the token as a personal access token (Bearer). */
  email: string;
  deployment: Deployment;
  /** The project key issues are created in and searched (SRE). */
  project: string;
  issueType: string;
  /** Labels every SRE issue carries. */
  labels: string[];
  /** An epic (or other parent) key new issues go under; empty for none. */
  parent: string;
  /** The transition that takes a done issue back to work; empty: the first one to a status outside Done. */
  reopenTransition: string;
}

export const JIRA_SETTINGS = [
  { key: 'jira.site', env: 'JIRA_SITE' },
  { key: 'jira.email', env: 'JIRA_EMAIL' },
  { key: 'jira.apiToken', env: 'JIRA_API_TOKEN', secret: true },
  { key: 'jira.project', env: 'JIRA_PROJECT' },
  { key: 'jira.issueType', env: 'JIRA_ISSUE_TYPE' },
  { key: 'jira.labels', env: 'JIRA_LABELS' },
  { key: 'jira.parent', env: 'JIRA_PARENT' },
  { key: 'jira.deployment', env: 'JIRA_DEPLOYMENT' },
  { key: 'jira.reopenTransition', env: 'JIRA_REOPEN_TRANSITION' },
] as const satisfies readonly SettingRow[];

export function readJiraSettings(s: SettingSource): JiraSettings {
  return {
    site: s.text('jira.site'),
    email: s.text('jira.email'),
    deployment: parseDeployment(s.text('jira.deployment'), s.name('jira.deployment')),
    project: s.text('jira.project'),
    issueType: s.text('jira.issueType') || 'Task',
    labels: s.list('jira.labels') ?? DEFAULT_TAGS,
    parent: s.text('jira.parent'),
    reopenTransition: s.text('jira.reopenTransition'),
  };
}
