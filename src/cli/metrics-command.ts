/**
 * `sre-tracker metrics`: the workspace's maturity for Prometheus. Prints (or writes) the exposition, pushes it to a
 * Pushgateway, or serves /metrics for a scrape; prints the alerting rules or the Grafana dashboard.
 */
import * as http from 'node:http';
import * as path from 'node:path';

import { openMetricsContentType, prometheusContentType } from 'prom-client';

import { inputError } from '../core/errors';
import { limits } from '../core/integrations/client-options';
import { pushMetrics } from '../core/integrations/prometheus/pushgateway';
import { type Granularity, parseGranularity } from '../core/settings';
import { writeOutputFile } from '../core/storage/output-file';
import { DEFAULT_RULE_OPTIONS, prometheusRule, ruleFile } from '../core/usecases/metrics/alert-rules';
import { grafanaDashboard } from '../core/usecases/metrics/grafana-dashboard';
import { maturityMetrics, type MetricsSource } from '../core/usecases/metrics/maturity-metrics';
import { parse } from './args';
import { type CliContext, cliContext, openWorkspace } from './context';
import { type Io } from './io';

export const METRICS_OPTIONS = {
  out: { type: 'string' },
  openmetrics: { type: 'boolean' },
  granularity: { type: 'string' },
  push: { type: 'string' },
} as const;

/** --granularity, else the setting (SRE_METRICS_GRANULARITY), else per item. */
export function granularityOf(ctx: CliContext, value: string | undefined): Granularity {
  return value === undefined ? ctx.settings.metrics.granularity : parseGranularity(value, '--granularity');
}

/** Pushes each source under its own grouping key (its workspace name). */
export async function pushAll(
  ctx: CliContext,
  url: string,
  sources: readonly (MetricsSource & { name: string })[],
  granularity: Granularity,
): Promise<void> {
  for (const source of sources) {
    const text = await maturityMetrics([{ ws: source.ws }], { granularity, openMetrics: false, now: new Date() });
    await pushMetrics(
      { url, token: ctx.env.SRE_PUSHGATEWAY_TOKEN || undefined, ...limits(ctx.settings) },
      source.name,
      text,
    );
    ctx.io.stderr(
      `sre-tracker: pushed the metrics of ${source.name} to ${url} (job="sre_maturity", workspace="${source.name}")\n`,
    );
  }
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
    dashboard: { type: 'boolean' },
  });
  const emit = (text: string) =>
    values.out ? writeOutputFile(path.resolve(io.cwd, values.out), text) : io.stdout(text);
  if (values.rules || values['prometheus-rule']) {
    const redDays = Number(values['red-days'] ?? DEFAULT_RULE_OPTIONS.redDays);
    if (!Number.isInteger(redDays) || redDays < 1)
      throw inputError(`--red-days must be a whole number of days, not "${values['red-days']}"`);
    const options = { redDays, runbookUrl: values['runbook-url'] ?? DEFAULT_RULE_OPTIONS.runbookUrl };
    emit(values['prometheus-rule'] ? prometheusRule(options) : ruleFile(options));
    return 0;
  }
  if (values.dashboard) {
    emit(grafanaDashboard());
    return 0;
  }
  const ctx = cliContext(io, values.dir);
  const granularity = granularityOf(ctx, values.granularity);
  const ws = await openWorkspace(ctx);
  try {
    if (values.serve !== undefined) return await serve(ctx, values.serve, [{ ws }], granularity);
    if (values.push !== undefined) {
      await pushAll(ctx, values.push, [{ ws, name: values.workspace ?? path.basename(ctx.dir) }], granularity);
      return 0;
    }
    emit(await maturityMetrics([{ ws }], { granularity, openMetrics: values.openmetrics === true, now: new Date() }));
    return 0;
  } finally {
    ws.dispose();
  }
}

/**
 * Serves GET /metrics until the process is stopped, reading the data folder at each scrape. `:9464` listens on
 * every interface (as Go's servers read it), `127.0.0.1:9464` on one.
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
    throw inputError(`--serve takes [HOST]:PORT, e.g. :9464 or 127.0.0.1:9464, not "${where}"`);
  const host = match[1]?.replace(/^\[|\]$/g, '') || undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the metrics are at /metrics\n');
      return;
    }
    // A scraper that asks for OpenMetrics gets it; otherwise the text format.
    const openMetrics = (req.headers.accept ?? '').includes('application/openmetrics-text');
    maturityMetrics(sources, { granularity, openMetrics, now: new Date() }).then(
      (text) =>
        res
          .writeHead(200, {
            'Content-Type': openMetrics ? openMetricsContentType : prometheusContentType,
          })
          .end(text),
      (e: unknown) => {
        ctx.io.stderr(`sre-tracker metrics: ${(e as Error).message}\n`);
        res
          .writeHead(500, { 'Content-Type': 'text/plain' })
          .end('The metrics could not be read: see the server log.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(inputError(`--serve ${where}: ${e.message}`)));
    server.listen(port, host, resolve);
  });
  const address = server.address() as { address: string; port: number };
  ctx.io.stderr(
    `sre-tracker metrics: serving http://${host ?? '0.0.0.0'}:${address.port}/metrics (stop with Ctrl+C)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
