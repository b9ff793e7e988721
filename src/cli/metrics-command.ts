/**
 * `sre-tracker metrics`: the workspace's maturity for Prometheus. Prints (or writes) the exposition, pushes it to a
 * Pushgateway, or serves /metrics for a scrape; prints the alerting rules or the Grafana dashboard.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import { openMetricsContentType, prometheusContentType } from 'prom-client';

import { inputError, redact } from '../core/errors';
import { limits } from '../core/integrations/client-options';
import {
  deleteMetrics,
  PUSH_JOB,
  type PushedGroup,
  type PushOptions,
} from '../core/integrations/prometheus/pushgateway';
import { type Granularity, LIMITS, parseGranularity, parseLimit } from '../core/settings';
import { writeOutputFile } from '../core/storage/output-file';
import {
  checkRunbookUrl,
  DEFAULT_RULE_OPTIONS,
  parseRuleLabels,
  prometheusRule,
  ruleFile,
} from '../core/usecases/metrics/alert-rules';
import { dashboardConfigMap, grafanaDashboard } from '../core/usecases/metrics/grafana-dashboard';
import { maturityMetrics, type MetricsSource } from '../core/usecases/metrics/maturity-metrics';
import { groupsOn, type PushSource, pushWorkspace } from '../core/usecases/metrics/push-workspace';
import { workspaceIdentity } from '../core/usecases/metrics/workspace-identity';
import { parse } from './args';
import { type CliContext, cliContext, openWorkspace } from './context';
import { type Io } from './io';

export const METRICS_OPTIONS = {
  out: { type: 'string' },
  openmetrics: { type: 'boolean' },
  granularity: { type: 'string' },
  push: { type: 'string' },
} as const;

/** --granularity, else the setting (SRE_METRICS_GRANULARITY), else per asset (per-item series are opt-in). */
export function granularityOf(ctx: CliContext, value: string | undefined): Granularity {
  return value === undefined ? ctx.settings.metrics.granularity : parseGranularity(value, '--granularity');
}

/** The Pushgateway at `url`, with the token and the network settings. */
export function gatewayAt(ctx: CliContext, url: string): PushOptions {
  return { url, token: ctx.env.SRE_PUSHGATEWAY_TOKEN || undefined, ...limits(ctx.settings) };
}

/** Says the grouping key before pushing, then pushes (refusing a name another repository's group holds). */
export async function pushOne(
  ctx: CliContext,
  gateway: PushOptions,
  source: PushSource,
  granularity: Granularity,
  groups: readonly PushedGroup[] | undefined,
): Promise<void> {
  const key = `job="${PUSH_JOB}", workspace="${source.name}"`;
  ctx.io.stderr(`sre-tracker: pushing the metrics of ${source.ws.dir} to ${redact(gateway.url)} (${key})\n`);
  await pushWorkspace(gateway, source, granularity, groups);
  ctx.io.stderr(`sre-tracker: pushed (${key})\n`);
}

export async function metricsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...METRICS_OPTIONS,
    workspace: { type: 'string' },
    serve: { type: 'string' },
    rules: { type: 'boolean' },
    'prometheus-rule': { type: 'boolean' },
    'red-days': { type: 'string' },
    'runbook-url': { type: 'string' },
    'rule-labels': { type: 'string', multiple: true },
    dashboard: { type: 'boolean' },
    delete: { type: 'boolean' },
    configmap: { type: 'boolean' },
  });
  const emit = (text: string) =>
    values.out ? writeOutputFile(path.resolve(io.cwd, values.out), text) : io.stdout(text);
  if (values.rules || values['prometheus-rule']) {
    const redDays = parseLimit(values['red-days'], DEFAULT_RULE_OPTIONS.redDays, '--red-days', LIMITS.redDays);
    const options = {
      redDays,
      runbookUrl: checkRunbookUrl(values['runbook-url']),
      ruleLabels: parseRuleLabels(values['rule-labels'] ?? []),
    };
    if (!options.runbookUrl)
      io.stderr(
        'sre-tracker metrics: the rules carry no runbook_url; give --runbook-url https://… where the team reads what each alert means\n',
      );
    emit(values['prometheus-rule'] ? prometheusRule(options) : ruleFile(options));
    return 0;
  }
  if (values.dashboard) {
    emit(values.configmap ? dashboardConfigMap() : grafanaDashboard());
    return 0;
  }
  const ctx = cliContext(io, values.dir);
  const named = await workspaceIdentity(ctx.dir, 'metrics');
  const name = values.workspace ?? named.name;
  if (values.delete) {
    if (values.push === undefined)
      throw inputError('--delete needs --push URL: the Pushgateway to delete the group from');
    await deleteMetrics(gatewayAt(ctx, values.push), name);
    io.stderr(
      `sre-tracker: deleted the metrics of ${name} from ${redact(values.push)} (job="sre_maturity", workspace="${name}")\n`,
    );
    return 0;
  }
  const granularity = granularityOf(ctx, values.granularity);
  const ws = await openWorkspace(ctx);
  try {
    const source = { ws, name, identity: named.identity };
    if (values.serve !== undefined) return await serve(ctx, values.serve, [source], granularity);
    if (values.push !== undefined) {
      const gateway = gatewayAt(ctx, values.push);
      const say = (line: string) => io.stderr(`sre-tracker metrics: ${line}\n`);
      await pushOne(ctx, gateway, source, granularity, await groupsOn(gateway, say));
      return 0;
    }
    emit(await maturityMetrics([source], { granularity, openMetrics: values.openmetrics === true, now: new Date() }));
    return 0;
  } finally {
    ws.dispose();
  }
}

