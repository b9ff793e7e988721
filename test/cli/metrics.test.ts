/**
 * `sre-tracker metrics` against the real engines from Debian's packages (issue 30): promtool checks the exposition
 * and the rules and unit-tests every alert, a real Pushgateway receives a push, a real Prometheus scrapes --serve
 * and answers PromQL. CI installs the packages (.ci/run); elsewhere these tests say what to install.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { parse as parseYaml } from 'yaml';

import { DASHBOARD_QUERIES } from '../../src/core/usecases/metrics/grafana-dashboard';
import { cli } from '../helpers/cli';
import { CLI_ARGS } from '../helpers/cli-under-test';
import { engineSkip, eventually, freePort, get, start } from '../helpers/engines';
import { assessAtLevel, setUpWorkspace, tempDir } from '../helpers/workspace';

/** A workspace shaped like a team's: owners, tiers, a campaign, a label value that needs escaping, one exemption. */
async function fixture() {
  const ws = await setUpWorkspace({
    flowsCsv:
      'flow,asset,owner,tier\nCheckout,web,team-web,1\nCheckout,cart,team-web,1\nCheckout,payments-api,team-pay,2\n"Pay ""fast"" \\ lane",batch,team-pay,3\n',
  });
  fs.writeFileSync(
    path.join(ws.dir, 'campaigns.csv'),
    'name,flows,tiers,pillar,capability,target_level,due\nTier-1 on-call,Checkout,1,,On-call,3,2099-12-31\n',
  );
  assessAtLevel(ws, ['checkout/web/on-call', 'checkout/web/postmortems'], 0);
  assessAtLevel(ws, ['checkout/payments-api/on-call'], 3);
  await cli([
    'exempt',
    '--flow',
    'Checkout',
    '--asset',
    'web',
    '--capability',
    'Toil Reduction',
    '--reason',
    'no toil',
    '--until',
    '2099-01-01',
    '--dir',
    ws.dir,
  ]);
  return ws;
}

function promtool(args: string[], input?: string) {
  return spawnSync('promtool', args, { encoding: 'utf8', input });
}

