/** Jira's settings: the site, the account, the project and how issues are typed, labelled and parented. */
import { DEFAULT_TAGS, type SettingSource } from '../../settings';
import { type Deployment, parseDeployment } from '../deployment';
import { type AdapterSetting, type SecretDeclaration } from '../tracker-adapter';

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

const DEFAULT_ISSUE_TYPE = 'Task';

export const JIRA_SETTINGS: readonly AdapterSetting[] = [
  {
    key: 'jira.site',
    env: 'JIRA_SITE',
    required: true,
    envComment:
      'Jira (when SRE_TRACKER=jira): site (Cloud) or base URL with its context path (Data Center), account email (Cloud; on Data Center empty for a personal access token, or a username for basic auth), API token or personal access token (secret), project key, issue type, labels every SRE issue carries (comma-separated), an optional parent (epic) key for new issues, and the deployment (cloud|datacenter).',
    schema: {
      type: 'string',
      default: '',
      markdownDescription:
        'Jira Cloud site, e.g. `https://acme.atlassian.net`, or the Data Center base URL with its context path, e.g. `https://jira.corp.example/jira`. The API token (Cloud) or personal access token (Data Center) is kept in secret storage: [SRE: Set Jira API Token](command:sreTracker.setJiraApiToken).',
      scope: 'resource',
    },
  },
  {
    key: 'jira.email',
    env: 'JIRA_EMAIL',
    // Data Center takes a personal access token alone; a username there means basic auth.
    required: (s) => readJiraSettings(s.source).deployment === 'cloud',
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription:
        'Cloud: the Atlassian account email the Jira API token belongs to, e.g. `ana@example.com`. Data Center: leave empty to send a personal access token, or a username, e.g. `ana`, to use basic auth with the password kept as the token.',
    },
  },
  {
    key: 'jira.project',
    env: 'JIRA_PROJECT',
    required: true,
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription: 'Jira project key issues are created in and searched, e.g. `SRE`.',
    },
  },
  {
    key: 'jira.issueType',
    env: 'JIRA_ISSUE_TYPE',
    schema: {
      type: 'string',
      default: DEFAULT_ISSUE_TYPE,
      description: 'Issue type of new issues.',
      scope: 'resource',
    },
  },
  {
    key: 'jira.labels',
    env: 'JIRA_LABELS',
    schema: {
      type: 'array',
      items: {
        type: 'string',
      },
      default: DEFAULT_TAGS,
      description: 'Labels every SRE issue carries; sync reads issues that have all of them.',
      scope: 'resource',
    },
  },
  {
    key: 'jira.parent',
    env: 'JIRA_PARENT',
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription:
        "Optional parent for new issues, e.g. an epic key `SRE-1`; empty for none. On Data Center it is set as the issue's Epic Link.",
    },
  },
  {
    key: 'jira.deployment',
    env: 'JIRA_DEPLOYMENT',
    schema: {
      type: 'string',
      enum: ['cloud', 'datacenter'],
      enumItemLabels: ['Jira Cloud', 'Jira Data Center'],
      default: 'cloud',
      description:
        'Jira Cloud (REST v3, email + API token) or Data Center/Server (REST v2, personal access token or basic auth).',
      scope: 'resource',
    },
  },
  {
    key: 'jira.reopenTransition',
    env: 'JIRA_REOPEN_TRANSITION',
    envComment: 'The transition that takes a done issue back to work; empty: the first one to a status outside Done.',
    schema: {
      type: 'string',
      default: '',
      markdownDescription:
        "The workflow transition that takes a done issue back to work when sync finds its item re-assessed still short of its target, e.g. `Reopen`; empty: the first transition to a status outside the Done category. An unknown name lists the issue's transitions.",
      scope: 'resource',
    },
  },
];

export const JIRA_SECRET: SecretDeclaration = {
  key: 'jira.apiToken',
  env: 'JIRA_API_TOKEN',
  secret: true,
  command: 'setJiraApiToken',
  title: 'Set Jira API Token',
  name: 'Jira API token',
  prompt:
    'Jira Cloud API token (id.atlassian.com → Security → API tokens), or Data Center personal access token (Profile → Personal Access Tokens; your password when jira.email holds a username). Stored in VS Code secret storage.',
};

export function readJiraSettings(s: SettingSource): JiraSettings {
  return {
    site: s.text('jira.site'),
    email: s.text('jira.email'),
    deployment: parseDeployment(s.text('jira.deployment'), s.name('jira.deployment')),
    project: s.text('jira.project'),
    issueType: s.text('jira.issueType') || DEFAULT_ISSUE_TYPE,
    labels: s.list('jira.labels') ?? DEFAULT_TAGS,
    parent: s.text('jira.parent'),
    reopenTransition: s.text('jira.reopenTransition'),
  };
}
