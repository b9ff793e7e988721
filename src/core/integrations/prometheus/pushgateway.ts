/**
 * Pushes a metrics snapshot to a Prometheus Pushgateway: PUT, so the group under the grouping key
 * `job="sre_maturity", workspace=<name>` is replaced as a whole (series gone from the workspace go from the
 * gateway too), through the HTTP client with its proxy, CA, deadline, retry and redaction rules.
 * API: https://github.com/prometheus/pushgateway#api
 */
import { type ClientHooks } from '../client-options';
import { HttpClient, type HttpTuning, tuning } from '../http';

export const PUSH_JOB = 'sre_maturity';

/**
 * The grouping key's path. The workspace name is base64url-encoded (`workspace@base64/…`, as the gateway's API
 * allows for any value), so a name with a slash or a space cannot change the key.
 */
export function groupingPath(workspace: string): string {
  return `/metrics/job/${PUSH_JOB}/workspace@base64/${Buffer.from(workspace, 'utf8').toString('base64url') || '='}`;
}

export interface PushOptions extends HttpTuning, ClientHooks {
  /** The gateway's address, e.g. https://push.example.com or http://localhost:9091. */
  url: string;
  /** A bearer token for a gateway behind an authenticating proxy. */
  token?: string;
}

function gateway(options: PushOptions): HttpClient {
  return new HttpClient({
    service: 'Pushgateway',
    baseUrl: options.url,
    headers: {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    },
    secrets: options.token ? [options.token] : [],
    credential: 'Pushgateway token (SRE_PUSHGATEWAY_TOKEN)',
    ...tuning(options),
  });
}

export async function pushMetrics(options: PushOptions, workspace: string, exposition: string): Promise<void> {
  await gateway(options).request(`push the metrics of ${workspace}`, 'PUT', groupingPath(workspace), {
    body: exposition,
  });
}

/** Deletes the workspace's group (the gateway never forgets one): what a workspace that is gone leaves behind. */
export async function deleteMetrics(options: PushOptions, workspace: string): Promise<void> {
  await gateway(options).request(`delete the metrics of ${workspace}`, 'DELETE', groupingPath(workspace));
}

/** A group of job="sre_maturity" on the gateway, with the labels of its identity series when it has one. */
export interface PushedGroup {
  workspace: string;
  /** The labels of its `sre_maturity_workspace_info` series (repository, folder, via); absent for older pushes. */
  identity: Record<string, string> | undefined;
}

interface GatewayFamily {
  metrics?: { labels?: Record<string, string> }[];
}
interface GatewayGroup {
  labels?: Record<string, string>;
  [family: string]: unknown;
}

/** The groups this tool pushed, read from the gateway's API (GET /api/v1/metrics: every group and its series). */
export async function pushedGroups(options: PushOptions): Promise<PushedGroup[]> {
  const { data } = await gateway(options).request<{ data?: GatewayGroup[] }>(
    'list the groups',
    'GET',
    '/api/v1/metrics',
  );
  return (data?.data ?? [])
    .filter((g) => g.labels?.job === PUSH_JOB && g.labels.workspace !== undefined)
    .map((g) => ({
      workspace: g.labels?.workspace ?? '',
      identity: (g[IDENTITY_FAMILY] as GatewayFamily | undefined)?.metrics?.[0]?.labels,
    }));
}

/** The family that says where a group's series come from (usecases/metrics writes it). */
export const IDENTITY_FAMILY = 'sre_maturity_workspace_info';
