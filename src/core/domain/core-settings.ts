/**
 * Core's own settings, declared once for VS Code (package.json's configuration is generated from these), the CLI
 * and `.env.example`; each service's settings belong to its adapter.
 */
import { DEFAULT_DUE_SOON_DAYS, DEFAULT_NETWORK, DEFAULT_STALE_AFTER_DAYS, LIMITS } from '../settings';
import { orList, type SettingSection } from './setting-declarations';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const CORE_SECTIONS: readonly SettingSection[] = [
  {
    id: 'general',
    title: 'General',
    settings: [
      {
        key: 'dataDirectory',
        env: 'SRE_TRACKER_DIR',
        envComment:
          'Data folder with flows.csv, maturity_model.csv and sre_data.db (default: the current folder; --dir wins).',
        envExample: '',
        schema: {
          type: 'string',
          default: '.',
          markdownDescription:
            'Folder holding `flows.csv`, `maturity_model.csv` and `sre_data.db`, relative to the workspace folder (`.` is the workspace folder itself).',
          scope: 'resource',
        },
      },
      {
        key: 'tracker',
        env: 'SRE_TRACKER',
        // Its choices are the registered trackers, the first the default.
        schema: ({ trackers }) => ({
          type: 'string',
          enum: trackers.map((t) => t.kind),
          enumItemLabels: trackers.map((t) => t.name),
          enumDescriptions: trackers.map((t) => t.choice),
          default: trackers[0]?.kind ?? '',
          description: `Where gaps become work: ${orList(trackers.map((t) => t.workNames))}.`,
          scope: 'resource',
        }),
        envComment: ({ trackers }) =>
          `Where gaps become work: ${orList(trackers.map((t, i) => `"${t.kind}"${i === 0 ? ' (default)' : ''}`))}.`,
      },
      {
        key: 'groupByPillar',
        schema: {
          type: 'boolean',
          default: false,
          description: 'Group capabilities by pillar under each asset in the tree.',
          scope: 'resource',
        },
      },
      {
        key: 'storyNameTemplate',
        env: 'SRE_STORY_NAME_TEMPLATE',
        schema: ({ trackers }) => ({
          type: 'string',
          default: '[SRE {key}] Raise {capability} to level {nextLevel}',
          markdownDescription: `Name template for the ${orList(trackers.map((t) => t.workName))} made from a gap; placeholders are listed in the README. It must put fixed text before \`{key}\` (sync finds stories by it) and a space or bracket after it.`,
          scope: 'resource',
        }),
        envComment: ({ trackers }) =>
          `${capitalised(orList(trackers.map((t) => t.workName)))} name template (placeholders in README.md); empty: the built-in one.`,
        envExample: '',
      },
      {
        key: 'network.timeoutSeconds',
        env: 'SRE_HTTP_TIMEOUT_SECONDS',
        schema: ({ services }) => ({
          type: 'integer',
          default: DEFAULT_NETWORK.timeoutSeconds,
          minimum: LIMITS.timeoutSeconds.min,
          markdownDescription: `Seconds one try of a request to ${orList(services.map((s) => s.name))} may take, answer included. A server that answers slower is tried again; all tries of one request together are given up after twice this.`,
          scope: 'resource',
          maximum: LIMITS.timeoutSeconds.max,
        }),
        envComment: ({ services }) =>
          `Limits on every request to ${orList(
            services.map((s) => s.name),
            'and',
          )}: seconds for one attempt, answer included (default 30), and the largest answer accepted in MB (default 64).`,
      },
      {
        key: 'network.maxResponseMegabytes',
        env: 'SRE_HTTP_MAX_RESPONSE_MB',
        schema: ({ services }) => ({
          type: 'integer',
          default: DEFAULT_NETWORK.maxResponseMegabytes,
          minimum: LIMITS.maxResponseMegabytes.min,
          markdownDescription: `Largest answer accepted from ${orList(services.map((s) => s.name))}, in MB; a larger one is cut off and reported, not retried.`,
          scope: 'resource',
          maximum: LIMITS.maxResponseMegabytes.max,
        }),
      },
      {
        key: 'sync.stillShort',
        env: 'SRE_SYNC_STILL_SHORT',
        envComment:
          "When a done work item's item is re-assessed still short of its target: reopen (default), follow-up or comment.",
        schema: {
          type: 'string',
          enum: ['reopen', 'follow-up', 'comment'],
          default: 'reopen',
          enumDescriptions: [
            'Reopen the done work item and add a comment saying what is still missing',
            'Open a new work item linked to the done one (for workflows that forbid reopening)',
            'Only add a comment to the done work item',
          ],
          markdownDescription:
            'What sync does when a linked work item is done but the item, re-assessed after it, is still short of its target (or regressed).',
          scope: 'resource',
          enumItemLabels: ['Reopen', 'Follow-up', 'Comment only'],
        },
      },
    ],
  },
  {
    id: 'status',
    title: 'Status',
    settings: [
      {
        key: 'statusMode',
        env: 'SRE_STATUS_MODE',
        envComment: 'Status mode: "targets" (per tier, from targets.csv; the default when it exists) or "thresholds".',
        envExample: '',
        schema: {
          type: 'string',
          enum: ['auto', 'thresholds', 'targets'],
          enumItemLabels: ['Automatic (targets when targets.csv exists)', 'Thresholds', 'Targets per tier'],
          enumDescriptions: [
            'targets when targets.csv exists, else thresholds',
            'Fixed level to Red/Amber/Green mapping (sreTracker.statusThresholds)',
            'Green at or above the tier target from targets.csv, Amber one below, Red two or more below',
          ],
          default: 'auto',
          description: 'How a level becomes Red, Amber or Green.',
          scope: 'resource',
        },
      },
      {
        key: 'statusThresholds',
        env: 'SRE_STATUS_THRESHOLDS',
        envComment: 'In thresholds mode: the level Amber starts at and the level Green starts at (default 2,3).',
        envExample: '2,3',
        schema: {
          type: 'object',
          default: {
            amberFrom: 2,
            greenFrom: 3,
          },
          properties: {
            amberFrom: {
              type: 'integer',
              minimum: 0,
              maximum: 4,
            },
            greenFrom: {
              type: 'integer',
              minimum: 0,
              maximum: 4,
            },
          },
          additionalProperties: false,
          markdownDescription:
            'In `thresholds` mode: levels below `amberFrom` are Red, below `greenFrom` Amber, the rest Green (default: 0-1 Red, 2 Amber, 3-4 Green).',
          scope: 'resource',
        },
      },
      {
        key: 'staleAfterDays',
        env: 'SRE_STALE_AFTER_DAYS',
        envComment: 'An assessment older than this many days is flagged stale (default 180).',
        schema: {
          type: 'integer',
          default: DEFAULT_STALE_AFTER_DAYS,
          minimum: 1,
          description:
            'An assessment older than this many days is flagged Stale, unless maturity_model.csv gives the capability or question its own reattest_days.',
          scope: 'resource',
          maximum: 3650,
        },
      },
      {
        key: 'dueSoonDays',
        env: 'SRE_DUE_SOON_DAYS',
        envComment: 'Items are due for re-attestation this many days before their answers expire (default 14).',
        schema: {
          type: 'integer',
          default: DEFAULT_DUE_SOON_DAYS,
          minimum: 0,
          maximum: 365,
          description:
            'Items are due for re-attestation this many days before their answers expire: shown in the tree, the dashboard and the status bar.',
          scope: 'resource',
        },
      },
    ],
  },
];

