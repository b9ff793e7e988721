/**
 * Helm templates read against the chart's defaults (values.yaml), as `helm template` renders them with no
 * overrides: a block whose `if`/`with`/`range` is off by default is no evidence, a block whose condition cannot be
 * decided here is marked conditional, and every directive is blanked out line for line, so the result parses as
 * YAML with each line where it was (a value only an install knows reads `(templated)`). An action spanning lines
 * (Bitnami's copyright comment) is read as one. The expressions read are the common ones (Go template and Sprig:
 * `.Values` and `$` lookups, variables, `not`, `and`, `or`, `eq`, `ne`, `gt`…, `default`, `empty`, `dict`, `list`,
 * `omit`, `ternary`, `index`, `hasKey`, `toYaml`, `tpl` of plain strings), `include` of the chart's own named
 * templates and of Bitnami's common library (helm-library.ts); anything else is undecided, never blank.
 */
import { parse as parseYaml } from 'yaml';

import {
  and,
  type Env,
  Evaluator,
  type Frame,
  MAX_INCLUDE_DEPTH,
  not,
  or,
  tokenize,
  type Truth,
  truthOf,
} from './helm-expressions';
import { libraryTemplate } from './helm-library';
import { UNKNOWN, type Value } from './template-value';

/** What stands for a value only a real install knows: a plain scalar that parses anywhere a value may stand. */
export const PLACEHOLDER = '(templated)';

/** The chart around a template: its named templates, and whether its defaults can be trusted. */
export interface HelmContext {
  /** `define`d templates of the chart (its `_helpers.tpl`…) and of its local subcharts, by name. */
  defines?: ReadonlyMap<string, string>;
  /**
   * Set when the chart's own templates change `.Values` (Istio merges its profiles in): the file that does, and
   * every value then is undecided rather than what values.yaml says.
   */
  valuesUndecided?: string;
}

