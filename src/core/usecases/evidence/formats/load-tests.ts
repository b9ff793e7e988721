/** Load tests, by what their files import or declare: k6, Locust, Gatling (JavaScript and JVM) and JMeter. */
import { type EvidenceFormat } from './format';

/** A format found on the first line of a file of `extension` that matches `line`, said as `detail`. */
function lineFormat(name: string, extension: RegExp, line: RegExp, detail: string): EvidenceFormat {
  return {
    name,
    mayBeIn: (file, text) => extension.test(file) && line.test(text),
    text: (file, content) => {
      const at = content.split('\n').findIndex((l) => line.test(l));
      return at >= 0 ? [{ kind: 'load-tests', file, line: at + 1, detail }] : [];
    },
  };
}

const SCRIPT = /\.(js|ts|mjs)$/;

export const LOAD_TEST_FORMATS: readonly EvidenceFormat[] = [
  // Locust tests by what they import, whatever the file is called (locustio/locust's examples/).
  lineFormat('Locust', /\.py$/, /^\s*(from\s+locust\s+import|import\s+locust\b)/m, 'Locust load test'),
  lineFormat('k6', SCRIPT, /from\s+['"]k6(\/[\w/-]*)?['"]|require\(['"]k6/, 'k6 load test'),
  // Gatling's JavaScript and TypeScript SDK (gatling/gatling-js-demo).
  lineFormat(
    'Gatling (JavaScript)',
    SCRIPT,
    /from\s+['"]@gatling\.io\/core['"]|require\(['"]@gatling\.io\/core/,
    'Gatling simulation',
  ),
  lineFormat('Gatling', /\.(scala|java|kt)$/, /extends\s+Simulation\b|:\s*Simulation\(\)/, 'Gatling simulation'),
  lineFormat('JMeter', /\.jmx$/, /<jmeterTestPlan\b/, 'JMeter test plan'),
];
