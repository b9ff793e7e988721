/** Target level per asset tier (and per pillar or capability where needed), parsed from targets.csv. */
import { assertNoProblems, readCsv } from './csv-read';
import { MAX_LEVEL } from './model';

export interface TargetRule {
  /** undefined: any tier, including assets with none. */
  tier: number | undefined;
  pillar: string;
  capability: string;
  targetLevel: number;
  /** The longest a Not applicable may run before review, in days (`max_not_applicable_days`); none: no limit. */
  maxNotApplicableDays?: number;
  line: number;
}

export const TARGET_COLUMNS = ['tier', 'pillar', 'capability', 'target_level'] as const;
export const TARGET_OPTIONAL_COLUMNS = ['max_not_applicable_days'] as const;

export const DEFAULT_TARGETS_CSV = 'tier,pillar,capability,target_level\n1,,,3\n2,,,2\n3,,,1\n,,,1\n';

export function parseTargets(
  text: string,
  file: string,
  known: { pillars: string[]; capabilities: string[] },
): TargetRule[] {
  const table = readCsv(text, file, TARGET_COLUMNS, TARGET_OPTIONAL_COLUMNS);
  const problems = table.problems;
  const rules: TargetRule[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string, message: string) => problems.push({ file, line: row.line, column, message });
    const tier = row.get('tier');
    const pillar = row.get('pillar');
    const capability = row.get('capability');
    const target = row.get('target_level');
    const maxDays = row.get('max_not_applicable_days');
    let ok = true;
    const fail = (column: string, message: string) => {
      ok = false;
      at(column, message);
    };
    if (tier && !/^[1-9]\d*$/.test(tier)) fail('tier', `tier "${tier}" is not a positive whole number`);
    if (pillar && !known.pillars.includes(pillar)) fail('pillar', `unknown pillar "${pillar}"`);
    if (capability && !known.capabilities.includes(capability))
      fail('capability', `unknown capability "${capability}"`);
    if (!/^\d+$/.test(target) || Number(target) > MAX_LEVEL)
      fail('target_level', `target level "${target}" is not 0..${MAX_LEVEL}`);
    if (maxDays && !(/^\d+$/.test(maxDays) && Number(maxDays) >= 1 && Number(maxDays) <= 3650))
      fail('max_not_applicable_days', `"${maxDays}" is not a number of days from 1 to 3650`);
    const id = `${tier}|${pillar}|${capability}`;
    const first = seen.get(id);
    if (first !== undefined) fail('tier', `same tier, pillar and capability as line ${first}`);
    seen.set(id, row.line);
    if (ok)
      rules.push({
        tier: tier ? Number(tier) : undefined,
        pillar,
        capability,
        targetLevel: Number(target),
        ...(maxDays ? { maxNotApplicableDays: Number(maxDays) } : {}),
        line: row.line,
      });
  }
  assertNoProblems(problems);
  return rules;
}

/** The most specific of `rules` for the item: an exact tier over any tier, then a capability over a pillar over all. */
function mostSpecific(
  rules: readonly TargetRule[],
  tier: number | undefined,
  pillar: string,
  capability: string,
): TargetRule | undefined {
  let best: { score: number; rule: TargetRule } | undefined;
  for (const r of rules) {
    if (r.tier !== undefined && r.tier !== tier) continue;
    if (r.pillar && r.pillar !== pillar) continue;
    if (r.capability && r.capability !== capability) continue;
    const score = (r.tier !== undefined ? 4 : 0) + (r.capability ? 2 : r.pillar ? 1 : 0);
    if (!best || score > best.score) best = { score, rule: r };
  }
  return best?.rule;
}

export function targetFor(
  rules: readonly TargetRule[],
  tier: number | undefined,
  pillar: string,
  capability: string,
): number | undefined {
  return mostSpecific(rules, tier, pillar, capability)?.targetLevel;
}

/** How many days a Not applicable may run for the item, from the most specific row that says; undefined: no limit. */
export function notApplicableLimit(
  rules: readonly TargetRule[],
  tier: number | undefined,
  pillar: string,
  capability: string,
): { days: number; line: number } | undefined {
  const rule = mostSpecific(
    rules.filter((r) => r.maxNotApplicableDays !== undefined),
    tier,
    pillar,
    capability,
  );
  return rule && { days: rule.maxNotApplicableDays ?? 0, line: rule.line };
}