export interface RenderedTemplate {
  /** The template, line for line, as the YAML its defaults render. */
  text: string;
  /** 1-based lines inside a block whose condition could not be decided, with the values key it depends on. */
  conditional: Map<number, string>;
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
/** Actions that open, switch or close a block, rather than print. */
const CONTROL_WORDS = new Set(['if', 'with', 'range', 'else', 'end', 'define', 'block']);

/**
 * The template with every action that spans lines (a comment, a long `include`) joined onto its first line, and as
 * many empty lines after it, so each line after the action stays where it was; line endings made `\n`.
 */
export function joinActions(template: string): string {
  const text = template.replace(/\r\n?/g, '\n');
  let out = '';
  let pending = 0;
  let from = 0;
  for (const m of text.matchAll(/\{\{[\s\S]*?\}\}|\n/g)) {
    out += text.slice(from, m.index);
    from = m.index + m[0].length;
    if (m[0] === '\n') {
      out += '\n'.repeat(1 + pending);
      pending = 0;
    } else {
      const breaks = m[0].split('\n').length - 1;
      pending += breaks;
      out += breaks ? m[0].replace(/\n/g, ' ') : m[0];
    }
  }
  return out + text.slice(from) + '\n'.repeat(pending);
}

/** Renders `template` against the chart's default `values`, line for line (see the module comment). */
export function renderTemplate(template: string, values: unknown, context: HelmContext = {}): RenderedTemplate {
  // What `.` is at the top of a template: the values and what only a real install knows.
  const root = {
    Values: context.valuesUndecided ? UNKNOWN : values,
    Release: UNKNOWN,
    Chart: UNKNOWN,
    Capabilities: UNKNOWN,
    Template: UNKNOWN,
    Files: UNKNOWN,
  };
  const include =
    (depth: number) =>
    (name: string, arg: Value): Value => {
      const library = libraryTemplate(name, arg);
      if (library !== undefined) return library;
      const body = context.defines?.get(name);
      if (body === undefined || depth >= MAX_INCLUDE_DEPTH) return UNKNOWN;
      const rendered = render(body, root, arg, include(depth + 1), true);
      if (rendered.conditional.size > 0) return UNKNOWN;
      return textValue(rendered.text);
    };
  const rendered = render(joinActions(template), root, root, include(0), false);
  if (context.valuesUndecided)
    for (const [line, key] of rendered.conditional)
      rendered.conditional.set(line, key || `values set by ${context.valuesUndecided}`);
  return rendered;
}

/** What a named template printed: YAML it builds (a map, a list), else its text. */
function textValue(text: string): Value {
  const trimmed = text
    .split('\n')
    .filter((l) => l.trim())
    .join('\n');
  if (!trimmed.trim()) return '';
  try {
    const dedent = Math.min(...trimmed.split('\n').map((l) => /^ */.exec(l)?.[0].length ?? 0));
    return (parseYaml(trimmed.replace(new RegExp(`^ {${dedent}}`, 'gm'), '')) as Value) ?? '';
  } catch {
    return UNKNOWN;
  }
}

/**
 * One template's lines, rendered with `dot` as `.`. `asText` (a named template's body): a value printed alone on
 * its line is printed, not left out, as it is what the template returns.
 */
function render(template: string, root: Value, top: Value, include: Env['include'], asText: boolean): RenderedTemplate {
  const env: Env = { root, vars: new Map(), include };
  const stack: Frame[] = [];
  const conditional = new Map<number, string>();
  const dot = () => (stack.length ? (stack.at(-1) as Frame).dot : top);
  const state = (): Truth => {
    let result: Truth = true;
    for (const f of stack) {
      if (f.truth === false) return false;
      if (f.truth === 'unknown') result = 'unknown';
    }
    return result;
  };
  const evaluate = (source: string) => {
    const evaluator = new Evaluator(env, dot());
    const value = evaluator.pipeline(tokenize(source));
    return { value, key: evaluator.key, included: evaluator.included };
  };
  /** Lines whose value was printed by an action at their end, from where it starts. */
  const inlineFrom = new Map<number, number>();
  /** The last line printed: whether a block printed alone is its key's value or keys of the map it is in. */
  let last = '';
  const lines = template.split('\n').map((line, i) => {
    const before = state();
    let control = false;
    let firstControlAt = -1;
    const outputs: { at: number; end: number; source: string }[] = [];
    for (const m of line.matchAll(ACTION)) {
      const source = m[1] ?? '';
      const [word = ''] = source.split(/\s+/, 1);
      const rest = source.slice(word.length).trim();
      const assignment = /^\$(\w+)\s*:?=\s*([\s\S]*)$/.exec(source);
      if (assignment) {
        // A variable: printed nowhere, read by later actions.
        if (state() !== false) env.vars.set(assignment[1] ?? '', evaluate(assignment[2] ?? '').value);
        continue;
      }
      const isControl = CONTROL_WORDS.has(word) || source.startsWith('/*'); // a comment prints nothing
      if (!isControl) {
        outputs.push({ at: m.index, end: m.index + m[0].length, source });
        continue;
      }
      control = true;
      if (firstControlAt < 0) firstControlAt = m.index;
      if (word === 'if' || word === 'with' || word === 'range') {
        const { value, key } = evaluate(rest.replace(/^\$\w+\s*(,\s*\$\w+\s*)?:=\s*/, ''));
        const truth = truthOf(value);
        stack.push({ truth, taken: truth, key, dot: word === 'with' ? value : word === 'range' ? UNKNOWN : dot() });
      } else if (word === 'else') {
        const frame = stack.at(-1);
        if (!frame) continue;
        let branch: Truth = true;
        if (rest.startsWith('if ')) {
          const { value, key } = evaluate(rest.slice(3));
          frame.key ||= key;
          branch = truthOf(value);
        }
        // This branch runs when no earlier one was taken and its own condition holds.
        frame.truth = and(not(frame.taken), branch);
        frame.taken = or(frame.taken, frame.truth);
      } else if (word === 'define' || word === 'block') {
        stack.push({ truth: false, taken: false, key: '', dot: UNKNOWN }); // a named template is not rendered here
      } else if (word === 'end') stack.pop();
    }
    const after = state();
    const content = line.replace(ACTION, '').trim();
    const judged = !control ? before : content && line.trimStart().indexOf(content) < firstControlAt ? before : after;
    if (judged === false || (control && !content && outputs.length === 0)) return '';
    if (judged === 'unknown')
      conditional.set(i + 1, [...stack].reverse().find((f) => f.truth === 'unknown')?.key ?? '');
    const out = renderOutputs(line, outputs, evaluate, { asText, after: last });
    if (out.undecided !== undefined && !conditional.has(i + 1)) conditional.set(i + 1, out.undecided);
    if (out.inlineFrom !== undefined) inlineFrom.set(i, out.inlineFrom);
    if (out.text.trim()) last = out.text;
    return out.text;
  });
  return { text: keyBeforeBlock(lines, inlineFrom).join('\n'), conditional };
}

const indentOf = (line: string) => /^ */.exec(line)?.[0].length ?? 0;

/**
 * A key whose value an action printed, followed by deeper lines (`livenessProbe: {{- include … }}` and then
 * `tcpSocket:`): the deeper lines are its value, so the printed part goes, or the YAML would not parse.
 */
function keyBeforeBlock(lines: string[], inlineFrom: ReadonlyMap<number, number>): string[] {
  for (const [i, from] of inlineFrom) {
    const next = lines.slice(i + 1).find((l) => l.trim());
    const line = lines[i] ?? '';
    // The key's own column: after a sequence item's dash (`- name: …` is followed by its siblings, not its value).
    const column = /^[\s-]*/.exec(line)?.[0].length ?? 0;
    if (next !== undefined && indentOf(next) > column && /:\s*$/.test(line.slice(0, from)))
      lines[i] = line.slice(0, from).trimEnd();
  }
  return lines;
}

/** Whether an action prints a block (`toYaml`, `include … | nindent`), not a scalar. */
const BLOCK = /\|\s*n?indent\b|\btoYaml\b/;

/**
 * A line's output actions replaced by what they print, or blanked when they stand alone and print YAML we cannot
 * know. `undecided`: the named template whose block could not be evaluated here; `inlineFrom`: where a value an
 * action printed at the line's end starts.
 */
function renderOutputs(
  line: string,
  outputs: { at: number; end: number; source: string }[],
  evaluate: (source: string) => { value: Value; included: string },
  context: { asText: boolean; after: string },
): { text: string; undecided?: string; inlineFrom?: number } {
  const stripped = line.replace(ACTION, '');
  const { asText } = context;
  if (outputs.length === 1 && stripped.trim() === '') {
    // A directive alone on its line: `toYaml .Values.resources | nindent 12` prints a block, written here as flow:
    // the value of the key above it, or (YAML's merge key) more keys of the map it sits in.
    const source = outputs[0]?.source ?? '';
    const { value, included } = evaluate(source);
    const width = /\bn?indent\s+(\d+)/.exec(source)?.[1];
    const indent = width ? ' '.repeat(Number(width)) : (/^\s*/.exec(line)?.[0] ?? '');
    if (value !== UNKNOWN && typeof value === 'object' && value !== null) {
      const keyAbove = /:\s*$/.test(context.after) && (/^[\s-]*/.exec(context.after)?.[0].length ?? 0) < indent.length;
      if (keyAbove) return { text: `${indent}${JSON.stringify(value)}` };
      return Array.isArray(value) ? { text: '' } : { text: `${indent}<<: ${JSON.stringify(value)}` };
    }
    if (asText && value !== UNKNOWN && value !== null && value !== undefined)
      return { text: `${indent}${String(value)}` };
    return {
      text: '',
      undecided: value === UNKNOWN && included && BLOCK.test(source) ? `include ${included}` : undefined,
    };
  }
  let out = '';
  let from = 0;
  let undecided: string | undefined;
  let inlineFrom: number | undefined;
  for (const o of outputs) {
    out += line.slice(from, o.at).replace(ACTION, '');
    const after = line.slice(o.end).replace(ACTION, '');
    const quoted = (out.match(/(?<!\\)"/g) ?? []).length % 2 === 1 || (out.match(/'/g) ?? []).length % 2 === 1;
    // Part of a longer scalar (`{{ .Values.url }}/general`): the text itself, never a quoted string.
    const joined = /\S$/.test(out) && !/[:-]$/.test(out.trimEnd()) ? true : /^[^\s#]/.test(after);
    const { value, included } = evaluate(o.source);
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (!after.trim()) inlineFrom = out.length;
    if (quoted) out += scalar ? String(value).replace(/["'\\]/g, '') : 'x';
    else if (value !== UNKNOWN && typeof value === 'object' && value !== null && BLOCK.test(o.source))
      out += ` ${JSON.stringify(value)}`;
    else if (value === null || value === undefined)
      out += ''; // prints nothing: the key's value is null
    else if (!scalar) {
      out += PLACEHOLDER;
      if (included && BLOCK.test(o.source)) undecided ??= `include ${included}`;
    } else out += typeof value === 'string' && !joined ? JSON.stringify(value) : String(value);
    from = o.end;
  }
  return { text: out + line.slice(from).replace(ACTION, ''), undecided, inlineFrom };
}

/** The named templates a file defines (`{{ define "name" }}…{{ end }}`), by name: their bodies, nesting counted. */
export function definesOf(template: string): Map<string, string> {
  const defines = new Map<string, string>();
  const text = joinActions(template);
  let open: { name: string; from: number } | undefined;
  let depth = 0;
  for (const m of text.matchAll(ACTION)) {
    const [word = '', arg = ''] = (m[1] ?? '').split(/\s+/);
    if (!open) {
      if (word === 'define') open = { name: arg.replace(/^"|"$/g, ''), from: m.index + m[0].length };
      continue;
    }
    if (['if', 'with', 'range', 'define', 'block'].includes(word)) depth++;
    else if (word === 'end' && depth-- === 0) {
      defines.set(open.name, text.slice(open.from, m.index));
      open = undefined;
      depth = 0;
    }
  }
  return defines;
}

/** The `.Values` paths a template reads (`server.replicaCount`), from `.Values…` and `$.Values…`. */
export function valuesRead(template: string): string[] {
  return [...template.matchAll(/\.Values((?:\.\w+)+)/g)].map((m) => (m[1] ?? '').slice(1));
}

/** Whether a template changes `.Values` itself (`set`, `merge` into it), as Istio's profile templates do. */
export function setsValues(template: string): boolean {
  return /\b(set|merge|mergeOverwrite|mustMerge|mustMergeOverwrite)\s+\(?\s*\$?\.Values\b/.test(template);
}
