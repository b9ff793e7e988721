/**
 * `sre-tracker check`: which items in scope break the chosen rules, for a CI gate, and the reports CI systems
 * read (JUnit XML, GitHub workflow commands, JSON).
 */
import { groupBy } from '../../shared/group-by';
import { type Flow } from '../domain/flows';
import { escapeXml } from '../domain/html-escape';
import { pickName } from '../domain/item-lookup';
import { type ItemView } from '../domain/items';
import { inputError } from '../errors';
import { flowsOf } from './flows-file';
import { approversOf, unapprovedReason } from './not-applicable';
import { type DataFiles, type DataStore, type ItemSource } from './ports';

export const RULES = ['red', 'below-target', 'stale', 'expired-exemption', 'unapproved-not-applicable'] as const;
export type Rule = (typeof RULES)[number];

export interface CheckScope {
  flows: string[];
  tiers: number[];
  /** When set, only these item keys (`--changed-since`). */
  keys?: ReadonlySet<string>;
}

export interface Failure {
  key: string;
  flow: string;
  asset: string;
  capability: string;
  rules: Rule[];
  reason: string;
  /** Where the asset is declared, for annotations. */
  file: string;
  line: number;
}

export interface CheckResult {
  rules: Rule[];
  checked: ItemView[];
  failures: Failure[];
}

export function parseRules(values: readonly string[]): Rule[] {
  const rules = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = rules.find((r) => !(RULES as readonly string[]).includes(r));
  if (unknown) throw inputError(`--fail-on "${unknown}" is not a rule (rules: ${RULES.join(', ')})`);
  return rules.length ? [...new Set(rules as Rule[])] : ['red'];
}

/** What a rule needs besides the item: evidence changes seen now, and whether approvers decide Not applicable. */
export interface CheckContext {
  gone: ReadonlyMap<string, string>;
  approvers: boolean;
}

function broken(item: ItemView, rule: Rule, { gone, approvers }: CheckContext): string | undefined {
  switch (rule) {
    case 'red':
      return item.status === 'Red'
        ? `Red at level ${item.level ?? 0}${item.target === undefined ? '' : ` of ${item.target}`}`
        : undefined;
    case 'below-target':
      return item.target !== undefined && item.status !== 'Not applicable' && (item.level ?? -1) < item.target
        ? item.level === null
          ? `not assessed; target level ${item.target}`
          : `level ${item.level} is below the target ${item.target}`
        : undefined;
    case 'stale':
      if (item.evidenceChanged) return item.evidenceChanged;
      if (item.stale)
        return `assessment from ${item.assessedAt?.slice(0, 10) ?? '?'} expired on ${item.expiresOn ?? '?'}: re-attest`;
      return gone.get(item.key);
    case 'expired-exemption':
      return item.status === 'Exemption expired'
        ? `Not applicable until ${item.exemptUntil ?? '?'}: the review date has passed`
        : undefined;
    case 'unapproved-not-applicable':
      return unapprovedReason(item, approvers);
  }
}

/** `context.gone`: items whose evidence the repository no longer shows as it was, with why (stale too). */
export function check(
  items: readonly ItemView[],
  flows: readonly Flow[],
  rules: readonly Rule[],
  scope: CheckScope,
  flowsFile: string,
  context: CheckContext = { gone: new Map(), approvers: false },
): CheckResult {
  const lines = new Map(flows.flatMap((f) => f.assets.map((a) => [`${f.key}/${a.key}`, a.line])));
  const wantedFlows = new Set(scope.flows.map((f) => f.toLowerCase()));
  const checked = items.filter(
    (i) =>
      (wantedFlows.size === 0 || wantedFlows.has(i.flowName.toLowerCase()) || wantedFlows.has(i.flowKey)) &&
      (scope.tiers.length === 0 || (i.tier !== undefined && scope.tiers.includes(i.tier))) &&
      (!scope.keys || scope.keys.has(i.key)),
  );
  const failures = checked.flatMap((item) => {
    const hits = rules
      .map((rule) => ({ rule, reason: broken(item, rule, context) }))
      .filter((h) => h.reason !== undefined);
    if (hits.length === 0) return [];
    return [
      {
        key: item.key,
        flow: item.flowName,
        asset: item.assetName,
        capability: item.capability.name,
        rules: hits.map((h) => h.rule),
        reason: hits.map((h) => h.reason).join('; '),
        file: flowsFile,
        line: lines.get(`${item.flowKey}/${item.assetKey}`) ?? 1,
      },
    ];
  });
  return { rules: [...rules], checked, failures };
}

