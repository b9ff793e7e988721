import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { DEFAULT_NAME_TEMPLATE } from '../../src/core/domain/work-template';
import { trackerAdapters } from '../../src/core/integrations/registry';
import { defaultSettings, SETTINGS, settingsFromEnv } from '../../src/core/integrations/settings';
import { SETTING } from '../../src/extension/ids';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { configuration: { title: string; properties: Record<string, { default: unknown; order?: number }> }[] };
};
const properties = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<
  string,
  { default: unknown; order?: number }
>;

describe('one set of defaults', () => {
  it('package.json declares the defaults core uses, so the extension and the CLI behave alike', () => {
    const core = defaultSettings();
    const expected: Record<string, unknown> = {
      statusMode: 'auto', // targets when targets.csv exists, as core's undefined
      statusThresholds: core.thresholds,
      staleAfterDays: core.staleAfterDays,
      storyNameTemplate: DEFAULT_NAME_TEMPLATE,
      'rally.server': core.rally.server,
      'rally.workspace': core.rally.workspace,
      'rally.project': core.rally.project,
      'rally.parentId': core.rally.parentId,
      'rally.tags': core.rally.tags,
      'rally.tagMatch': core.rally.tagMatch,
      'rally.csvColumns': core.rally.csvColumns,
      'jira.deployment': core.jira.deployment,
      'confluence.baseUrl': core.confluence.baseUrl,
      'confluence.username': core.confluence.username,
      'confluence.pageId': core.confluence.pageId,
      'confluence.deployment': core.confluence.deployment,
      'confluence.pageTitle': core.confluence.title,
    };
    assert.equal(core.statusMode, undefined);
    assert.equal(settingsFromEnv({ SRE_STATUS_MODE: 'auto' }).statusMode, undefined, '"auto" is the same as nothing');
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual(properties[`sreTracker.${key}`]?.default, value, key);
  });

  it("every setting may differ per folder: a multi-root workspace's repositories each carry their own (issue 43.1)", () => {
    const scopes = Object.entries(properties as Record<string, { scope?: string }>).filter(
      ([, p]) => p.scope !== 'resource',
    );
    assert.deepEqual(
      scopes.map(([key]) => key),
      [],
      'without scope "resource", VS Code greys a folder\'s value: "This setting cannot be applied in this workspace"',
    );
  });

  it('settings come in titled sections, each in a set order, with no empty default left unexplained', () => {
    assert.deepEqual(
      manifest.contributes.configuration.map((c) => c.title),
      ['General', 'Status', 'Rally', 'Jira', 'Confluence', 'Prometheus Metrics'],
    );
    for (const section of manifest.contributes.configuration) {
      const orders = Object.values(section.properties).map((p) => p.order);
      assert.deepEqual(orders, [...orders.keys()], `${section.title}: order 0, 1, 2…`);
    }
    // An enum shows words, not raw values; each service's address links the command that stores its credential.
    const all = properties as Record<
      string,
      { enum?: unknown[]; enumItemLabels?: unknown[]; markdownDescription?: string }
    >;
    for (const [key, p] of Object.entries(all).filter(([, p]) => p.enum))
      assert.equal(p.enumItemLabels?.length, p.enum?.length, `${key} labels each of its values (issue 28.20)`);
    for (const [key, command] of [
      ['rally.server', 'setRallyApiKey'],
      ['jira.site', 'setJiraApiToken'],
      ['confluence.baseUrl', 'setConfluenceToken'],
      ['metrics.pushUrl', 'setPushgatewayToken'],
    ])
      assert.match(
        all[`sreTracker.${key}`]?.markdownDescription ?? '',
        new RegExp(`\\(command:sreTracker\\.${command}\\)`),
      );
    const blank = Object.entries(properties).filter(([, p]) => p.default === '');
    for (const [key, p] of blank) assert.match(JSON.stringify(p), /e\.g\./, `${key} gives an example of what to enter`);
  });

  it('the CLI with an empty environment has the same settings as the defaults', () => {
    assert.deepEqual(settingsFromEnv({}), defaultSettings());
    assert.deepEqual(settingsFromEnv({ RALLY_TAGS: '' }).rally.tags, [], 'an empty RALLY_TAGS asks for no tag');
  });

  it('bounds every number: a timeout past an hour would overflow the doubled deadline (issue 36.18)', () => {
    assert.throws(
      () => settingsFromEnv({ SRE_HTTP_TIMEOUT_SECONDS: '1100000' }),
      /SRE_HTTP_TIMEOUT_SECONDS must be a whole number from 1 to 3600, not "1100000"/,
    );
    assert.equal(settingsFromEnv({ SRE_HTTP_TIMEOUT_SECONDS: '3600' }).network.timeoutSeconds, 3600);
    assert.throws(() => settingsFromEnv({ SRE_HTTP_MAX_RESPONSE_MB: '0' }), /from 1 to 1024/);
    for (const [key, limit] of [
      ['sreTracker.staleAfterDays', 3650],
      ['sreTracker.network.timeoutSeconds', 3600],
      ['sreTracker.network.maxResponseMegabytes', 1024],
    ] as const)
      assert.equal(
        (properties[key] as { maximum?: number }).maximum,
        limit,
        `${key}: VS Code's settings editor says so too`,
      );
  });

  it('one table declares every setting, secret and variable: package.json, the ids, .env.example and the adapters agree with it (issue 25)', () => {
    const settings = SETTINGS.filter((s) => s.key !== '' && !('secret' in s)).map((s) => s.key);
    assert.deepEqual(
      Object.keys(properties)
        .map((k) => k.replace(/^sreTracker\./, ''))
        .sort(),
      [...settings].sort(),
      'package.json',
    );
    assert.deepEqual(Object.values(SETTING).sort(), [...settings].sort(), 'src/extension/ids.ts SETTING');
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    const declared = SETTINGS.filter((s) => 'env' in s).map((s) => (s as { env: string }).env);
    assert.deepEqual([...listed].sort(), [...declared].sort(), '.env.example');
    for (const adapter of trackerAdapters()) {
      for (const s of [...adapter.settings, adapter.secret]) {
        const row = SETTINGS.find((r) => r.key === s.key);
        assert.ok(
          row && 'env' in row && row.env === s.env,
          `${adapter.kind}: ${s.key} is declared in SETTINGS as ${s.env}`,
        );
      }
      assert.ok(
        SETTINGS.some((r) => r.key === adapter.secret.key && 'secret' in r),
        `${adapter.kind}'s secret is marked secret`,
      );
    }
  });
});