describe('sre-tracker metrics: the exposition (issue 30)', { skip: engineSkip }, () => {
  it('is accepted by promtool check metrics at every granularity and as OpenMetrics, with HELP, TYPE and escaped labels', async () => {
    const ws = await fixture();
    for (const granularity of ['item', 'asset', 'flow']) {
      const r = await cli(['metrics', '--granularity', granularity, '--dir', ws.dir]);
      assert.equal(r.code, 0, r.stderr);
      const checked = promtool(['check', 'metrics'], r.stdout);
      assert.equal(checked.status, 0, `${granularity}: ${checked.stdout}${checked.stderr}`);
      assert.equal(checked.stdout + checked.stderr, '', `promtool's linter has nothing to say (${granularity})`);
      for (const name of ['sre_maturity_items', 'sre_maturity_score', 'sre_maturity_campaign_progress']) {
        assert.match(r.stdout, new RegExp(`^# HELP ${name} .+\\n# TYPE ${name} gauge$`, 'm'));
      }
      assert.equal(/^sre_maturity_level\{/m.test(r.stdout), granularity === 'item', 'per-item series only at item');
      assert.equal(/^sre_maturity_items\{[^}]*asset=/m.test(r.stdout), granularity === 'asset');
    }
    const item = (await cli(['metrics', '--dir', ws.dir])).stdout;
    assert.match(item, /flow="Pay \\"fast\\" \\\\ lane"/, 'quote and backslash escaped as the format says');
    assert.match(
      item,
      /^sre_maturity_level\{flow="Checkout",asset="web",capability="On-call",pillar="Incident Management",owner="team-web",tier="1",status="red"\} 0$/m,
    );
    assert.doesNotMatch(item, /sre_maturity_level\{[^}]*asset="batch"/, 'never assessed: no level series');
    assert.match(
      item,
      /^sre_maturity_exemption_expiry_timestamp_seconds\{[^}]*capability="Toil Reduction"[^}]*\} 4070995199$/m,
    );
    assert.match(item, /^sre_maturity_campaign_due_timestamp_seconds\{campaign="Tier-1 on-call"\} 4102444799$/m);
    // Counts add up to the items, and the score is the one status --by prints.
    const counted = [...item.matchAll(/^sre_maturity_items\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    assert.equal(counted, ws.items().length);
    const red = [...item.matchAll(/^sre_maturity_items\{[^}]*status="red"[^}]*\} (\d+)$/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    assert.equal(red, ws.items().filter((i) => i.status === 'Red').length);
    const status = (await cli(['status', '--by', 'owner', '--dir', ws.dir])).stdout;
    const payScore = /^sre_maturity_score\{by="owner",group="team-pay"\} (\d+)$/m.exec(item)?.[1];
    assert.match(status.split('\n').find((l) => l.startsWith('team-pay')) ?? '', new RegExp(`\\b${payScore}%`));

    const om = await cli(['metrics', '--openmetrics', '--dir', ws.dir]);
    assert.match(om.stdout, /# EOF\n$/);
    assert.equal(promtool(['check', 'metrics'], om.stdout).status, 0);
  });

  it('rollup writes the metrics of many workspaces as one exposition, told apart by a workspace label', async () => {
    const [a, b] = [await fixture(), await fixture()];
    const r = await cli(['rollup', a.dir, b.dir, '--metrics', '-', '--granularity', 'flow'], {
      cwd: path.dirname(a.dir),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(promtool(['check', 'metrics'], r.stdout).status, 0);
    for (const dir of [a.dir, b.dir])
      assert.match(
        r.stdout,
        new RegExp(`^sre_maturity_score\\{workspace="${path.basename(dir)}",by="total",group="total"\\} \\d+$`, 'm'),
      );
    const gone = await cli(['rollup', a.dir, path.join(a.dir, 'nowhere'), '--metrics', '-'], {
      cwd: path.dirname(a.dir),
    });
    assert.equal(gone.code, 1, 'a folder that cannot be read is said, and the others still written');
    assert.match(gone.stderr, /nowhere not read/);
    assert.match(gone.stdout, /sre_maturity_items\{workspace=/);
  });

  it('says how many series each granularity makes, so cardinality is chosen knowingly', async () => {
    const ws = await fixture();
    const series = async (g: string) =>
      (await cli(['metrics', '--granularity', g, '--dir', ws.dir])).stdout.split('\n').filter((l) => /^sre_/.test(l))
        .length;
    const [item, asset, flow] = [await series('item'), await series('asset'), await series('flow')];
    assert.ok(item > asset && asset > flow, `item ${item} > asset ${asset} > flow ${flow}`);
    const bad = await cli(['metrics', '--granularity', 'team', '--dir', ws.dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--granularity must be one of item, asset, flow, not "team"/);
  });
});

describe('sre-tracker metrics --rules: checked and unit-tested by promtool (issue 30)', { skip: engineSkip }, () => {
  it('passes promtool check rules, as a rule file and as a PrometheusRule', async () => {
    const dir = tempDir();
    const rules = await cli([
      'metrics',
      '--rules',
      '--red-days',
      '14',
      '--runbook-url',
      'https://wiki.example.com/sre#alerts',
    ]);
    fs.writeFileSync(path.join(dir, 'rules.yml'), rules.stdout);
    const checked = promtool(['check', 'rules', path.join(dir, 'rules.yml')]);
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /SUCCESS: 6 rules found/);
    for (const rule of (parseYaml(rules.stdout) as { groups: { rules: Record<string, Record<string, string>>[] }[] })
      .groups[0]!.rules) {
      assert.ok(rule.annotations?.summary && rule.annotations.description, `${String(rule.alert)} says what`);
      assert.equal(rule.annotations?.runbook_url, 'https://wiki.example.com/sre#alerts');
      assert.match(rule.labels?.severity ?? '', /^(warning|info)$/);
    }
    const operator = parseYaml(
      (await cli(['metrics', '--rules', '--prometheus-rule', '--rule-labels', 'release=kube-prometheus-stack'])).stdout,
    ) as { kind: string; metadata: { labels: Record<string, string> }; spec: unknown };
    assert.equal(operator.kind, 'PrometheusRule');
    // kube-prometheus-stack's Prometheus selects rules by its release label (ruleSelectorNilUsesHelmValues: true).
    assert.deepEqual(operator.metadata.labels, { role: 'alert-rules', release: 'kube-prometheus-stack' });
    const bare = await cli(['metrics', '--rules']);
    assert.doesNotMatch(bare.stdout, /runbook_url/, 'no relative runbook address');
    assert.match(bare.stderr, /the rules carry no runbook_url; give --runbook-url https:/);
    const relative = await cli(['metrics', '--rules', '--runbook-url', 'README.md#alerts']);
    assert.equal(relative.code, 2);
    assert.match(relative.stderr, /--runbook-url "README\.md#alerts" is not an absolute address/);
    const badLabel = await cli(['metrics', '--rules', '--prometheus-rule', '--rule-labels', 'release']);
    assert.equal(badLabel.code, 2);
    assert.match(badLabel.stderr, /--rule-labels "release" is not a Kubernetes label/);
    fs.writeFileSync(path.join(dir, 'spec.yml'), JSON.stringify(operator.spec));
    assert.equal(
      promtool(['check', 'rules', path.join(dir, 'spec.yml')]).status,
      0,
      'its groups are a valid rule file',
    );
  });

  it('fires each alert on the series that should fire it, and not on those that should not (promtool test rules)', async () => {
    const dir = tempDir();
    const runbook_url = 'https://runbooks.example.com/sre#alerts';
    fs.writeFileSync(
      path.join(dir, 'rules.yml'),
      (await cli(['metrics', '--rules', '--red-days', '14', '--runbook-url', runbook_url])).stdout,
    );
    const item = 'flow="Checkout",asset="web",capability="On-call",pillar="Incident Management",owner="team-web"';
    const itemLabels = {
      flow: 'Checkout',
      asset: 'web',
      capability: 'On-call',
      pillar: 'Incident Management',
      owner: 'team-web',
      tier: '1',
    };
    const named = 'Checkout / web / On-call';
    const day = 86400;
    // Series sampled hourly where an alert has a `for`: a daily sample would be stale (5 min look-back) in between.
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1h',
      tests: [
        {
          interval: '1h',
          input_series: [
            // Red for 20 days on tier 1: fires after 14. Red on tier 2: never.
            { series: `sre_maturity_level{${item},tier="1",status="red"}`, values: `0x${20 * 24}` },
            { series: `sre_maturity_level{${item},tier="2",status="red"}`, values: `0x${20 * 24}` },
          ],
          alert_rule_test: [
            { eval_time: '10d', alertname: 'SreMaturityTier1Red', exp_alerts: [] },
            {
              eval_time: '15d',
              alertname: 'SreMaturityTier1Red',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', ...itemLabels, status: 'red' },
                  exp_annotations: {
                    summary: `${named} has been Red for 14 days`,
                    description: `The tier-1 item ${named} (owner team-web) is at level 0, below its target, and has stayed Red for 14 days. Assess it again or plan the work.`,
                    runbook_url,
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1d',
          input_series: [
            // Due on day 10: behind at 60% it fires from day 3; one at 100% and one due in 30 days never do.
            { series: 'sre_maturity_campaign_due_timestamp_seconds{campaign="behind"}', values: `${10 * day}x20` },
            { series: 'sre_maturity_campaign_progress{campaign="behind"}', values: '0.6x20' },
            { series: 'sre_maturity_campaign_due_timestamp_seconds{campaign="done"}', values: `${10 * day}x20` },
            { series: 'sre_maturity_campaign_progress{campaign="done"}', values: '1x20' },
            { series: 'sre_maturity_campaign_due_timestamp_seconds{campaign="later"}', values: `${30 * day}x20` },
            { series: 'sre_maturity_campaign_progress{campaign="later"}', values: '0.1x20' },
            // Not applicable until day 3; evidence gone from day 2.
            { series: `sre_maturity_exemption_expiry_timestamp_seconds{${item},tier="1"}`, values: `${3 * day}x10` },
            { series: `sre_maturity_evidence_gone{${item},tier="1"}`, values: '0 0 1 1' },
          ],
          alert_rule_test: [
            { eval_time: '2d', alertname: 'SreMaturityCampaignDueSoon', exp_alerts: [] },
            {
              eval_time: '5d',
              alertname: 'SreMaturityCampaignDueSoon',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', campaign: 'behind' },
                  exp_annotations: {
                    summary: 'Campaign behind is due within 7 days below its target',
                    description:
                      'Campaign behind ends within a week and not all of its items are at its target level yet.',
                    runbook_url,
                  },
                },
              ],
            },
            { eval_time: '12d', alertname: 'SreMaturityCampaignDueSoon', exp_alerts: [] },
            { eval_time: '2d', alertname: 'SreMaturityExemptionExpired', exp_alerts: [] },
            {
              eval_time: '4d',
              alertname: 'SreMaturityExemptionExpired',
              exp_alerts: [
                {
                  exp_labels: { severity: 'info', ...itemLabels },
                  exp_annotations: {
                    summary: `${named}: Not applicable is past its review date`,
                    description: `${named} was marked Not applicable until a review date that has passed: review it, and mark it again or assess it.`,
                    runbook_url,
                  },
                },
              ],
            },
            { eval_time: '1d', alertname: 'SreMaturityEvidenceGone', exp_alerts: [] },
            {
              eval_time: '3d',
              alertname: 'SreMaturityEvidenceGone',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', ...itemLabels },
                  exp_annotations: {
                    summary: `${named}: the repository evidence of its assessment is gone`,
                    description: `Answers of ${named} were taken from repository files that are no longer found: assess it again.`,
                    runbook_url,
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1h',
          input_series: [
            // The total score: 80 for 8 days, 70 for 3 (10 below a week before), then 80 again.
            {
              series: 'sre_maturity_score{by="total",group="total"}',
              values: `80x${8 * 24} 70x${3 * 24} 80x${10 * 24}`,
            },
          ],
          alert_rule_test: [
            { eval_time: '7d', alertname: 'SreMaturityScoreFalling', exp_alerts: [] },
            {
              eval_time: '10d',
              alertname: 'SreMaturityScoreFalling',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', by: 'total', group: 'total' },
                  exp_annotations: {
                    summary: 'The maturity score fell by more than 5 points in a week',
                    description:
                      'The overall score is 70%, more than 5 points below a week ago: items fell below target or new ones arrived unassessed.',
                    runbook_url,
                  },
                },
              ],
            },
            { eval_time: '20d', alertname: 'SreMaturityScoreFalling', exp_alerts: [] },
          ],
        },
        {
          // A workspace whose job stopped pushing two days ago; one that pushes every hour never fires.
          interval: '1h',
          input_series: [
            { series: 'push_time_seconds{job="sre_maturity",workspace="payments"}', values: `0x${3 * 24}` },
            { series: 'push_time_seconds{job="sre_maturity",workspace="search"}', values: `0+3600x${3 * 24}` },
          ],
          alert_rule_test: [
            { eval_time: '1d', alertname: 'SreMaturityPushStale', exp_alerts: [] },
            {
              eval_time: '2d1h',
              alertname: 'SreMaturityPushStale',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'sre_maturity', workspace: 'payments' },
                  exp_annotations: {
                    summary: 'Workspace payments has pushed no maturity metrics for 2 days',
                    description:
                      'The Pushgateway keeps the last push forever, so the maturity of payments is frozen as it was: check the job that runs sre-tracker metrics --push, or delete the group if the workspace is gone.',
                    runbook_url,
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, 'tests.yml'), JSON.stringify(tests));
    const r = spawnSync('promtool', ['test', 'rules', 'tests.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /SUCCESS/);
  });
});

describe('sre-tracker metrics with a real Pushgateway and a real Prometheus (issue 30)', { skip: engineSkip }, () => {
  it('pushes under job="sre_maturity" and the workspace, replacing the group on the next push', async () => {
    const ws = await fixture();
    const port = await freePort();
    start('prometheus-pushgateway', [
      `--web.listen-address=127.0.0.1:${port}`,
      `--persistence.file=${path.join(tempDir(), 'pg.data')}`,
    ]);
    const gateway = `http://127.0.0.1:${port}`;
    await eventually('the Pushgateway', () => get(`${gateway}/-/ready`).then(() => true), 20_000);
    const name = 'team one/payments';
    const pushed = await cli(['metrics', '--push', gateway, '--workspace', name, '--dir', ws.dir]);
    assert.equal(pushed.code, 0, pushed.stderr);
    const held = await get(`${gateway}/metrics`);
    assert.match(
      held,
      /^sre_maturity_level\{asset="web",capability="On-call",flow="Checkout",instance="",job="sre_maturity",owner="team-web",pillar="Incident Management",status="red",tier="1",workspace="team one\/payments"\} 0$/m,
    );
    // An assessment later: the next push replaces the group, so the Red series is gone, not left behind.
    assessAtLevel(ws, ['checkout/web/on-call'], 3);
    assert.equal((await cli(['metrics', '--push', gateway, '--workspace', name, '--dir', ws.dir])).code, 0);
    const after = await get(`${gateway}/metrics`);
    assert.doesNotMatch(after, /capability="On-call",flow="Checkout"[^}]*status="red"/);
    assert.match(
      after,
      /capability="On-call",flow="Checkout",instance="",job="sre_maturity",owner="team-web",pillar="Incident Management",status="green"/,
    );

    // A nightly job pushes an organisation at once: each folder under its own workspace.
    const other = await fixture();
    const org = await cli(['rollup', ws.dir, other.dir, '--push', gateway], { cwd: path.dirname(ws.dir) });
    assert.equal(org.code, 0, org.stderr);
    const groups = await get(`${gateway}/metrics`);
    for (const dir of [ws.dir, other.dir])
      assert.match(
        groups,
        new RegExp(
          `sre_maturity_score\\{by="total",group="total",instance="",job="sre_maturity",workspace="${path.basename(dir)}"\\}`,
        ),
      );

    // A workspace that is gone: its group is deleted, the others stay (the gateway never forgets by itself).
    const deleted = await cli(['metrics', '--delete', '--push', gateway, '--workspace', name, '--dir', ws.dir]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /deleted the metrics of team one\/payments/);
    const left = await get(`${gateway}/metrics`);
    assert.doesNotMatch(left, /workspace="team one\/payments"/);
    assert.match(left, new RegExp(`workspace="${path.basename(other.dir)}"`));
    const nowhere = await cli(['metrics', '--delete', '--dir', ws.dir]);
    assert.equal(nowhere.code, 2);
    assert.match(nowhere.stderr, /--delete needs --push URL/);

    const refused = await cli(['metrics', '--push', 'http://pushgateway.example.com', '--dir', ws.dir]);
    assert.equal(refused.code, 2, 'plain http leaves the machine only for loopback');
  });

  it('is scraped from --serve by Prometheus, and PromQL over its API counts the Red items; the dashboard queries run', async () => {
    const ws = await fixture();
    const [metricsPort, promPort] = [await freePort(), await freePort()];
    start(process.execPath, [...CLI_ARGS, 'metrics', '--serve', `127.0.0.1:${metricsPort}`, '--dir', ws.dir]);
    await eventually('--serve', () => get(`http://127.0.0.1:${metricsPort}/metrics`).then(() => true), 30_000);
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: sre\n    static_configs:\n      - targets: ['127.0.0.1:${metricsPort}']\n`,
    );
    start('prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    const query = async (promql: string) => {
      const body = JSON.parse(
        await get(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`),
      ) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      assert.equal(body.status, 'success', promql);
      return body.data.result;
    };
    const expected = ws.items().filter((i) => i.status === 'Red').length;
    const redCount = async () => (await query('sum(sre_maturity_items{status="red"})'))[0]?.value[1];
    await eventually('Prometheus to scrape the Red count', async () => (await redCount()) === String(expected), 60_000);
    // A change on disk shows at the next scrape: --serve reads the data folder each time.
    assessAtLevel(ws, ['checkout/web/postmortems'], 3);
    await eventually('the next scrape to see it', async () => (await redCount()) === String(expected - 1), 30_000);
    for (const promql of Object.values(DASHBOARD_QUERIES)) {
      const result = await query(promql.replaceAll('$workspace', '.*'));
      assert.ok(result.length > 0, `the dashboard query ${promql} finds series`);
    }
  });
});

describe('sre-tracker metrics --dashboard provisions as well as it imports (issue 41)', () => {
  it('asks for its Prometheus through a datasource variable, never ${DS_…}; --configmap is the sidecar’s ConfigMap', async () => {
    const r = await cli(['metrics', '--dashboard']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\$\{DS_|__inputs/, 'nothing only the Import screen substitutes');
    const dashboard = JSON.parse(r.stdout) as {
      templating: { list: { name: string; type: string; query: unknown; datasource?: { uid: string } }[] };
      panels: { datasource: { uid: string }; targets: { datasource: { uid: string } }[] }[];
    };
    const [datasource, workspace] = dashboard.templating.list;
    assert.deepEqual(
      [datasource?.name, datasource?.type, datasource?.query],
      ['datasource', 'datasource', 'prometheus'],
    );
    assert.equal(workspace?.datasource?.uid, '${datasource}');
    for (const panel of dashboard.panels) {
      assert.equal(panel.datasource.uid, '${datasource}');
      for (const t of panel.targets) assert.equal(t.datasource.uid, '${datasource}');
    }
    const configMap = parseYaml((await cli(['metrics', '--dashboard', '--configmap'])).stdout) as {
      kind: string;
      metadata: { labels: Record<string, string> };
      data: Record<string, string>;
    };
    assert.equal(configMap.kind, 'ConfigMap');
    assert.deepEqual(configMap.metadata.labels, { grafana_dashboard: '1' });
    assert.deepEqual(JSON.parse(configMap.data['sre-maturity.json'] ?? ''), dashboard);
  });
});
