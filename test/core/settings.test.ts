import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { DEFAULT_NAME_TEMPLATE } from '../../src/core/domain/work-template';
import { readConfluenceSettings } from '../../src/core/integrations/confluence/confluence-settings';
import { readJiraSettings } from '../../src/core/integrations/jira/jira-settings';
import { readRallySettings } from '../../src/core/integrations/rally/rally-settings';
import { services } from '../../src/core/integrations/registry';
import { allSettings, defaultSettings, settingsFromEnv } from '../../src/core/integrations/settings';
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
    const rally = readRallySettings(core.source);
    const confluence = readConfluenceSettings(core.source);
    const expected: Record<string, unknown> = {
      statusMode: 'auto', // targets when targets.csv exists, as core's undefined
      statusThresholds: core.thresholds,
      staleAfterDays: core.staleAfterDays,
      storyNameTemplate: DEFAULT_NAME_TEMPLATE,
      'rally.server': rally.server,
      'rally.workspace': rally.workspace,
      'rally.project': rally.project,
      'rally.parentId': rally.parentId,
      'rally.tags': rally.tags,
      'rally.tagMatch': rally.tagMatch,
      'rally.csvColumns': rally.csvColumns,
      'jira.deployment': readJiraSettings(core.source).deployment,
      'confluence.baseUrl': confluence.baseUrl,
      'confluence.username': confluence.username,
      'confluence.pageId': confluence.pageId,
      'confluence.deployment': confluence.deployment,
      'confluence.pageTitle': confluence.title,
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
    const { source: _empty, ...fromEmpty } = settingsFromEnv({});
    const { source: _none, ...defaults } = defaultSettings();
    assert.deepEqual(fromEmpty, defaults);
    assert.deepEqual(
      readRallySettings(settingsFromEnv({ RALLY_TAGS: '' }).source).tags,
      [],
      'an empty RALLY_TAGS asks for no tag',
    );
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

  it('every setting, secret and variable is declared once: package.json, the ids, .env.example and the adapters come from the declarations (issues 25, 45)', () => {
    const declared = allSettings();
    const shown = declared.filter((s) => s.schema !== undefined).map((s) => s.key);
    assert.deepEqual(
      Object.keys(properties)
        .map((k) => k.replace(/^sreTracker\./, ''))
        .sort(),
      [...shown].sort(),
      'package.json',
    );
    const kinds = new Set(services().map((s) => s.kind));
    const core = shown.filter((key) => !kinds.has(key.split('.')[0] ?? ''));
    assert.deepEqual(Object.values(SETTING).sort(), [...core].sort(), "src/extension/ids.ts SETTING: core's own only");
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    assert.deepEqual([...listed].sort(), declared.flatMap((s) => (s.env ? [s.env] : [])).sort(), '.env.example');
    for (const service of services()) {
      for (const s of service.settings)
        assert.ok(
          s.env && s.schema && s.key.startsWith(`${service.kind}.`),
          `${service.kind}: ${s.key} is declared whole`,
        );
      assert.ok(
        service.secret.secret && !service.secret.schema,
        `${service.kind}'s secret is a secret, never a setting`,
      );
      assert.ok(
        service.settings.some((s) => s.key === service.address),
        `${service.kind}'s address is one of its settings`,
      );
    }
  });
});
