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

/** A real Pushgateway on a free port, with its persistence file; its address. */
async function pushgateway(): Promise<string> {
  const port = await freePort();
  start('prometheus-pushgateway', [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${path.join(tempDir(), 'pg.data')}`,
  ]);
  const gateway = `http://127.0.0.1:${port}`;
  await eventually('the Pushgateway', () => get(`${gateway}/-/ready`).then(() => true), 20_000);
  return gateway;
}

type Sample = { metric: Record<string, string>; value: [number, string] };

/** A real Prometheus scraping `target` every second (with honor_labels for a Pushgateway); its PromQL. */
async function prometheus(target: string, honorLabels = false): Promise<(promql: string) => Promise<Sample[]>> {
  const [dir, port] = [tempDir(), await freePort()];
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: sre\n    honor_labels: ${honorLabels}\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  start('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  return async (promql: string) => {
    const body = JSON.parse(await get(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`)) as {
      status: string;
      data: { result: Sample[] };
    };
    assert.equal(body.status, 'success', promql);
    return body.data.result;
  };
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
      for (const name of [
        'sre_maturity_items',
        'sre_maturity_score_ratio',
        'sre_maturity_owner_score_ratio',
        'sre_maturity_campaign_progress_ratio',
        'sre_maturity_red_since_timestamp_seconds',
      ]) {
        assert.match(r.stdout, new RegExp(`^# HELP ${name} .+\\n# TYPE ${name} gauge$`, 'm'));
      }
      assert.equal(
        /^sre_maturity_item_level\{/m.test(r.stdout),
        granularity === 'item',
        'per-item series only at item',
      );
      assert.equal(/^sre_maturity_items\{[^}]*asset=/m.test(r.stdout), granularity === 'asset');
      assert.doesNotMatch(r.stdout, /^sre_maturity_score\{/m, 'no family mixing groupings');
    }
    const item = (await cli(['metrics', '--granularity', 'item', '--dir', ws.dir])).stdout;
    assert.match(item, /flow="Pay \\"fast\\" \\\\ lane"/, 'quote and backslash escaped as the format says');
    // Per-item series carry the item's key alone; what describes it is one info series to join.
    assert.match(item, /^sre_maturity_item_level\{item="checkout\/web\/on-call"\} 0$/m);
    assert.match(item, /^sre_maturity_item_status\{item="checkout\/web\/on-call",status="red"\} 1$/m);
    assert.match(
      item,
      /^sre_maturity_item_info\{item="checkout\/web\/on-call",flow="Checkout",asset="web",capability="On-call",pillar="Incident Management",owner="team-web",tier="1"\} 1$/m,
    );
    assert.doesNotMatch(item, /sre_maturity_item_level\{item="pay-fast-lane\//, 'never assessed: no level series');
    assert.match(
      item,
      /^sre_maturity_item_exemption_expiry_timestamp_seconds\{item="checkout\/web\/toil-reduction"\} 4070995199$/m,
    );
    const redSince = Number(
      /^sre_maturity_item_red_since_timestamp_seconds\{item="checkout\/web\/on-call"\} (\S+)$/m.exec(item)?.[1],
    );
    assert.ok(Math.abs(redSince * 1000 - Date.now()) < 600_000, 'Red since its assessment a moment ago');
    assert.match(
      item,
      new RegExp(
        `^sre_maturity_red_since_timestamp_seconds\\{flow="Checkout",owner="team-web",tier="1"\\} ${redSince}$`,
        'm',
      ),
    );
    assert.match(item, /^sre_maturity_campaign_due_timestamp_seconds\{campaign="Tier-1 on-call"\} 4102444799$/m);
    // Counts add up to the items, and the score is the one status --by prints.
    const counted = [...item.matchAll(/^sre_maturity_items\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    assert.equal(counted, ws.items().length);
    const byPillar = [...item.matchAll(/^sre_maturity_pillar_items\{[^}]*\} (\d+)$/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    assert.equal(byPillar, ws.items().length);
    const red = [...item.matchAll(/^sre_maturity_items\{[^}]*status="red"[^}]*\} (\d+)$/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    assert.equal(red, ws.items().filter((i) => i.status === 'Red').length);
    const status = (await cli(['status', '--by', 'owner', '--dir', ws.dir])).stdout;
    const payRatio = Number(/^sre_maturity_owner_score_ratio\{owner="team-pay"\} (\S+)$/m.exec(item)?.[1]);
    assert.ok(payRatio > 0 && payRatio < 1, `a share of 0-1, not a percent: ${payRatio}`);
    assert.match(
      status.split('\n').find((l) => l.startsWith('team-pay')) ?? '',
      new RegExp(`\\b${Math.round(payRatio * 100)}%`),
    );

    // A status change (Red → Green) ends no series but the status one: the level's history goes on.
    const familySeries = (text: string, family: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${family}{`))
        .map((l) => l.replace(/ \S+$/, ''));
    assessAtLevel(ws, ['checkout/web/on-call'], 4);
    const after = (await cli(['metrics', '--granularity', 'item', '--dir', ws.dir])).stdout;
    for (const family of ['sre_maturity_item_level', 'sre_maturity_item_info', 'sre_maturity_item_target_level'])
      assert.deepEqual(familySeries(after, family), familySeries(item, family), family);
    assert.match(after, /^sre_maturity_item_level\{item="checkout\/web\/on-call"\} 4$/m);
    assert.match(after, /^sre_maturity_item_status\{item="checkout\/web\/on-call",status="green"\} 1$/m);
    assert.doesNotMatch(after, /item_red_since_timestamp_seconds\{item="checkout\/web\/on-call"\}/);

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
        new RegExp(`^sre_maturity_score_ratio\\{workspace="${path.basename(dir)}"\\} [\\d.]+$`, 'm'),
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
    // Per item: info, level, target, status and answers' expiry, and one of red-since, exemption or evidence gone
    // at most; each keyed by the item alone (the README's series per 1,000 items rest on this).
    const text = (await cli(['metrics', '--granularity', 'item', '--dir', ws.dir])).stdout;
    const perItem = new Map<string, number>();
    for (const [, family, labels] of text.matchAll(/^(sre_maturity_item_\w+)\{([^}]*)\}/gm)) {
      const key = /^item="([^"]*)"/.exec(labels ?? '')?.[1] ?? '';
      if (family !== 'sre_maturity_item_info' && family !== 'sre_maturity_item_status')
        assert.equal(labels, `item="${key}"`, `${family} carries only the item's key`);
      perItem.set(key, (perItem.get(key) ?? 0) + 1);
    }
    assert.equal(perItem.size, ws.items().length, 'every item has its series');
    assert.ok(Math.max(...perItem.values()) <= 7, `at most 7 series per item: ${Math.max(...perItem.values())}`);
    for (const g of ['asset', 'flow'])
      assert.doesNotMatch(
        (await cli(['metrics', '--granularity', g, '--dir', ws.dir])).stdout,
        /item="/,
        `${g}: no per-item series`,
      );
    assert.doesNotMatch((await cli(['metrics', '--dir', ws.dir])).stdout, /item="/, 'per-item series are opt-in');
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
    // As Prometheus stores a pushed group: the grouping key's labels on every series (instance="" is no label).
    const group = 'job="sre_maturity",workspace="acme/checkout/sre"';
    const groupLabels = { job: 'sre_maturity', workspace: 'acme/checkout/sre' };
    const key = 'item="checkout/web/on-call"';
    const info = `sre_maturity_item_info{${group},${key},flow="Checkout",asset="web",capability="On-call",pillar="Incident Management",owner="team-web",tier="1"}`;
    const itemLabels = {
      ...groupLabels,
      item: 'checkout/web/on-call',
      flow: 'Checkout',
      asset: 'web',
      capability: 'On-call',
      owner: 'team-web',
      tier: '1',
    };
    const asset = (tier: string) =>
      `sre_maturity_red_since_timestamp_seconds{${group},flow="Checkout",asset="web",owner="team-web",tier="${tier}"}`;
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
            // Red since day 1 on tier 1, through a Pushgateway restart on day 5 (12 hours without the series,
            // then the same timestamp pushed again): fires after day 15, as a `for: 14d` restarted would not.
            // Red on tier 2 since day 0: never.
            { series: asset('1'), values: `${day}x${5 * 24} _x12 ${day}x${15 * 24}` },
            { series: asset('2'), values: `0x${20 * 24}` },
          ],
          alert_rule_test: [
            { eval_time: '14d', alertname: 'SreMaturityTier1Red', exp_alerts: [] },
            {
              eval_time: '16d',
              alertname: 'SreMaturityTier1Red',
              exp_alerts: [
                {
                  exp_labels: {
                    severity: 'warning',
                    ...groupLabels,
                    flow: 'Checkout',
                    asset: 'web',
                    owner: 'team-web',
                    tier: '1',
                  },
                  exp_annotations: {
                    summary: 'Checkout / web has had a Red item for 14 days',
                    description:
                      'The tier-1 Checkout / web (owner team-web) has had an item below its target, Red, for 15d 0h 0m 0s. Assess it again or plan the work: sre-tracker status --flow shows which.',
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
            { series: 'sre_maturity_campaign_progress_ratio{campaign="behind"}', values: '0.6x20' },
            { series: 'sre_maturity_campaign_due_timestamp_seconds{campaign="done"}', values: `${10 * day}x20` },
            { series: 'sre_maturity_campaign_progress_ratio{campaign="done"}', values: '1x20' },
            { series: 'sre_maturity_campaign_due_timestamp_seconds{campaign="later"}', values: `${30 * day}x20` },
            { series: 'sre_maturity_campaign_progress_ratio{campaign="later"}', values: '0.1x20' },
            // Not applicable until day 3; evidence gone from day 2.
            // Labelled by joining the item's info series.
            { series: info, values: '1x10' },
            {
              series: `sre_maturity_item_exemption_expiry_timestamp_seconds{${group},${key}}`,
              values: `${3 * day}x10`,
            },
            { series: `sre_maturity_item_evidence_gone{${group},${key}}`, values: '0 0 1 1' },
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
              series: `sre_maturity_score_ratio{${group}}`,
              values: `0.8x${8 * 24} 0.7x${3 * 24} 0.8x${10 * 24}`,
            },
          ],
          alert_rule_test: [
            { eval_time: '7d', alertname: 'SreMaturityScoreFalling', exp_alerts: [] },
            {
              eval_time: '10d',
              alertname: 'SreMaturityScoreFalling',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', ...groupLabels },
                  exp_annotations: {
                    summary: 'The maturity score fell by more than 5 points in a week',
                    description:
                      'The share of items at target is 70%, more than 5 points below a week ago: items fell below target or new ones arrived unassessed.',
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
            // The gateway restarts (from its persistence file) on day 1: 12 hours without the series, then the same
            // last push time again, so the count goes on from the push, not from the restart.
            {
              series: 'push_time_seconds{job="sre_maturity",workspace="payments"}',
              values: `0x${24} _x12 0x${36}`,
            },
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
    const gateway = await pushgateway();
    const name = 'team one/payments';
    const push = ['metrics', '--push', gateway, '--workspace', name, '--granularity', 'item', '--dir', ws.dir];
    const pushed = await cli(push);
    assert.equal(pushed.code, 0, pushed.stderr);
    const held = await get(`${gateway}/metrics`);
    assert.match(
      held,
      /^sre_maturity_item_status\{instance="",item="checkout\/web\/on-call",job="sre_maturity",status="red",workspace="team one\/payments"\} 1$/m,
    );
    // An assessment later: the next push replaces the group, so the Red series is gone, not left behind.
    assessAtLevel(ws, ['checkout/web/on-call'], 3);
    assert.equal((await cli(push)).code, 0);
    const after = await get(`${gateway}/metrics`);
    assert.doesNotMatch(after, /item="checkout\/web\/on-call"[^}]*status="red"/);
    assert.match(after, /item="checkout\/web\/on-call",job="sre_maturity",status="green"/);

    // A nightly job pushes an organisation at once: each folder under its own workspace.
    const other = await fixture();
    const org = await cli(['rollup', ws.dir, other.dir, '--push', gateway], { cwd: path.dirname(ws.dir) });
    assert.equal(org.code, 0, org.stderr);
    const groups = await get(`${gateway}/metrics`);
    for (const dir of [ws.dir, other.dir])
      assert.match(
        groups,
        new RegExp(`sre_maturity_score_ratio\\{instance="",job="sre_maturity",workspace="${path.basename(dir)}"\\}`),
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
    const metricsPort = await freePort();
    start(process.execPath, [...CLI_ARGS, 'metrics', '--serve', `127.0.0.1:${metricsPort}`, '--dir', ws.dir]);
    await eventually('--serve', () => get(`http://127.0.0.1:${metricsPort}/metrics`).then(() => true), 30_000);
    const query = await prometheus(`127.0.0.1:${metricsPort}`);
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
      uid: string;
      schemaVersion: number;
      panels: {
        id: number;
        type: string;
        gridPos: { x: number; w: number; h: number };
        datasource: { uid: string };
        targets: { refId: string; expr: string; datasource: { uid: string } }[];
      }[];
    };
    // What Grafana's provisioning needs of the JSON itself: a stable uid, a schema it migrates, unique panel ids on
    // the 24-column grid, and only variables the dashboard defines.
    assert.equal(dashboard.uid, 'sre-maturity');
    assert.ok(dashboard.schemaVersion >= 36, 'a schema with data source variables by uid');
    assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, dashboard.panels.length);
    const variables = new Set(dashboard.templating.list.map((v) => v.name));
    for (const panel of dashboard.panels) {
      assert.ok(panel.gridPos.x + panel.gridPos.w <= 24 && panel.gridPos.h > 0, `panel ${panel.id} fits the grid`);
      for (const t of panel.targets)
        for (const [, name] of t.expr.matchAll(/\$\{?(\w+)/g))
          assert.ok(variables.has(name ?? ''), `$${name} is defined`);
    }
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

describe(
  'metrics as Prometheus operators run them: a group per repository, on the real engines (issue 41)',
  { skip: engineSkip },
  () => {
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    /** A repository as the README lays them out, repos/<name>/sre, cloned from GitHub. */
    async function repository(parent: string, name: string, owner = 'acme'): Promise<string> {
      const repo = path.join(parent, name);
      fs.mkdirSync(repo, { recursive: true });
      git(repo, 'init', '-q');
      git(repo, 'remote', 'add', 'origin', `git@github.com:${owner}/${name}.git`);
      const sre = path.join(repo, 'sre');
      const r = await cli(['demo', '--dir', sre]);
      assert.equal(r.code, 0, r.stderr);
      return sre;
    }
    /** The groups on the gateway, by workspace, with the labels of their identity series. */
    async function groups(gateway: string): Promise<Record<string, Record<string, string> | undefined>> {
      const { data } = JSON.parse(await get(`${gateway}/api/v1/metrics`)) as {
        data: {
          labels: Record<string, string>;
          sre_maturity_workspace_info?: { metrics: { labels: Record<string, string> }[] };
        }[];
      };
      return Object.fromEntries(
        data.map((g) => [g.labels.workspace ?? '', g.sre_maturity_workspace_info?.metrics[0]?.labels]),
      );
    }

    it('keeps both groups of repos/*/sre, refuses a name another repository holds, and prunes what is gone', async () => {
      const root = tempDir();
      const repos = path.join(root, 'repos');
      const [checkout, payments] = [await repository(repos, 'checkout'), await repository(repos, 'payments')];
      const gateway = await pushgateway();
      const first = await cli(['metrics', '--push', gateway, '--dir', checkout]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(
        first.stderr,
        /pushing the metrics of .*checkout\/sre to http:\/\/127\.0\.0\.1:\d+ \(job="sre_maturity", workspace="acme\/checkout\/sre"\)\n.*pushed/,
        'the grouping key is said before the push',
      );
      assert.equal((await cli(['metrics', '--push', gateway, '--dir', payments])).code, 0);
      let held = await groups(gateway);
      assert.deepEqual(Object.keys(held).sort(), ['acme/checkout/sre', 'acme/payments/sre'], 'both stay');
      assert.deepEqual(held['acme/checkout/sre'], {
        folder: 'sre',
        instance: '',
        job: 'sre_maturity',
        repository: 'github.com/acme/checkout',
        via: 'metrics',
        workspace: 'acme/checkout/sre',
      });

      // Another repository (a fork) asking for the same name is refused, and the group stays as it was.
      const fork = await repository(path.join(root, 'forks'), 'checkout', 'someone');
      const clash = await cli(['metrics', '--push', gateway, '--workspace', 'acme/checkout/sre', '--dir', fork]);
      assert.equal(clash.code, 2, clash.stderr);
      assert.match(
        clash.stderr,
        /already holds workspace="acme\/checkout\/sre" from github\.com\/acme\/checkout \(folder sre\), not github\.com\/someone\/checkout \(folder sre\): push under another name with --workspace NAME/,
      );
      assert.equal((await groups(gateway))['acme/checkout/sre']?.repository, 'github.com/acme/checkout');
      assert.equal((await cli(['metrics', '--push', gateway, '--dir', fork])).code, 0, 'under its own name');

      // The nightly roll-up pushes the same names; with --prune a repository gone since loses its group, and a
      // group that metrics --push wrote (the fork's) is never the roll-up's to delete.
      const rollup = ['rollup', '--glob', 'repos/*/sre', '--push', gateway, '--prune'];
      const rolled = await cli(rollup, { cwd: root });
      assert.equal(rolled.code, 0, rolled.stderr);
      assert.equal((await groups(gateway))['acme/payments/sre']?.via, 'rollup');
      fs.rmSync(path.dirname(payments), { recursive: true });
      const pruned = await cli(rollup, { cwd: root });
      assert.equal(pruned.code, 0, pruned.stderr);
      assert.match(
        pruned.stderr,
        /deleted workspace="acme\/payments\/sre" \(github\.com\/acme\/payments, folder sre\): no longer found/,
      );
      held = await groups(gateway);
      assert.deepEqual(Object.keys(held).sort(), ['acme/checkout/sre', 'someone/checkout/sre']);
      const unsaid = await cli(['rollup', '--glob', 'repos/*/sre', '--prune'], { cwd: root });
      assert.equal(unsaid.code, 2);
      assert.match(unsaid.stderr, /--prune needs --push URL/);
    });

    it('is scraped from the Pushgateway with honor_labels, and PromQL gives the numbers of status --by', async () => {
      const sre = await repository(path.join(tempDir(), 'repos'), 'checkout');
      const gateway = await pushgateway();
      assert.equal((await cli(['metrics', '--push', gateway, '--dir', sre])).code, 0);
      const query = await prometheus(gateway.replace('http://', ''), true);
      const inWorkspace = 'workspace="acme/checkout/sre"';
      await eventually(
        'Prometheus to scrape the gateway',
        async () => (await query(`sre_maturity_score_ratio{${inWorkspace}}`)).length === 1,
        60_000,
      );
      const [total] = await query(`sre_maturity_score_ratio{${inWorkspace}}`);
      assert.equal(total?.metric.job, 'sre_maturity', 'honor_labels keeps the grouping key, not the scrape job');
      for (const by of ['owner', 'tier', 'pillar', 'flow']) {
        const lines = (await cli(['status', '--by', by, '--dir', sre])).stdout.split('\n');
        const header = lines.findIndex((l) => l.startsWith('---'));
        const columns = (lines[header - 1] ?? '').split(/\s{2,}/);
        const table = lines.slice(header + 1);
        const rows = table
          .slice(
            0,
            table.findIndex((l) => !l.trim()),
          )
          .map((l) => l.split(/\s{2,}/));
        const counts = by === 'pillar' ? 'sre_maturity_pillar_items' : 'sre_maturity_items';
        const ratios = new Map(
          (await query(`sre_maturity_${by}_score_ratio{${inWorkspace}}`)).map((r) => [
            r.metric[by],
            Number(r.value[1]),
          ]),
        );
        const reds = new Map(
          (await query(`sum by (${by}) (${counts}{${inWorkspace}, status="red"})`)).map((r) => [
            r.metric[by],
            Number(r.value[1]),
          ]),
        );
        assert.ok(rows.length > 1, `status --by ${by} has groups`);
        for (const row of rows) {
          const name = by === 'tier' ? (row[0] ?? '').replace(/^tier /, '') : (row[0] ?? '');
          const [met, inScope] = (row[columns.indexOf('At target')] ?? '').split('/').map(Number);
          const share: number | undefined = name === 'Total' ? Number(total?.value[1]) : ratios.get(name);
          assert.equal(share, (met ?? 0) / (inScope ?? 1), `${by} ${name}: the score`);
          if (name === 'Total') continue;
          assert.equal(reds.get(name) ?? 0, Number(row[columns.indexOf('Red')]), `${by} ${name}: Red items`);
        }
      }
      for (const promql of Object.values(DASHBOARD_QUERIES)) {
        const result = await query(promql.replaceAll('$workspace', 'acme/checkout/sre'));
        assert.ok(result.length > 0, `the dashboard query ${promql} finds series`);
      }
    });
  },
);
