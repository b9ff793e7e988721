// `npm run bench`: timings in process on a generated, fully assessed workspace of 200 flows x 10 assets x the default model
// (store, tree, dashboard, reports, sync), then the CLI as whole processes at three sizes. Prints, asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { parseFlows } from '../../src/core/domain/flows';
import { pageTarget, workTracker } from '../../src/core/integrations/clients';
import { MAX_PAGE_SIZE } from '../../src/core/integrations/rally/rally-wsapi';
import { defaultSettings } from '../../src/core/integrations/settings';
import { writeFileAtomic } from '../../src/core/storage/atomic-file';
import { saveAssessment } from '../../src/core/usecases/assessment';
import { scanEvidence } from '../../src/core/usecases/evidence/scan';
import { maturityMetrics } from '../../src/core/usecases/metrics/maturity-metrics';
import { heatmap } from '../../src/core/usecases/reports/heatmap';
import { heatmapSummary } from '../../src/core/usecases/reports/heatmap-html';
import { reportData } from '../../src/core/usecases/reports/report-data';
import { writeReports } from '../../src/core/usecases/reports/write-reports';
import { rollup } from '../../src/core/usecases/rollup/rollup';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { sync } from '../../src/core/usecases/sync/sync';
import { dataFolder, Workspace } from '../../src/core/workspace';
import { buildTree } from '../../src/extension/tree-model';
import { answersForLevel } from '../../src/shared/maturity';
import { ConfluenceFake, SAMPLE_PAGE } from '../fakes/confluence-fake';
import { RallyFake } from '../fakes/rally-fake';
import { fakeServices, settingsWith } from '../helpers/settings';
import { benchWorkspace } from './bench-workspace';
import { benchCliProcesses, benchEvidenceTree, median, SQLITE_EXPORT } from './cli-processes';

const FLOWS = 200;
const ASSETS = 10;

async function time<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(48)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return result;
}

/** Median of `runs` timings of `fn`, in milliseconds. */
function medianOf(runs: number, fn: () => unknown): number {
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    }),
  );
}

