/** Target level per asset tier (and per pillar or capability where needed), parsed from targets.csv. */
import { assertNoProblems, readCsv } from './csv-read';
import { MAX_LEVEL } from './model';

export interface TargetRule {
  /** undefined: any tier, including assets with none. */
  tier: number | undefined;
  pillar: string;
  capability: string;
  targetLevel: number;
  line: number;
}

export const TARGET_COLUMNS = ['tier', 'pillar', 'capability', 'target_level'] as const;

export const DEFAULT_TARGETS_CSV = 'tier,pillar,capability,target_level\n1,,,3\n2,,,2\n3,,,1\n,,,1\n';

export function parseTargets(
  text: string,
  file: string,
  known: { pillars: string[]; capabilities: string[] },
): TargetRule[] {
  const table = readCsv(text, file, TARGET_COLUMNS);
  const problems = table.problems;
  const rules: TargetRule[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string, message: string) => problems.push({ file, line: row.line, column, message });
    const tier = row.get('tier');
    const pillar = row.get('pillar');
    const capability = row.get('capability');
    const target = row.get('target_level');
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
        line: row.line,
      });
  }
  assertNoProblems(problems);
  return rules;
}

/** The most specific rule wins: an exact tier over any tier, then a capability over a pillar over all. */
export function targetFor(
  rules: readonly TargetRule[],
  tier: number | undefined,
  pillar: string,
  capability: string,
): number | undefined {
  let best: { score: number; level: number } | undefined;
  for (const r of rules) {
    if (r.tier !== undefined && r.tier !== tier) continue;
    if (r.pillar && r.pillar !== pillar) continue;
    if (r.capability && r.capability !== capability) continue;
    const score = (r.tier !== undefined ? 4 : 0) + (r.capability ? 2 : r.pillar ? 1 : 0);
    if (!best || score > best.score) best = { score, level: r.targetLevel };
  }
  return best?.level;
}