/** A check as typed (CLI flags, an assistant's arguments): rules, flow names and tier numbers checked first. */
export interface CheckRequest {
  failOn: readonly string[];
  flows: readonly string[];
  tiers: readonly string[];
  keys?: ReadonlySet<string>;
  /** When every time-dependent rule is judged (`--as-of`); now when not given. */
  now?: Date;
}

/**
 * Checks the workspace's items against the rules asked for, within the scope asked for. The evidence scan (and its
 * formats) loads only for the stale rule, which reads it.
 */
export async function checkWorkspace(
  ws: ItemSource & DataFiles & DataStore,
  request: CheckRequest,
  flowsFile: string,
): Promise<CheckResult> {
  const rules = parseRules(request.failOn);
  const tiers = request.tiers.map((t) => {
    if (!/^[1-9]\d*$/.test(t.trim())) throw inputError(`--tiers: "${t}" is not a tier number`);
    return Number(t);
  });
  const flows = flowsOf(ws);
  const wanted = request.flows.map((f) => f.trim()).filter(Boolean);
  const known = new Set(flows.flatMap((f) => [f.name.toLowerCase(), f.key]));
  const unknownFlow = wanted.find((f) => !known.has(f.toLowerCase()));
  if (unknownFlow)
    pickName(
      'flow',
      unknownFlow,
      flows.map((f) => f.name),
    );
  const gone = rules.includes('stale')
    ? (await import('./evidence/workspace-evidence')).changedEvidence(ws)
    : new Map<string, string>();
  const approvers = rules.includes('unapproved-not-applicable') && approversOf(ws) !== undefined;
  return check(ws.items(request.now), flows, rules, { flows: wanted, tiers, keys: request.keys }, flowsFile, {
    gone,
    approvers,
  });
}

/** JUnit XML as Jenkins, GitLab and the GitHub test-report actions read it: a suite per flow, a case per item. */
export function junitXml(result: CheckResult): string {
  const byFlow = groupBy(result.checked, (i) => i.flowName);
  const failed = new Map(result.failures.map((f) => [f.key, f]));
  const suites = [...byFlow].map(([flow, items]) => {
    const failures = items.filter((i) => failed.has(i.key)).length;
    const cases = items.map((i) => {
      const f = failed.get(i.key);
      const name = `${i.assetName} / ${i.capability.name}`;
      const open = `<testcase classname="${escapeXml(`${i.flowKey}.${i.assetKey}`)}" name="${escapeXml(name)}" time="0">`;
      return f
        ? `${open}<failure message="${escapeXml(f.reason)}" type="${escapeXml(f.rules.join(','))}">${escapeXml(`${f.key}: ${f.reason} (${f.file}:${f.line})`)}</failure></testcase>`
        : `${open}</testcase>`;
    });
    return `  <testsuite name="${escapeXml(flow)}" tests="${items.length}" failures="${failures}" errors="0" skipped="0" time="0">\n    ${cases.join('\n    ')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sre-tracker check" tests="${result.checked.length}" failures="${result.failures.length}" errors="0" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** GitHub's workflow-command escaping: data escapes %, CR and LF; property values also : and ,. */
function ghData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(text: string): string {
  return ghData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,title=…::message` per failure, so a pull request shows them on the flows.csv line of the asset. */
export function githubAnnotations(result: CheckResult): string {
  return result.failures
    .map(
      (f) =>
        `::error file=${ghProperty(f.file)},line=${f.line},title=${ghProperty(`SRE ${f.rules.join(', ')}: ${f.key}`)}::${ghData(`${f.flow} / ${f.asset} / ${f.capability}: ${f.reason}`)}\n`,
    )
    .join('');
}

/** The documented JSON (version 1): stable field names for tools. */
export function checkJson(result: CheckResult): string {
  return `${JSON.stringify(
    {
      version: 1,
      ok: result.failures.length === 0,
      rules: result.rules,
      checked: result.checked.length,
      failures: result.failures,
    },
    null,
    2,
  )}\n`;
}
