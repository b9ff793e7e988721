/** Confluence's settings: the site, the account, the page sync writes and which deployment serves it. */
import { type SettingSource } from '../../settings';
import { type Deployment, parseDeployment } from '../deployment';
import { type AdapterSetting, type SecretDeclaration } from '../tracker-adapter';

export type ConfluenceDeployment = Deployment;

export interface ConfluenceSettings {
  baseUrl: string;
  username: string;
  pageId: string;
  deployment: ConfluenceDeployment;
  title: string;
}

export const DEFAULT_PAGE_TITLE = 'SRE To-Do List';

export const CONFLUENCE_SETTINGS: readonly AdapterSetting[] = [
  {
    key: 'confluence.baseUrl',
    env: 'CONFLUENCE_URL',
    required: true,
    envComment:
      'Confluence: base URL (Cloud: https://SITE.atlassian.net, with or without /wiki), account email (Cloud only), API token (Cloud) or personal access token (Data Center; secret), page id, deployment (cloud|datacenter), and the heading of the To-Do section on the page.',
    schema: {
      type: 'string',
      default: '',
      markdownDescription:
        'Confluence base URL, e.g. `https://acme.atlassian.net` (Cloud, with or without `/wiki`) or `https://confluence.example.com` (Data Center, with its context path if any). The token is kept in secret storage: [SRE: Set Confluence API Token](command:sreTracker.setConfluenceToken).',
      scope: 'resource',
    },
  },
  {
    key: 'confluence.username',
    env: 'CONFLUENCE_USERNAME',
    required: (s) => readConfluenceSettings(s.source).deployment === 'cloud',
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription:
        'Account email for Confluence Cloud, e.g. `ana@example.com` (not used with a Data Center personal access token).',
    },
  },
  {
    key: 'confluence.pageId',
    env: 'CONFLUENCE_PAGE_ID',
    required: true,
    schema: {
      type: 'string',
      default: '',
      scope: 'resource',
      markdownDescription:
        'ID of the Confluence page that holds the SRE To-Do List, e.g. `123456` (from the page URL or Page Information).',
    },
  },
  {
    key: 'confluence.deployment',
    env: 'CONFLUENCE_DEPLOYMENT',
    schema: {
      type: 'string',
      enum: ['cloud', 'datacenter'],
      enumItemLabels: ['Confluence Cloud', 'Confluence Data Center'],
      default: 'cloud',
      description:
        'Confluence Cloud (REST v2, email + API token) or Data Center/Server (REST content API, personal access token).',
      scope: 'resource',
    },
  },
  {
    key: 'confluence.pageTitle',
    env: 'CONFLUENCE_PAGE_TITLE',
    schema: {
      type: 'string',
      default: DEFAULT_PAGE_TITLE,
      description: 'Heading of the To-Do section on the Confluence page.',
      scope: 'resource',
    },
  },
];

export const CONFLUENCE_SECRET: SecretDeclaration = {
  key: 'confluence.token',
  env: 'CONFLUENCE_API_TOKEN',
  secret: true,
  command: 'setConfluenceToken',
  title: 'Set Confluence API Token',
  name: 'Confluence token',
  prompt: 'Confluence API token (Cloud) or personal access token (Data Center). Stored in VS Code secret storage.',
};

export function readConfluenceSettings(s: SettingSource): ConfluenceSettings {
  return {
    baseUrl: s.text('confluence.baseUrl'),
    username: s.text('confluence.username'),
    pageId: s.text('confluence.pageId'),
    deployment: parseDeployment(s.text('confluence.deployment'), s.name('confluence.deployment')),
    title: s.text('confluence.pageTitle') || DEFAULT_PAGE_TITLE,
  };
}
