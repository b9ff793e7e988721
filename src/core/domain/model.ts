/** Parses maturity_model.csv into the maturity model (pillars → capabilities → levels → questions). */
import { type Capability, type MaturityModel, MAX_LEVEL, questionKey } from '../../shared/model-types';
import { assertNoProblems, readCsv } from './csv-read';
import { slug } from './keys';
import { badScopeEntries, parseScope } from './kinds';

export * from '../../shared/model-types';

export const MODEL_COLUMNS = ['pillar', 'capability', 'level', 'level_name', 'criteria', 'question'] as const;
/**
 * `evidence`: kinds of repository evidence that support the row's question, `;`-separated (usecases/evidence).
 * `applies_to`: the asset kinds that fit (domain/kinds.ts). A capability's first row gives the capability's (empty:
 * every kind); any other row may narrow its own question, and one left empty or the same asks it of them all.
 * `source_id`: where an imported question came from (`model import`), unique in the file. `guidance`: what to do to
 * answer the question yes (a lens's improvement plan), written into the work item that asks for it.
 * `reattest_days`: how long answers hold before they must be given again; on a capability's first row for the whole
 * capability, on another row only shorter, for that question. `requires_comment`: `yes` refuses answers without
 * notes, on the first row for the capability, on another for that question.
 */
export const MODEL_OPTIONAL_COLUMNS = [
  'evidence',
  'applies_to',
  'source_id',
  'guidance',
  'reattest_days',
  'requires_comment',
] as const;

/** The most days an answer may be trusted without being given again: ten years, as staleAfterDays. */
const MAX_REATTEST_DAYS = 3650;

/** Takes a row's `applies_to` into its capability: the capability's own on its first row, else its question's. */
function scopeRow(
  cap: Capability,
  first: boolean,
  level: number,
  question: string,
  text: string,
  problem: (m: string) => void,
): void {
  const scope = parseScope(text);
  const bad = badScopeEntries(scope);
  if (bad.length > 0) {
    problem(
      `"${bad.join(';')}" is not a kind: use short words such as service or database, and !kind to leave one out`,
    );
    return;
  }
  if (scope.length === 0) return;
  if (first) cap.appliesTo = scope;
  else if (scope.join(';') !== (cap.appliesTo ?? []).join(';'))
    cap.questionScopes = { ...cap.questionScopes, [questionKey(level, question)]: scope };
}

/** Takes a row's `reattest_days` and `requires_comment` into its capability, as `scopeRow` takes `applies_to`. */
function attestationRow(
  cap: Capability,
  first: boolean,
  key: string,
  days: string,
  comment: string,
  at: (column: string, message: string) => void,
): void {
  if (days) {
    const n = Number(days);
    if (!/^\d+$/.test(days) || n < 1 || n > MAX_REATTEST_DAYS)
      at('reattest_days', `"${days}" is not a number of days from 1 to ${MAX_REATTEST_DAYS}`);
    else if (first) cap.reattestDays = n;
    else if (cap.reattestDays !== undefined && n > cap.reattestDays)
      at(
        'reattest_days',
        `${n} is longer than the capability's ${cap.reattestDays} days: a question may only shorten it`,
      );
    else if (n !== cap.reattestDays) cap.questionReattestDays = { ...cap.questionReattestDays, [key]: n };
  }
  const needs = comment.toLowerCase();
  if (needs !== '' && needs !== 'yes' && needs !== 'no') at('requires_comment', `"${comment}" is not yes or no`);
  else if (needs === 'yes' && first) cap.requiresComment = true;
  else if (needs === 'yes' && !cap.requiresComment)
    cap.questionsNeedingComment = [...(cap.questionsNeedingComment ?? []), key];
}