function line(label: string, ms: number, note = ''): void {
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(9)} ms${note ? `  ${note}` : ''}`);
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  const bench = await benchWorkspace(FLOWS);
  const dir = bench.dir;
  try {
    console.log(`${bench.items} items (${FLOWS} flows × ${ASSETS} assets × the default model), every one assessed`);
    line('create database from the CSVs (setup)', bench.setupMs);
    console.log(
      `  sre_data.db ${bench.setupMiB.toFixed(2)} MiB after setup, ${bench.assessedMiB.toFixed(2)} MiB assessed with history`,
    );
    const ws = await time('open the database', () => Workspace.open(dir, defaultSettings()));
    line(
      'read every item with its status (median of 5)',
      medianOf(5, () => ws.items()),
    );
    const items = ws.items();
    const item = items[0];
    if (!item) throw new Error('no items');
    let n = 0;
    line(
      'one durable write: assessment + history (median of 5)',
      medianOf(5, () =>
        saveAssessment(ws.store, {
          itemKey: item.key,
          capability: item.capability,
          answers: answersForLevel(item.capability, n++ % 5),
          notes: 'bench',
          evidenceUrl: '',
          by: 'bench',
          at: new Date(),
        }),
      ),
    );
    // sql.js holds the database in memory: a write exports the whole file and replaces it, so this is its floor.
    const bytes = fs.readFileSync(path.join(dir, 'sre_data.db'));
    line(
      'floor: the same file written whole, durably',
      medianOf(5, () => writeFileAtomic(path.join(dir, 'copy.db'), bytes)),
    );
    await time('re-run setup on an unchanged workspace (merge)', () => setupWorkspace({ dir }));

    // The tree as the extension host draws it: roots on open or after an outside change, a node on expansion.
    const options = { groupByPillar: true, filter: 'all' as const };
    line(
      'tree: refresh after an outside change (read + roots)',
      medianOf(5, () => buildTree(ws.items(), options)),
    );
    line(
      'tree: one assessed item redrawn (item + roots)',
      medianOf(5, () => (ws.item(item.key), buildTree(items, options))),
    );
    const roots = buildTree(items, options);
    let slowest = 0;
    for (const flow of roots) {
      const start = performance.now();
      const assets = flow.children();
      slowest = Math.max(slowest, performance.now() - start);
      for (const asset of assets) {
        const begin = performance.now();
        for (const pillar of asset.children()) pillar.children();
        slowest = Math.max(slowest, performance.now() - begin);
      }
    }
    line('tree: slowest node expansion', slowest, `(${roots.length} flows, every node expanded)`);
    let state = '';
    line(
      'dashboard: data for the webview (median of 5)',
      medianOf(5, () => {
        const now = new Date();
        const data = reportData(ws, now);
        const h = heatmap(data, ws.trends(data.items, now), now);
        state = JSON.stringify({ summaryHtml: heatmapSummary(h), columns: h.columns, rows: h.rows });
      }),
      `(${(state.length / 1024 / 1024).toFixed(1)} MiB of JSON)`,
    );
    const reports = await time('report: rally_import.csv + confluence_page.txt', () =>
      writeReports(ws, { outDir: path.join(dir, 'out') }),
    );
    console.log(`  ${reports.stories} stories, ${reports.data.todo.length} to-do rows`);
    await time('floor: sqlite3 tool exporting the same rows to CSV', () => {
      const r = spawnSync('sqlite3', ['-csv', '-header', path.join(dir, 'sre_data.db'), SQLITE_EXPORT], {
        maxBuffer: 1 << 28,
      });
      if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr.toString()}`);
    });
    const itemCount = ws.items().length;
    for (const granularity of ['item', 'asset', 'flow'] as const) {
      let text = '';
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        text = await maturityMetrics([{ ws }], { granularity, openMetrics: false, now: new Date() });
        runs.push(performance.now() - start);
      }
      const series = text.split('\n').filter((l) => l.startsWith('sre_')).length;
      line(
        `metrics: exposition, granularity ${granularity} (median of 3)`,
        median(runs),
        `(${series} series, ${Math.round((series * 1000) / itemCount)} per 1,000 items, ${(text.length / 1024 / 1024).toFixed(1)} MiB)`,
      );
    }
    ws.store.close();
    await benchMcp(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await benchSync();
  benchEvidence();
  benchBitnamiCharts();
  await benchRollup();
  // 3,000, 30,000 and 100,050 items: the growth between them shows whether it stays linear.
  await benchCliProcesses([20, 200, 667], 200);
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-tree-'));
  try {
    benchEvidenceTree(tree);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

/**
 * `sre-tracker mcp` as an assistant uses it, over stdio with the SDK's client: list_items with a filter on the
 * 30,000-item workspace (the target is 200 ms), beside a tools/list round trip, the protocol's own floor.
 */
async function benchMcp(dir: string): Promise<void> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(__dirname, '..', '..', 'dist', 'cli.mjs'), 'mcp', '--dir', dir],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  try {
    const round = async (fn: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        await fn();
        runs.push(performance.now() - start);
      }
      return median(runs);
    };
    const filter = { flow: 'Flow 7', status: 'red' };
    line(
      'mcp: list_items with a filter (median of 7)',
      await round(() => client.callTool({ name: 'list_items', arguments: filter })),
    );
    line(
      'mcp: list_items, tier 1 and stale (median of 7)',
      await round(() => client.callTool({ name: 'list_items', arguments: { tier: 1, stale: false } })),
    );
    line(
      'mcp: summarize by owner (median of 7)',
      await round(() => client.callTool({ name: 'summarize', arguments: { by: 'owner' } })),
    );
    line(
      'mcp: get_item (median of 7)',
      await round(() =>
        client.callTool({
          name: 'get_item',
          arguments: { flow: 'Flow 7', asset: 'asset-3', capability: 'On-call' },
        }),
      ),
    );
    line('floor: mcp tools/list round trip (median of 7)', await round(() => client.listTools()));
  } finally {
    await client.close();
  }
}

