/**
 * Bitnami's `common` library chart, whose templates nearly every Bitnami chart includes but whose sources a chart's
 * repository does not hold (it is a dependency fetched at build time): the templates that decide evidence, as the
 * library renders them (bitnami/charts `bitnami/common/templates/_resources.tpl`, `_affinities.tpl`,
 * `_tplvalues.tpl`). Any other `common.*` template is undecided.
 */
import { UNKNOWN, type Value } from './template-value';

const preset = (cpu: [string, string], memory: [string, string]) => ({
  requests: { cpu: cpu[0], memory: memory[0], 'ephemeral-storage': '50Mi' },
  limits: { cpu: cpu[1], memory: memory[1], 'ephemeral-storage': '1024Mi' },
});

/** `common.resources.preset`: every preset sets requests and limits. */
const RESOURCE_PRESETS: Record<string, Value> = {
  nano: preset(['100m', '150m'], ['128Mi', '192Mi']),
  micro: preset(['250m', '375m'], ['256Mi', '384Mi']),
  small: preset(['500m', '750m'], ['512Mi', '768Mi']),
  medium: preset(['500m', '750m'], ['1024Mi', '1536Mi']),
  large: preset(['1.0', '1.5'], ['2048Mi', '3072Mi']),
  xlarge: preset(['1.5', '3.0'], ['4096Mi', '6144Mi']),
  '2xlarge': preset(['1.5', '6.0'], ['4096Mi', '12288Mi']),
};

const HOSTNAME = 'kubernetes.io/hostname';
/** `common.affinities.pods`: a soft or hard term on the hostname, or nothing for any other type. */
const POD_AFFINITY: Record<string, Value> = {
  soft: {
    preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { topologyKey: HOSTNAME }, weight: 1 }],
  },
  hard: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: HOSTNAME }] },
};

const field = (arg: Value, key: string): Value =>
  typeof arg === 'object' && arg !== null ? (arg as Record<string, Value>)[key] : UNKNOWN;

/** What the library template `name` renders for `arg`; undefined for a template that is not the library's. */
export function libraryTemplate(name: string, arg: Value): Value | undefined {
  if (!name.startsWith('common.')) return undefined;
  const type = field(arg, 'type');
  switch (name) {
    case 'common.resources.preset':
      return typeof type === 'string' ? (RESOURCE_PRESETS[type] ?? UNKNOWN) : UNKNOWN;
    case 'common.affinities.pods':
      return typeof type === 'string' ? (POD_AFFINITY[type] ?? null) : UNKNOWN;
    case 'common.affinities.pods.soft':
    case 'common.affinities.pods.hard':
      return POD_AFFINITY[name.slice('common.affinities.pods.'.length)];
    case 'common.tplvalues.render': {
      // The value as YAML, rendered again when it holds an action: only a plain one is known here.
      const value = field(arg, 'value');
      return typeof value === 'string' && value.includes('{{') ? UNKNOWN : value;
    }
    default:
      return UNKNOWN;
  }
}