/** Core's sections shown after the services'. */
export const CORE_SECTIONS_AFTER_SERVICES: readonly SettingSection[] = [
  {
    id: 'metrics',
    title: 'Prometheus Metrics',
    settings: [
      {
        key: 'metrics.pushUrl',
        schema: {
          type: 'string',
          default: '',
          markdownDescription:
            'Address of a Prometheus Pushgateway that **SRE: Push Metrics to the Pushgateway** sends this workspace\'s metrics to (grouping key `job="sre_maturity"`, `workspace=<repository>/<folder>`, e.g. `acme/checkout/sre`), e.g. `https://push.example.com`; plain http only on this machine. A token, if the gateway needs one, is kept in secret storage: [SRE: Set Pushgateway Token](command:sreTracker.setPushgatewayToken).',
          scope: 'resource',
        },
      },
      {
        key: 'metrics.granularity',
        env: 'SRE_METRICS_GRANULARITY',
        envComment:
          'Prometheus metrics (sre-tracker metrics, rollup --metrics/--push): "item", "asset" (default) or "flow", and a bearer token for a Pushgateway behind an authenticating proxy (secret).',
        schema: {
          type: 'string',
          enum: ['item', 'asset', 'flow'],
          enumItemLabels: ['Per item', 'Per asset', 'Per flow'],
          enumDescriptions: [
            'Adds series per item, labelled by its key only (level, target, status, dates): about 6 per item.',
            'Counts per asset and status: no per-item series.',
            'Counts per flow and status: the fewest series.',
          ],
          default: 'asset',
          markdownDescription:
            "How finely the metrics are labelled: more detail means more series (the README's *Organisation scale* gives the counts).",
          scope: 'resource',
        },
      },
      // For a Pushgateway behind an authenticating proxy: SecretStorage in VS Code, never a setting.
      { key: 'metrics.pushToken', env: 'SRE_PUSHGATEWAY_TOKEN', secret: true },
    ],
  },
  {
    // Only the CLI reads these: who made a change, and hosts a .env address may send a credential to.
    id: 'cli',
    title: 'CLI',
    settings: [
      {
        key: '',
        env: 'SRE_USER',
        envComment: 'Who made a change, for the assessment history (default: the login name).',
      },
      {
        key: '',
        env: 'SRE_ALLOWED_HOSTS',
        envComment: ({ services }) =>
          `Hosts (host or host:port, comma-separated) that may receive a credential from the environment although their address (${services.map((s) => s.addressEnv).join(', ')}) comes from a .env file. Only read from the real environment.`,
      },
    ],
  },
];