/** 200 workspaces of 3,000 assessed items each rolled into one organisation report, in process. */
async function benchRollup(): Promise<void> {
  const one = await benchWorkspace(20);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-rollup-'));
  try {
    const folders = Array.from({ length: 200 }, (_, n) => {
      const dir = path.join(root, `team-${n}`);
      fs.cpSync(one.dir, dir, { recursive: true });
      return dataFolder(dir, `team-${n}`, defaultSettings);
    });
    let read = 0;
    await time('rollup: 200 workspaces × 3,000 items', async () => {
      read = (await rollup(folders)).workspaces.length;
    });
    console.log(`  ${read} workspaces read`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(one.dir, { recursive: true, force: true });
  }
}

/** The evidence scan of 2,000 assets, each with a folder of manifests, rules, an SLO and a runbook, in process. */
function benchEvidence(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-evidence-'));
  try {
    const rows = ['flow,asset,tier,path'];
    for (let a = 0; a < 2000; a++) {
      const service = path.join(dir, 'services', `s${a}`);
      fs.mkdirSync(path.join(service, 'runbooks'), { recursive: true });
      fs.writeFileSync(path.join(service, 'deployment.yaml'), EVIDENCE_FILES.deployment.replaceAll('NAME', `s${a}`));
      fs.writeFileSync(path.join(service, 'rules.yaml'), EVIDENCE_FILES.rules);
      fs.writeFileSync(path.join(service, 'slo.yaml'), EVIDENCE_FILES.slo.replaceAll('NAME', `s${a}`));
      fs.writeFileSync(path.join(service, 'runbooks', 'high-errors.md'), '# High errors\n');
      rows.push(`Flow ${a % 200},s${a},1,services/s${a}`);
    }
    fs.writeFileSync(path.join(dir, 'CODEOWNERS'), '/services/ @sre\n');
    const flows = parseFlows(rows.join('\n'), 'flows.csv');
    let findings = 0;
    line(
      'evidence: scan of 2,000 assets (8,000 files)',
      medianOf(3, () => (findings = scanEvidence(dir, flows).assets.reduce((n, a) => n + a.findings.length, 0))),
      `(${findings} findings)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bitnami's 139 charts as a tree of the same shape (issue 42): each chart the corpus's bitnami/nginx excerpt (the
 * copyright comment, the common library's includes), a _helpers.tpl of its own, a Service and an HPA.
 */
function benchBitnamiCharts(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-bitnami-'));
  const nginx = path.join(__dirname, '../fixtures/evidence-corpus/charts/nginx');
  const helpers = `{{- define "CHART.image" -}}\n{{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}\n{{- end -}}\n{{- define "CHART.serviceAccountName" -}}\n{{- if .Values.serviceAccount.create -}}\n{{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}\n{{- else -}}\n{{ default "default" .Values.serviceAccount.name }}\n{{- end -}}\n{{- end -}}\n`;
  const hpa = `{{- if .Values.autoscaling.enabled }}\napiVersion: {{ include "common.capabilities.hpa.apiVersion" ( dict "context" $ ) }}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ include "common.names.fullname" . }}\n{{- end }}\n`;
  try {
    const rows = ['flow,asset,tier,path'];
    for (let c = 0; c < 139; c++) {
      const chart = path.join(dir, 'bitnami', `chart${c}`);
      fs.cpSync(nginx, chart, { recursive: true });
      fs.writeFileSync(path.join(chart, 'templates', '_helpers.tpl'), helpers.replaceAll('CHART', `chart${c}`));
      fs.writeFileSync(path.join(chart, 'templates', 'hpa.yaml'), hpa);
      rows.push(`Charts,chart${c},1,bitnami/chart${c}`);
    }
    const flows = parseFlows(rows.join('\n'), 'flows.csv');
    let findings = 0;
    const before = process.memoryUsage().rss;
    line(
      'evidence: scan of 139 Bitnami-shaped charts (median of 3)',
      medianOf(3, () => (findings = scanEvidence(dir, flows).assets.reduce((n, a) => n + a.findings.length, 0))),
      `(${findings} findings, RSS +${((process.memoryUsage().rss - before) / 1048576).toFixed(0)} MiB)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const EVIDENCE_FILES = {
  deployment: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: app
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          resources: { requests: { cpu: 100m }, limits: { memory: 256Mi } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: NAME
spec:
  minAvailable: 2
`,
  rules: `groups:
  - name: app
    rules:
      - alert: HighErrors
        expr: rate(errors_total[5m]) > 1
        annotations:
          runbook_url: https://runbooks.example.com/high-errors
`,
  slo: `apiVersion: openslo/v1
kind: SLO
metadata:
  name: NAME-availability
spec:
  objectives:
    - target: 0.999
`,
};

/** A sync of 5,000 stories and 20,000 items against the local fakes, each request delayed 20 ms. */
async function benchSync(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-sync-'));
  const rally = new RallyFake({ latencyMs: 20 });
  const confluence = new ConfluenceFake();
  await Promise.all([rally.start(), confluence.start()]);
  try {
    const rows = ['flow,asset,tier'];
    for (let a = 0; a < 1334; a++) rows.push(`Flow ${a % 50},asset-${a},1`);
    fs.writeFileSync(path.join(dir, 'flows.csv'), rows.join('\n') + '\n');
    await setupWorkspace({ dir });
    confluence.addPage('1', 'SRE', SAMPLE_PAGE);
    const settings = settingsWith(fakeServices(rally, confluence, '1'));
    const ws = await Workspace.open(dir, settings);
    const items = ws.items();
    for (let i = 0; i < 5000; i++)
      rally.addStory({
        Name: `[SRE ${items[i * 4]?.key ?? ''}] story ${i}`,
        Tags: ['sre'],
        ScheduleState: i % 3 === 0 ? 'Completed' : 'In-Progress',
      });
    let requests = 0;
    const hooks = { onRequest: () => void requests++, onWarning: () => undefined };
    console.log(`sync: ${items.length} items, ${rally.stories.length} stories, 20 ms per Rally request`);
    const page = await pageTarget(settings, confluence.token, hooks);
    const result = await time('sync (fetch, plan, apply, page update)', () =>
      sync(ws, {
        tracker: workTracker(settings, rally.apiKey, hooks),
        page,
        dryRun: false,
        by: 'bench',
      }),
    );
    const pages = Math.ceil(rally.stories.length / MAX_PAGE_SIZE);
    console.log(
      // Stories are read twice: under the parent with the tags, and by the key marker in their names (imported ones).
      `  ${result.plan?.changes.length ?? 0} changes; HTTP requests: ${requests} (minimum possible: 2 × ${pages} pages + 1 GET + 1 PUT = ${2 * pages + 2}; the rest resolve workspace and project)`,
    );
    ws.store.close();
  } finally {
    await Promise.all([rally.stop(), confluence.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
