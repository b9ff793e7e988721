/** Jira as a tracker: Cloud (REST v3, email + API token) or Data Center (REST v2, personal access token or basic auth). */
import { limits } from '../client-options';
import { type TrackerAdapter } from '../tracker-adapter';
import { JiraClient } from './jira-client';
import { JIRA_SECRET, JIRA_SETTINGS, readJiraSettings } from './jira-settings';
import { JIRA_SUMMARY_LIMIT, JiraTracker } from './jira-tracker';

export const jiraAdapter: TrackerAdapter = {
  kind: 'jira',
  name: 'Jira',
  choice: 'Jira issues, Cloud or Data Center (set Jira › Deployment)',
  workName: 'Jira issue',
  workNames: 'Jira issues',
  titleLimit: JIRA_SUMMARY_LIMIT,
  settings: JIRA_SETTINGS,
  address: 'jira.site',
  secret: JIRA_SECRET,
  check: (source) => void readJiraSettings(source),
  create(settings, secret, hooks) {
    const jira = readJiraSettings(settings.source);
    const client = new JiraClient({
      site: jira.site,
      email: jira.email,
      deployment: jira.deployment,
      token: secret ?? '',
      ...limits(settings),
      signal: hooks.signal,
      onRequest: hooks.onRequest,
      onRetry: hooks.onRetry,
      network: hooks.network,
    });
    return new JiraTracker(client, jira);
  },
};
