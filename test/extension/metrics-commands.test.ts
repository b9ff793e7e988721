import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ruleFile } from '../../src/core/usecases/metrics/alert-rules';
import { COMMANDS } from '../../src/extension/commands';
import { PushgatewayDouble } from '../fakes/pushgateway-double';
import { testContext } from '../helpers/extension-context';
import { setUpWorkspace } from '../helpers/workspace';
import { answers, recorded, reset, settings, workspaceSettings } from './vscode-double';

const gateway = new PushgatewayDouble();
const received = gateway.received;
let url = '';
before(async () => {
  await gateway.start();
  url = gateway.url;
});
after(() => gateway.stop());

describe('Prometheus from VS Code (issue 30)', () => {
  it('copies the metrics, the rules, the PrometheusRule or the dashboard, as the person picks', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    const c = testContext();
    answers.push({ label: 'Alerting rules', what: 'rules' });
    await COMMANDS.copyMetrics.run(c)();
    assert.equal(recorded.clipboard, ruleFile());
    answers.push({ label: 'Metrics', what: 'metrics' });
    await COMMANDS.copyMetrics.run(c)();
    assert.match(
      recorded.clipboard,
      /^sre_maturity_items\{flow="Checkout",asset="web",owner="",tier="",status="not_assessed"\} 15$/m,
    );
    answers.push({ label: 'Grafana dashboard', what: 'dashboard' });
    await COMMANDS.copyMetrics.run(c)();
    assert.equal((JSON.parse(recorded.clipboard) as { title: string }).title, 'SRE Maturity');
    assert.match(recorded.info.at(-1) ?? '', /^Copied the grafana dashboard \(\d+ lines\)\.$/);
  });

  it('pushes to the Pushgateway in the settings with the token from secret storage, replacing the workspace’s group', async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    await assert.rejects(
      Promise.resolve(COMMANDS.pushMetrics.run(testContext())()),
      /no Pushgateway address is set/,
      'no address: the error names the setting',
    );
    settings['metrics.pushUrl'] = url;
    settings['metrics.granularity'] = 'item';
    const store = new Map([['sreTracker.pushgatewayToken', 'gw-token-93a1']]);
    received.length = 0;
    await COMMANDS.pushMetrics.run(testContext(store))();
    // Not in a git repository: named by its parent folder and its own, as the CLI names it.
    const name = `${path.basename(path.dirname(fs.realpathSync(ws.dir)))}/${path.basename(ws.dir)}`;
    assert.deepEqual(
      received.map((r) => [r.method, r.url, r.auth]),
      [
        [
          'PUT',
          `/metrics/job/sre_maturity/workspace@base64/${Buffer.from(name).toString('base64url')}`,
          'Bearer gw-token-93a1',
        ],
      ],
    );
    assert.match(received[0]?.type ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(received[0]?.body ?? '', /^# TYPE sre_maturity_items gauge$/m);
    assert.match(received[0]?.body ?? '', /^sre_maturity_item_info\{/m, 'the granularity setting applies');
    assert.match(
      received[0]?.body ?? '',
      /^sre_maturity_workspace_info\{repository="[^"]+",folder="[^"]+",via="metrics"\} 1$/m,
    );
    assert.match(recorded.info.at(-1) ?? '', /Pushed the metrics of .* \(job="sre_maturity", workspace=".*"\)\./);
  });

  it("sends the token to a gateway named by the repository's settings only once the person allows that host", async () => {
    const ws = await setUpWorkspace();
    reset([ws.dir]);
    workspaceSettings['metrics.pushUrl'] = url;
    const store = new Map([['sreTracker.pushgatewayToken', 'gw-token-93a1']]);
    received.length = 0;
    answers.push(undefined); // the consent dialog: not allowed
    await COMMANDS.pushMetrics.run(testContext(store))();
    assert.match(
      recorded.warnings.at(-1) ?? '',
      /This repository's settings \(sreTracker\.metrics\.pushUrl\) send your Pushgateway token to 127\.0\.0\.1/,
    );
    assert.equal(received.length, 0, 'nothing sent');
  });
});