export function parseMaturityModel(text: string, file: string): MaturityModel {
  const table = readCsv(text, file, MODEL_COLUMNS, MODEL_OPTIONAL_COLUMNS);
  const problems = table.problems;
  const pillars: string[] = [];
  const byKey = new Map<string, Capability & { firstLine: number }>();
  const levelLines = new Map<string, number>();
  const sources = new Map<string, number>();
  for (const row of table.rows) {
    const pillar = row.get('pillar');
    const name = row.get('capability');
    const levelText = row.get('level');
    const question = row.get('question');
    const at = (column: string, message: string) => problems.push({ file, line: row.line, column, message });
    if (!pillar) at('pillar', 'pillar is empty');
    if (!name) at('capability', 'capability is empty');
    else if (!slug(name)) at('capability', `capability "${name}" has no letters or digits`);
    const level = Number(levelText);
    if (!/^\d+$/.test(levelText) || level < 1 || level > MAX_LEVEL) {
      at('level', `unknown level "${levelText}" (levels run 1..${MAX_LEVEL}; level 0 has no questions)`);
    }
    if (!question) at('question', 'question is empty');
    if (!pillar || !name || !slug(name) || !question || !(level >= 1 && level <= MAX_LEVEL && Number.isInteger(level)))
      continue;
    if (!pillars.includes(pillar)) pillars.push(pillar);
    const key = slug(name);
    let cap = byKey.get(key);
    const first = !cap;
    if (!cap) {
      cap = { key, name, pillar, levels: [], firstLine: row.line };
      byKey.set(key, cap);
    } else if (cap.name !== name) {
      at('capability', `"${name}" has the same key "${key}" as "${cap.name}" (line ${cap.firstLine})`);
      continue;
    } else if (cap.pillar !== pillar) {
      at('pillar', `capability "${name}" is under pillar "${cap.pillar}" on line ${cap.firstLine}, not "${pillar}"`);
      continue;
    }
    let lvl = cap.levels.find((l) => l.level === level);
    if (!lvl) {
      lvl = { level, name: row.get('level_name'), criteria: row.get('criteria'), questions: [] };
      cap.levels.push(lvl);
      levelLines.set(`${key}/${level}`, row.line);
    } else {
      // A level is named and described once; a row may leave both empty, but never say something else.
      const first = levelLines.get(`${key}/${level}`);
      const levelName = row.get('level_name');
      const criteria = row.get('criteria');
      if (levelName && lvl.name && levelName !== lvl.name)
        at(
          'level_name',
          `${name} level ${level} is named "${lvl.name}" on line ${first}; this row says "${levelName}"`,
        );
      if (criteria && lvl.criteria && criteria !== lvl.criteria)
        at(
          'criteria',
          `${name} level ${level} has the criteria "${lvl.criteria}" on line ${first}; this row says "${criteria}"`,
        );
      lvl.name ||= levelName;
      lvl.criteria ||= criteria;
    }
    if (lvl.questions.includes(question)) at('question', `duplicate question for ${name} level ${level}`);
    else lvl.questions.push(question);
    scopeRow(cap, first, level, question, row.get('applies_to'), (message) => at('applies_to', message));
    attestationRow(cap, first, questionKey(level, question), row.get('reattest_days'), row.get('requires_comment'), at);
    const guidance = row.get('guidance');
    if (guidance) cap.questionGuidance = { ...cap.questionGuidance, [questionKey(level, question)]: guidance };
    const source = row.get('source_id');
    if (source) {
      const seen = sources.get(source);
      if (seen !== undefined) at('source_id', `source_id "${source}" is also on line ${seen}`);
      else {
        sources.set(source, row.line);
        cap.questionSources = { ...cap.questionSources, [questionKey(level, question)]: source };
      }
    }
  }
  for (const cap of byKey.values()) {
    cap.levels.sort((a, b) => a.level - b.level);
    for (let level = 1; level <= MAX_LEVEL; level++) {
      if (!cap.levels.some((l) => l.level === level)) {
        problems.push({
          file,
          line: cap.firstLine,
          column: 'level',
          message: `capability "${cap.name}" has no question for level ${level}`,
        });
      }
    }
  }
  if (byKey.size === 0 && problems.length === 0)
    problems.push({ file, line: 1, message: 'the model has no questions' });
  assertNoProblems(problems);
  const capabilities = [...byKey.values()].map(({ firstLine: _firstLine, ...cap }) => cap);
  // Group capabilities by pillar, keeping the file's order within each.
  capabilities.sort((a, b) => pillars.indexOf(a.pillar) - pillars.indexOf(b.pillar));
  return { pillars, capabilities };
}
