/** Confluence pages: Cloud through REST v2 (email + API token), Data Center/Server through the content API (personal access token). */
import { SettingError, SreError } from '../../errors';
import { HttpClient, type HttpTuning, tuning } from '../http';
import { HttpError } from '../http-errors';
import { type Page, type PageTarget, StalePageError } from '../page-target';
import { type ConfluenceDeployment } from './confluence-settings';
import { withTodo } from './storage-format';

export type ConfluencePage = Page;

export interface ConfluenceClientOptions extends HttpTuning {
  baseUrl: string;
  deployment: ConfluenceDeployment;
  /** Account email, Cloud only. */
  username: string;
  token: string;
}

interface CloudPage {
  id: string;
  title: string;
  version: { number: number };
  body: { storage: { value: string } };
}

type DataCenterPage = CloudPage;

/**
 * Cloud's REST lives under /wiki and users paste the site URL with or without it (atlassian-python-api adds it);
 * Data Center is used as given, context path included.
 */
export function apiBase(baseUrl: string, deployment: ConfluenceDeployment): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return deployment === 'cloud' && !/\/wiki$/i.test(trimmed) ? `${trimmed}/wiki` : trimmed;
}

/**
 * Someone saved the page between our read and our write. Data Center answers 409; Cloud's v2 OpenAPI documents
 * only 200/400/401/404 for PUT /pages/{id}, so a 400 whose message names the version means the same.
 */
function staleVersion(e: unknown): boolean {
  if (!(e instanceof HttpError)) return false;
  return e.status === 409 || (e.status === 400 && /version/i.test(e.message));
}

export class ConfluenceClient {
  private readonly http: HttpClient;

  constructor(private readonly options: ConfluenceClientOptions) {
    if (!options.baseUrl) throw new SettingError('Confluence URL is not set', 'confluence.baseUrl');
    if (!options.token) throw new SettingError('Confluence token is missing', 'confluence.token');
    if (options.deployment === 'cloud' && !options.username) {
      throw new SettingError('Confluence Cloud needs the account email', 'confluence.username');
    }
    // Data Center takes a personal access token as Bearer, or basic auth when a username is given (a password or token).
    const basic = `Basic ${Buffer.from(`${options.username}:${options.token}`).toString('base64')}`;
    const auth = options.deployment === 'cloud' || options.username ? basic : `Bearer ${options.token}`;
    this.http = new HttpClient({
      service: 'Confluence',
      baseUrl: apiBase(options.baseUrl, options.deployment),
      headers: { Authorization: auth, Accept: 'application/json', 'Content-Type': 'application/json' },
      secrets: [options.token, `${options.username}:${options.token}`],
      credentialKey: 'confluence.token',
      credential:
        options.deployment === 'cloud'
          ? 'Confluence API token and account email'
          : 'Confluence personal access token (or username and password)',
      ...tuning(options),
    });
  }

  private path(id: string): string {
    const safe = encodeURIComponent(id);
    return this.options.deployment === 'cloud' ? `/api/v2/pages/${safe}` : `/rest/api/content/${safe}`;
  }

  async getPage(id: string): Promise<ConfluencePage> {
    if (!/^\d+$/.test(id)) throw new SettingError(`Confluence page id "${id}" is not a number`, 'confluence.pageId');
    const params: Record<string, string> =
      this.options.deployment === 'cloud' ? { 'body-format': 'storage' } : { expand: 'body.storage,version' };
    let data: CloudPage | DataCenterPage;
    try {
      ({ data } = await this.http.request<CloudPage | DataCenterPage>(`read page ${id}`, 'GET', this.path(id), {
        params,
      }));
    } catch (e) {
      if (e instanceof HttpError && e.status === 404 && (await this.anonymous()))
        throw new SettingError(
          'Confluence: the token was not accepted (the server answered as to an anonymous reader)',
          'confluence.token',
        );
      throw e;
    }
    const body = data?.body?.storage?.value;
    if (typeof body !== 'string' || typeof data.version?.number !== 'number') {
      throw new SreError(
        `Confluence: read page ${id} gave no storage-format body: check the deployment setting (cloud or datacenter)`,
      );
    }
    return { id: String(data.id), title: data.title, version: data.version.number, body };
  }

  /**
   * Whether Data Center sees us as anonymous: a site open to anonymous readers answers a refused token with 404s,
   * never 401, so a missing page is first checked against who the server thinks we are.
   */
  private async anonymous(): Promise<boolean> {
    if (this.options.deployment !== 'datacenter') return false;
    const { data } = await this.http
      .request<{ type?: string }>('check who the token is', 'GET', '/rest/api/user/current')
      .catch(() => ({ data: undefined }));
    return data?.type === 'anonymous';
  }

  /** Writes `body` as version `page.version + 1`; StalePageError when someone saved in between. */
  async updatePage(page: ConfluencePage, body: string, message: string): Promise<number> {
    const version = { number: page.version + 1, message };
    const payload =
      this.options.deployment === 'cloud'
        ? {
            id: page.id,
            status: 'current',
            title: page.title,
            body: { representation: 'storage', value: body },
            version,
          }
        : {
            id: page.id,
            type: 'page',
            title: page.title,
            body: { storage: { value: body, representation: 'storage' } },
            version,
          };
    try {
      await this.http.request(`update page ${page.id}`, 'PUT', this.path(page.id), { body: payload });
    } catch (e) {
      if (staleVersion(e))
        throw new StalePageError(`Confluence: page ${page.id} was saved by someone else meanwhile`, { cause: e });
      throw e;
    }
    return version.number;
  }

  /** The page as a sync target; `title` heads its To-Do section. */
  page(id: string, title: string): PageTarget {
    return {
      id,
      label: `Confluence page ${id}`,
      withTodo: (page, data) => withTodo(page.body, data, title),
      read: () => this.getPage(id),
      write: (page, body, message) => this.updatePage(page, body, message),
    };
  }
}
