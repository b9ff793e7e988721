/** Confluence's settings: the site, the account, the page sync writes and which deployment serves it. */
import { type SettingRow, type SettingSource } from '../../settings';
import { type Deployment, parseDeployment } from '../deployment';

export type ConfluenceDeployment = Deployment;

export interface ConfluenceSettings {
  baseUrl: string;
  username: string;
  pageId: string;
  deployment: ConfluenceDeployment;
  title: string;
}

export const CONFLUENCE_SETTINGS = [
  { key: 'confluence.baseUrl', env: 'CONFLUENCE_URL' },
  { key: 'confluence.username', env: 'CONFLUENCE_USERNAME' },
  { key: 'confluence.token', env: 'CONFLUENCE_API_TOKEN', secret: true },
  { key: 'confluence.pageId', env: 'CONFLUENCE_PAGE_ID' },
  { key: 'confluence.deployment', env: 'CONFLUENCE_DEPLOYMENT' },
  { key: 'confluence.pageTitle', env: 'CONFLUENCE_PAGE_TITLE' },
] as const satisfies readonly SettingRow[];

export const DEFAULT_PAGE_TITLE = 'SRE To-Do List';

export function readConfluenceSettings(s: SettingSource): ConfluenceSettings {
  return {
    baseUrl: s.text('confluence.baseUrl'),
    username: s.text('confluence.username'),
    pageId: s.text('confluence.pageId'),
    deployment: parseDeployment(s.text('confluence.deployment'), s.name('confluence.deployment')),
    title: s.text('confluence.pageTitle') || DEFAULT_PAGE_TITLE,
  };
}
