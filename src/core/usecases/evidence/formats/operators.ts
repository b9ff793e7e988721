/** What the operators run: Prometheus, Alertmanager and Thanos Ruler (prometheus-operator), CloudNativePG, Crunchy. */
import { type At, type Finding, isObject, list, nameOf, type Plain, text } from '../finding';
import { type EvidenceFormat, inText, kindIn } from './format';
import { limitsAt, replicasAt } from './kubernetes';

/** The operators' own resources for Prometheus and PostgreSQL: replicas, resources and backups as they spell them. */
function operatorResource(api: string, kind: string, data: Plain, at: At, file: string): Finding[] | undefined {
  const spec = isObject(data.spec) ? data.spec : {};
  const name = `${kind} ${nameOf(data)}`;
  const found: Finding[] = [];
  if (api.startsWith('monitoring.coreos.com/') && ['Prometheus', 'Alertmanager', 'ThanosRuler'].includes(kind))
    return [
      ...replicasAt(data, ['spec', 'replicas'], name, at, file),
      ...limitsAt(data, ['spec', 'resources'], name, at, file),
    ];
  if (api.startsWith('postgresql.cnpg.io/') && kind === 'Cluster') {
    found.push(...replicasAt(data, ['spec', 'instances'], `${name} (CloudNativePG)`, at, file, 'instances'));
    if (isObject(spec.backup))
      found.push({ kind: 'backups', file, line: at(['spec', 'backup']), detail: `${name}: backups (CloudNativePG)` });
    return found;
  }
  if (api.startsWith('postgres-operator.crunchydata.com/') && kind === 'PostgresCluster') {
    list(spec.instances).forEach((_, i) =>
      found.push(...replicasAt(data, ['spec', 'instances', i, 'replicas'], `${name} (Crunchy)`, at, file)),
    );
    if (isObject(spec.backups))
      found.push({
        kind: 'backups',
        file,
        line: at(['spec', 'backups']),
        detail: `${name}: backups (Crunchy pgBackRest)`,
      });
    return found;
  }
  return undefined;
}

export const OPERATOR_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'Prometheus and PostgreSQL operators',
    mayBeIn: inText(kindIn('Prometheus', 'Alertmanager', 'ThanosRuler', 'Cluster', 'PostgresCluster')),
    resource: (data, at, file) => operatorResource(text(data.apiVersion), text(data.kind), data, at, file),
  },
];
