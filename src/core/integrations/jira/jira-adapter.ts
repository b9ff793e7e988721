/** Jira as a tracker: Cloud (REST v3, email + API token) or Data Center (REST v2, personal access token or basic auth). */
import { limits } from '../client-options';
import { declared, type TrackerAdapter } from '../tracker-adapter';
import { JiraClient } from './jira-client';
import { JIRA_SUMMARY_LIMIT, JiraTracker } from './jira-tracker';

export const jiraAdapter: TrackerAdapter = {
  kind: 'jira',
  name: 'Jira',
  workName: 'Jira issue',
  workNames: 'Jira issues',
  titleLimit: JIRA_SUMMARY_LIMIT,
  settings: [
    declared('jira.site', true),
    // Data Center takes a personal access token alone; a username there means basic auth.
    declared('jira.email', (s) => s.jira.deployment === 'cloud'),
    declared('jira.project', true),
    declared('jira.deployment', false),
  ],
  address: 'jira.site',
  secret: {
    ...declared('jira.apiToken', true),
    command: 'setJiraApiToken',
    title: 'Set Jira API Token',
    name: 'Jira API token',
  },
  create(settings, secret, hooks) {
    const { site, email, deployment } = settings.jira;
    const client = new JiraClient({
      site,
      email,
      deployment,
      token: secret ?? '',
      ...limits(settings),
      signal: hooks.signal,
      onRequest: hooks.onRequest,
      onRetry: hooks.onRetry,
      network: hooks.network,
    });
    return new JiraTracker(client, settings.jira);
  },
};
