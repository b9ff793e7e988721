/** Confluence as the page sync keeps the To-Do list on: Cloud (REST v2) or Data Center (the content API). */
import { SettingError } from '../../errors';
import { limits } from '../client-options';
import { type PageService } from '../tracker-adapter';
import { CONFLUENCE_SECRET, CONFLUENCE_SETTINGS, readConfluenceSettings } from './confluence-settings';
import { wikiPageLines } from './wiki-markup';

export const confluencePageService: PageService = {
  kind: 'confluence',
  name: 'Confluence',
  pageName: 'Confluence page',
  settings: CONFLUENCE_SETTINGS,
  address: 'confluence.baseUrl',
  secret: CONFLUENCE_SECRET,
  check: (source) => void readConfluenceSettings(source),
  copy: {
    name: 'confluence_page.txt',
    markup: 'Confluence Markup',
    // Written line by line as it is made: the page runs to megabytes on a large workspace.
    render: (data, settings) => wikiPageLines(data, readConfluenceSettings(settings.source).title),
  },
  async create(settings, token, hooks) {
    const c = readConfluenceSettings(settings.source);
    if (!c.pageId) throw new SettingError('Confluence page is not set', 'confluence.pageId');
    // The client and its HTML parser load only when a page is reached: reports and status never need them.
    const { ConfluenceClient } = await import('./confluence-client');
    return new ConfluenceClient({
      baseUrl: c.baseUrl,
      deployment: c.deployment,
      username: c.username,
      token: token ?? '',
      ...limits(settings),
      signal: hooks.signal,
      onRequest: hooks.onRequest,
      onRetry: hooks.onRetry,
      network: hooks.network,
    }).page(c.pageId, c.title);
  },
};
