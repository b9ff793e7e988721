/**
 * An AWS Well-Architected custom lens (the lens format specification of the AWS WA Tool user guide,
 * docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-format-specification.html: `pillars[] →
 * questions[] → choices[]`, `riskRules[]` mapping a condition on choice ids to HIGH_RISK, MEDIUM_RISK or NO_RISK)
 * as maturity model rows. Pillar → pillar, question → capability, each choice → a yes/no question, placed by the
 * risk rules: a choice without which the question is high risk is level 2, one without which it is not risk-free
 * level 3, the others level 4; level 1 asks whether any best practice is in place.
 */
import { asQuestion, invalid, jsonObject, type ModelRow, requiredArray, requiredText } from './model-rows';

const RISKS = ['NO_RISK', 'MEDIUM_RISK', 'HIGH_RISK'] as const;
type Risk = (typeof RISKS)[number];

interface Choice {
  id: string;
  title: string;
  /** The improvement plan's text (and link): what the work item asks for. */
  plan: string;
}

interface Rule {
  condition: Condition;
  risk: Risk;
}

/** A parsed condition: evaluated against the choices selected. */
type Condition = (selected: ReadonlySet<string>) => boolean;

const ID = /^[A-Za-z0-9_]{1,128}$/;

export function importAwsLens(text: string, file: string, names: ReadonlyMap<string, string>): ModelRow[] {
  const pillars = requiredArray(file, 'pillars', jsonObject(text, file).pillars);
  if (pillars.length > 10) throw invalid(file, 'pillars', `has ${pillars.length} pillars; the format allows 10`);
  const rows: ModelRow[] = [];
  pillars.forEach((p, pi) => {
    const at = `pillars[${pi}]`;
    const pillar = p as Record<string, unknown>;
    const pillarId = id(file, `${at}.id`, pillar.id);
    const pillarName = requiredText(file, `${at}.name`, pillar.name, 128);
    requiredArray(file, `${at}.questions`, pillar.questions).forEach((q, qi) =>
      rows.push(...questionRows(file, `${at}.questions[${qi}]`, q, pillarId, pillarName, names)),
    );
  });
  return rows;
}

function id(file: string, at: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value))
    throw invalid(file, at, 'must be an id of letters, digits and "_" (at most 128)');
  return value;
}

function questionRows(
  file: string,
  at: string,
  value: unknown,
  pillarId: string,
  pillar: string,
  names: ReadonlyMap<string, string>,
): ModelRow[] {
  const q = value as Record<string, unknown>;
  const questionId = id(file, `${at}.id`, q.id);
  const title = requiredText(file, `${at}.title`, q.title, 512);
  const choices = requiredArray(file, `${at}.choices`, q.choices).map((c, ci): Choice => {
    const choice = c as Record<string, unknown>;
    const plan = (choice.improvementPlan ?? {}) as Record<string, unknown>;
    return {
      id: id(file, `${at}.choices[${ci}].id`, choice.id),
      title: requiredText(file, `${at}.choices[${ci}].title`, choice.title, 512),
      plan: [plan.displayText, plan.url].filter((t): t is string => typeof t === 'string' && t !== '').join(' '),
    };
  });
  const known = new Set(choices.map((c) => c.id));
  const rules = requiredArray(file, `${at}.riskRules`, q.riskRules).map((r, ri): Rule => {
    const rule = r as Record<string, unknown>;
    const where = `${at}.riskRules[${ri}]`;
    if (!RISKS.includes(rule.risk as Risk))
      throw invalid(file, `${where}.risk`, `"${String(rule.risk)}" is not ${RISKS.join(', ')}`);
    const condition = requiredText(file, `${where}.condition`, rule.condition, 1024);
    return { condition: parseCondition(condition, known, file, `${where}.condition`), risk: rule.risk as Risk };
  });
  const base = `aws:${pillarId}/${questionId}`;
  const capability = names.get(base) ?? title;
  const practices = choices.filter((c) => !isNone(c));
  const all = new Set(practices.map((c) => c.id));
  const riskWithout = (c: Choice) => rank(riskOf(rules, new Set([...all].filter((x) => x !== c.id))));
  const level2 = practices.filter((c) => riskWithout(c) === 2);
  const level3 = practices.filter((c) => !level2.includes(c) && riskWithout(c) >= 1);
  const level4 = practices.filter((c) => !level2.includes(c) && !level3.includes(c));
  const row = (level: number, question: string, source: string, guidance = ''): ModelRow => ({
    pillar,
    capability,
    level,
    question,
    appliesTo: '',
    sourceId: source,
    guidance,
  });
  const choiceRows = (level: number, list: readonly Choice[], otherwise: string) =>
    list.length
      ? list.map((c) => row(level, asQuestion(c.title), `${base}/${c.id}`, c.plan))
      : [row(level, otherwise, `${base}#${level}`)];
  return [
    row(1, `Is any best practice of "${title}" in place?`, `${base}#1`),
    ...choiceRows(2, level2, `Is at least one of these in place: ${practices.map((c) => c.title).join('; ')}?`),
    ...choiceRows(3, level3, `Does "${title}" leave no medium risk, as the lens's rules judge it?`),
    ...choiceRows(4, level4, `Are the best practices of "${title}" reviewed at least once a year?`),
  ];
}

/** "None of these": the choice a lens offers for having none of its practices. */
function isNone(c: Choice): boolean {
  return /_(no|none)$/i.test(c.id) || /^none of (these|the above)/i.test(c.title);
}

const rank = (risk: Risk): number => RISKS.indexOf(risk);

/** The risk the rules give a selection: the first rule whose condition holds (`default` always does). */
function riskOf(rules: readonly Rule[], selected: ReadonlySet<string>): Risk {
  return rules.find((r) => r.condition(selected))?.risk ?? 'HIGH_RISK';
}

/** `default`, or choice ids joined by `&&` and `||`, negated by `!`, grouped by parentheses. */
function parseCondition(text: string, known: ReadonlySet<string>, file: string, at: string): Condition {
  if (text.trim() === 'default') return () => true;
  const tokens = text.match(/&&|\|\||[!()]|[A-Za-z0-9_]+|\S/g) ?? [];
  let i = 0;
  const fail = (message: string) => invalid(file, at, `${message} in "${text}"`);
  const primary = (): Condition => {
    const t = tokens[i++];
    if (t === '!') {
      const inner = primary();
      return (s) => !inner(s);
    }
    if (t === '(') {
      const inner = or();
      if (tokens[i++] !== ')') throw fail('a "(" is not closed');
      return inner;
    }
    if (t === undefined || !/^[A-Za-z0-9_]+$/.test(t)) throw fail(`"${t ?? 'the end'}" is not a choice id`);
    if (!known.has(t)) throw fail(`"${t}" is not a choice of this question`);
    return (s) => s.has(t);
  };
  const and = (): Condition => {
    let left = primary();
    while (tokens[i] === '&&') {
      i++;
      const [l, r] = [left, primary()];
      left = (s) => l(s) && r(s);
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (tokens[i] === '||') {
      i++;
      const [l, r] = [left, and()];
      left = (s) => l(s) || r(s);
    }
    return left;
  };
  const condition = or();
  if (i < tokens.length) throw fail(`"${tokens[i] ?? ''}" is not expected`);
  return condition;
}
