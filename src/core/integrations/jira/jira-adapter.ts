/** Jira Cloud as a tracker: issues through REST API v3, authenticated by the account email and an API token. */
import { limits } from '../client-options';
import { type TrackerAdapter } from '../registry';
import { JiraClient } from './jira-client';
import { JiraTracker } from './jira-tracker';

export const jiraAdapter: TrackerAdapter = {
  kind: 'jira',
  name: 'Jira',
  workName: 'Jira issue',
  settings: [
    { key: 'jira.site', env: 'JIRA_SITE', required: true },
    { key: 'jira.email', env: 'JIRA_EMAIL', required: true },
    { key: 'jira.project', env: 'JIRA_PROJECT', required: true },
  ],
  address: 'jira.site',
  secret: {
    key: 'jira.apiToken',
    env: 'JIRA_API_TOKEN',
    required: true,
    command: 'setJiraApiToken',
    title: 'Set Jira API Token',
    name: 'Jira API token',
  },
  importCsv: false,
  create(settings, secret, hooks) {
    const { site, email } = settings.jira;
    const client = new JiraClient({
      site,
      email,
      token: secret ?? '',
      ...limits(settings),
      signal: hooks.signal,
      onRequest: hooks.onRequest,
    });
    return new JiraTracker(client, settings.jira);
  },
};