/**
 * Serves GET (and HEAD) /metrics until the process is stopped, reading the data folder at each scrape. `:9464`
 * listens on loopback only; an exporter for other machines names its address (`0.0.0.0:9464`, `[::]:9464`).
 */
async function serve(
  ctx: CliContext,
  where: string,
  sources: readonly MetricsSource[],
  granularity: Granularity,
): Promise<number> {
  const match = /^(.*):(\d{1,5})$/.exec(where);
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw inputError(`--serve takes [HOST]:PORT, e.g. :9464 (this machine only) or 0.0.0.0:9464, not "${where}"`);
  const host = match[1]?.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const server = http.createServer((req, res) => {
    // Total: no request, however malformed, may stop the exporter for everyone else.
    try {
      answerScrape(ctx, req, res, sources, granularity);
    } catch (e) {
      ctx.io.stderr(`sre-tracker metrics: a request failed: ${(e as Error).message}\n`);
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('Bad request\n');
    }
  });
  // A client that trickles its request is cut off rather than held open for minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(inputError(`--serve ${where}: ${e.message}`)));
    server.listen(port, host, resolve);
  });
  const address = server.address() as { address: string; port: number; family: string };
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ctx.io.stderr(`sre-tracker metrics: serving http://${shown}:${address.port}/metrics (stop with Ctrl+C)\n`);
  await new Promise<void>((resolve) => {
    // SIGTERM (a pod or a systemd unit stopping) ends idle connections now and busy ones after a short grace.
    const stop = () => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** How long a scrape under way may finish after SIGTERM. */
const STOP_GRACE_MS = 2000;

function answerScrape(
  ctx: CliContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  sources: readonly MetricsSource[],
  granularity: Granularity,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if ((req.method !== 'GET' && req.method !== 'HEAD') || url.pathname !== '/metrics') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the metrics are at /metrics\n');
    return;
  }
  const openMetrics = accepts(req.headers.accept ?? '', 'application/openmetrics-text');
  // Prometheus asks for gzip on every scrape: a per-item exposition shrinks about tenfold.
  const gzip = accepts(String(req.headers['accept-encoding'] ?? ''), 'gzip');
  maturityMetrics(sources, { granularity, openMetrics, now: new Date() }).then(
    (text) => {
      const body = gzip ? zlib.gzipSync(text) : Buffer.from(text);
      res.writeHead(200, {
        'Content-Type': openMetrics ? openMetricsContentType : prometheusContentType,
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        'Content-Length': body.length,
        Vary: 'Accept, Accept-Encoding',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    (e: unknown) => {
      ctx.io.stderr(`sre-tracker metrics: ${(e as Error).message}\n`);
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('The metrics could not be read: see the server log.\n');
    },
  );
}

/**
 * Whether an Accept or Accept-Encoding header names `token` with a weight above 0 (RFC 9110 §12.4.2: q=0 is "not
 * acceptable").
 */
export function accepts(header: string, token: string): boolean {
  return header.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== token) return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
