/**
 * WSAPI itself: the authenticated client, queries and their errors and warnings, the refs Rally hands back (never
 * followed off the configured server), and the workspace and project resolved from names, once.
 */
import { SettingError, SreError } from '../../errors';
import { HttpClient, type HttpTuning, tuning } from '../http';
import { condition } from './rally-query';

export const WSAPI_PATH = '/slm/webservice/v2.0';
export const MAX_PAGE_SIZE = 2000;

export interface RallyClientOptions extends HttpTuning {
  server: string;
  apiKey: string;
  workspace: string;
  project: string;
  onWarning?: (warning: string) => void;
  version?: string;
  /** A date field stories carry their due date in (rally.dueDateField), read with every story. */
  dueDateField?: string;
}

export interface QueryResult<T> {
  QueryResult: {
    Errors: string[];
    Warnings: string[];
    TotalResultCount: number;
    StartIndex: number;
    PageSize: number;
    Results: T[];
  };
}

export interface Ref {
  _ref: string;
  ObjectID: number;
}

export class Wsapi {
  readonly http: HttpClient;
  private scope: Promise<{ workspace: string; project: string }> | undefined;

  constructor(private readonly options: RallyClientOptions) {
    if (!options.apiKey) throw new SettingError('Rally API key is missing', 'rally.apiKey');
    this.http = new HttpClient({
      service: 'Rally',
      baseUrl: `${options.server.replace(/\/+$/, '')}${WSAPI_PATH}`,
      headers: {
        ZSESSIONID: options.apiKey,
        'X-RallyIntegrationName': 'SRE Maturity Tracker',
        'X-RallyIntegrationVendor': 'SRE Maturity Tracker',
        'X-RallyIntegrationVersion': options.version ?? '0.1.0',
        'Content-Type': 'application/json',
      },
      secrets: [options.apiKey],
      credential: 'Rally API key',
      credentialKey: 'rally.apiKey',
      ...tuning(options),
    });
  }

  /** Workspace and project ObjectIDs, from names or ids, resolved once. */
  resolveScope(): Promise<{ workspace: string; project: string }> {
    this.scope ??= (async () => {
      if (!this.options.workspace) throw new SettingError('Rally workspace is not set', 'rally.workspace');
      if (!this.options.project) throw new SettingError('Rally project is not set', 'rally.project');
      const workspace = await this.workspaceId(this.options.workspace);
      const project = await this.projectId(this.options.project, `/workspace/${workspace}`);
      return { workspace: `/workspace/${workspace}`, project: `/project/${project}` };
    })();
    this.scope.catch(() => (this.scope = undefined));
    return this.scope;
  }

  /**
   * `GET /workspace?query=(Name = "X")` sees only the API key owner's default workspace (Broadcom KB 57602,
   * 118587), so names are looked up in the subscription's Workspaces collection, as pyral does.
   */
  private async workspaceId(nameOrId: string): Promise<string> {
    type Subscription = { Workspaces?: { _ref?: string } };
    const { data } = await this.http.request<{
      Subscription?: Subscription;
      QueryResult?: QueryResult<Subscription>['QueryResult'];
    }>('read the subscription', 'GET', '/subscription', {
      params: { fetch: 'Workspaces' },
    });
    // Both shapes are seen in the wild (pyral reads either): the object itself, or a one-row QueryResult.
    if (data?.QueryResult?.Errors?.length)
      throw new SreError(`Rally: read the subscription failed: ${data.QueryResult.Errors.join('; ')}`);
    const ref = (data?.Subscription ?? data?.QueryResult?.Results?.[0])?.Workspaces?._ref;
    if (!ref)
      throw new SreError(
        'Rally: read the subscription failed: the answer had no Workspaces collection; check the Rally server address',
      );
    const collection = this.pathOf(ref, 'read the subscription');
    const all = await this.query<Ref & { Name: string }>('list the workspaces', collection, {
      fetch: 'ObjectID,Name',
      pagesize: MAX_PAGE_SIZE,
      start: 1,
    });
    const found = all.Results.find((w) => String(w.ObjectID) === nameOrId || w.Name === nameOrId);
    if (found) return String(found.ObjectID);
    const known = all.Results.map((w) => `"${w.Name}" (${w.ObjectID})`).join(', ') || 'none';
    throw new SettingError(
      `Rally: no workspace "${nameOrId}" is visible to this API key (it sees: ${known})`,
      'rally.workspace',
    );
  }

  /**
   * The WSAPI path of a `_ref` Rally handed us. A ref on another scheme, host or port (or outside WSAPI) is refused:
   * following it would send the API key there.
   */
  pathOf(ref: string, operation: string): string {
    const server = new URL(`${this.options.server.replace(/\/+$/, '')}${WSAPI_PATH}/`);
    let url: URL;
    try {
      url = new URL(ref, server);
    } catch {
      throw new SreError(`Rally: ${operation} failed: the answer pointed at "${ref}", which is not a URL`);
    }
    if (url.origin !== server.origin || !url.pathname.startsWith(server.pathname)) {
      throw new SreError(
        `Rally: ${operation} failed: the answer pointed at ${url.origin}${url.pathname}, outside the configured server ${server.origin}${WSAPI_PATH}; the API key is only sent to the configured server`,
      );
    }
    return url.pathname.slice(server.pathname.length - 1);
  }

  private async projectId(nameOrId: string, workspace: string): Promise<string> {
    if (/^\d+$/.test(nameOrId)) return nameOrId;
    const found = await this.query<Ref>(`find project "${nameOrId}"`, '/project', {
      workspace,
      query: condition('Name', '=', nameOrId),
      fetch: 'ObjectID,Name',
      pagesize: 2,
    });
    const first = found.Results[0];
    if (!first)
      throw new SettingError(
        `Rally: no project named "${nameOrId}" in the workspace is visible to this API key`,
        'rally.project',
      );
    return String(first.ObjectID);
  }

  async query<T>(
    operation: string,
    path: string,
    params: Record<string, string | number | boolean>,
  ): Promise<QueryResult<T>['QueryResult']> {
    const { data } = await this.http.request<QueryResult<T>>(operation, 'GET', path, { params });
    const result = data?.QueryResult;
    if (!result)
      throw new SreError(
        `Rally: ${operation} failed: the answer was not a WSAPI QueryResult; check the Rally server address`,
      );
    if (result.Errors?.length) throw new SreError(`Rally: ${operation} failed: ${result.Errors.join('; ')}`);
    for (const w of result.Warnings ?? []) this.options.onWarning?.(w);
    return result;
  }
}
