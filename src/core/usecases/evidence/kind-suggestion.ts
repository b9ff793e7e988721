/**
 * What an asset is, as its files say (issue 37): a CloudNativePG or Crunchy cluster, or a StatefulSet running a
 * known database image, is a database; a Strimzi Kafka or a RabbitmqCluster, or a broker's image, a queue; a
 * Redis-like image a cache; CronJobs alone a batch; a Deployment a service. A suggestion for flows.csv's `kind`,
 * never applied by itself.
 */

export interface KindSuggestion {
  kind: string;
  file: string;
  line: number;
  /** What was found: "StatefulSet running postgres". */
  why: string;
}

/** Most specific first: a chart with a database StatefulSet and a Deployment in front of it is a database's. */
const OPERATORS: { kind: string; api: RegExp; resource: string; why: string }[] = [
  { kind: 'database', api: /postgresql\.cnpg\.io\//, resource: 'Cluster', why: 'CloudNativePG Cluster' },
  {
    kind: 'database',
    api: /postgres-operator\.crunchydata\.com\//,
    resource: 'PostgresCluster',
    why: 'Crunchy PostgresCluster',
  },
  { kind: 'queue', api: /kafka\.strimzi\.io\//, resource: 'Kafka', why: 'Strimzi Kafka' },
  { kind: 'queue', api: /rabbitmq\.com\//, resource: 'RabbitmqCluster', why: 'RabbitmqCluster' },
];

const IMAGES: { kind: string; image: RegExp }[] = [
  {
    kind: 'database',
    image: /\b(postgres(ql)?|mysql|mariadb|mongo(db)?|cassandra|cockroach(db)?|elasticsearch|opensearch|clickhouse)\b/,
  },
  { kind: 'cache', image: /\b(redis|valkey|memcached|keydb)\b/ },
  { kind: 'queue', image: /\b(kafka|rabbitmq|nats|pulsar|activemq)\b/ },
];

/** The suggestion the files support, or undefined; `files` are the asset's, with their text. */
export function suggestKind(files: readonly { file: string; text: string }[]): KindSuggestion | undefined {
  const found: KindSuggestion[] = [];
  for (const { file, text } of files) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const doc of text.split(/^---[ \t]*$/m).map((d, i, all) => ({ d, offset: lineOffset(all, i) }))) {
      const kind = /^kind:\s*["']?(\w+)/m.exec(doc.d);
      if (!kind) continue;
      const line = doc.offset + lineOf(doc.d, kind.index);
      const api = /^apiVersion:\s*["']?(\S+?)["']?\s*$/m.exec(doc.d)?.[1] ?? '';
      const operator = OPERATORS.find((o) => o.resource === kind[1] && o.api.test(api));
      if (operator) found.push({ kind: operator.kind, file, line, why: operator.why });
      else if (kind[1] === 'StatefulSet') {
        const image = /^[\s-]*image:\s*["']?(\S+?)["']?\s*$/m.exec(doc.d)?.[1] ?? '';
        const match = IMAGES.find((i) => i.image.test(image.toLowerCase()));
        if (match) found.push({ kind: match.kind, file, line, why: `StatefulSet running ${image}` });
      } else if (kind[1] === 'CronJob') found.push({ kind: 'batch', file, line, why: 'CronJob' });
      else if (kind[1] === 'Deployment' || kind[1] === 'Rollout')
        found.push({ kind: 'service', file, line, why: kind[1] });
    }
  }
  const order = ['database', 'queue', 'cache', 'service', 'batch'];
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0];
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Lines before document `i` of a file split at its `---` lines (each separator is a line of its own). */
function lineOffset(docs: readonly string[], i: number): number {
  return docs.slice(0, i).reduce((n, d) => n + d.split('\n').length - 1, 0);
}
