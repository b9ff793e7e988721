/** Jira Cloud as a tracker: issues through REST API v3, authenticated by the account email and an API token. */
import { limits } from '../client-options';
import { declared, type TrackerAdapter } from '../tracker-adapter';
import { JiraClient } from './jira-client';
import { JiraTracker } from './jira-tracker';

export const jiraAdapter: TrackerAdapter = {
  kind: 'jira',
  name: 'Jira',
  workName: 'Jira issue',
  settings: [declared('jira.site', true), declared('jira.email', true), declared('jira.project', true)],
  address: 'jira.site',
  secret: {
    ...declared('jira.apiToken', true),
    command: 'setJiraApiToken',
    title: 'Set Jira API Token',
    name: 'Jira API token',
  },
  create(settings, secret, hooks) {
    const { site, email } = settings.jira;
    const client = new JiraClient({
      site,
      email,
      token: secret ?? '',
      ...limits(settings),
      signal: hooks.signal,
      onRequest: hooks.onRequest,
      network: hooks.network,
    });
    return new JiraTracker(client, settings.jira);
  },
};
