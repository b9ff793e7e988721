/** Progressive delivery: Argo Rollouts (canary or blue-green) and the analyses that gate them. */
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from '../finding';
import { type EvidenceFormat, inText, kindIn } from './format';
import { workload } from './kubernetes';

/** An Argo Rollout's strategy: canary steps or blue-green, with the analysis that gates it. */
function rolloutStrategy(data: Plain, at: At, file: string): Finding[] {
  const strategy = isObject(data.spec) && isObject(data.spec.strategy) ? data.spec.strategy : {};
  const how = isObject(strategy.canary) ? 'canary' : isObject(strategy.blueGreen) ? 'blueGreen' : '';
  if (!how) return [];
  const detail = `Rollout ${nameOf(data)}: ${how === 'canary' ? 'canary' : 'blue-green'} (Argo Rollouts)`;
  return [{ kind: 'progressive-delivery', file, line: at(['spec', 'strategy', how]), detail }];
}

export const DELIVERY_FORMATS: readonly EvidenceFormat[] = [
  {
    // A Rollout's pod template is read as a Deployment's.
    name: 'Argo Rollouts',
    mayBeIn: inText(kindIn('Rollout')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('argoproj.io/') && text(data.kind) === 'Rollout'
        ? [...workload(data, 'Rollout', at, file), ...rolloutStrategy(data, at, file)]
        : undefined,
  },
  {
    name: 'Argo Rollouts analysis templates',
    mayBeIn: inText(kindIn('AnalysisTemplate', 'ClusterAnalysisTemplate')),
    resource: (data, at, file) => {
      const kind = text(data.kind);
      if (!text(data.apiVersion).startsWith('argoproj.io/') || !/^(Cluster)?AnalysisTemplate$/.test(kind))
        return undefined;
      const prometheus = list(isObject(data.spec) ? data.spec.metrics : []).some(
        (m) => isObject(m) && isObject(m.provider) && isObject(m.provider.prometheus),
      );
      const detail = `${kind} ${nameOf(data)}: Prometheus success condition`;
      return prometheus ? [{ kind: 'progressive-delivery', file, line: at([]), detail }] : [];
    },
  },
];
