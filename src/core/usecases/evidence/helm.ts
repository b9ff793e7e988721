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

/** How deep `include` may nest: real charts use a few levels; a template including itself stops here. */
const MAX_INCLUDE_DEPTH = 8;

type Truth = boolean | 'unknown';

export interface RenderedTemplate {
  /** The template, line for line, as the YAML its defaults render. */
  text: string;
  /** 1-based lines inside a block whose condition could not be decided, with the values key it depends on. */
  conditional: Map<number, string>;
}

type Token = { kind: 'open' | 'close' | 'pipe' } | { kind: 'word'; text: string } | { kind: 'literal'; value: Value };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const rx = /\s*(?:(\()|(\))|(\|)|"((?:[^"\\]|\\.)*)"|`([^`]*)`|(-?\d+(?:\.\d+)?)(?![\w.])|([^\s()|]+))/y;
  for (let m = rx.exec(source); m && m[0] !== ''; m = rx.exec(source)) {
    if (m[1]) tokens.push({ kind: 'open' });
    else if (m[2]) tokens.push({ kind: 'close' });
    else if (m[3]) tokens.push({ kind: 'pipe' });
    else if (m[4] !== undefined) tokens.push({ kind: 'literal', value: m[4].replace(/\\(.)/g, '$1') });
    else if (m[5] !== undefined) tokens.push({ kind: 'literal', value: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: 'literal', value: Number(m[6]) });
    else if (m[7] !== undefined) tokens.push({ kind: 'word', text: m[7] });
  }
  return tokens;
}

/** Go template truth: false, 0, nil, and empty strings, lists and maps are false. */
function truthOf(value: Value): Truth {
  if (value === UNKNOWN) return 'unknown';
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const own = (o: unknown, key: string): Value =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;

/** What an action can reach besides `.`: the root, the template's variables, the named templates. */
interface Env {
  root: Value;
  vars: Map<string, Value>;
  include(name: string, arg: Value): Value;
}

/** Evaluates one action's pipeline against the chart's values and the current `.` (what `with` set). */
class Evaluator {
  /** The first `.Values` key the expression read: what a conditional block is said to depend on. */
  key = '';
  /** The named template an undecided value came from, when it came from one. */
  included = '';

  constructor(
    private readonly env: Env,
    private readonly dot: Value,
  ) {}

  /** `.a.b` from the current dot, `$.a.b` from the root, `$x.a` from a variable; `.Values.…` is a lookup in the defaults. */
  private field(path: string): Value {
    const variable = /^\$(\w+)/.exec(path)?.[1];
    if (variable !== undefined && !this.env.vars.has(variable)) return UNKNOWN;
    const parts = path
      .replace(/^\$\w*/, '')
      .split('.')
      .filter(Boolean);
    let at: Value =
      variable !== undefined ? this.env.vars.get(variable) : path.startsWith('$') ? this.env.root : this.dot;
    if (at === this.env.root && parts[0] === 'Values') this.key ||= parts.slice(1).join('.');
    for (const part of parts) {
      if (at === UNKNOWN) return UNKNOWN;
      at = own(at, part);
    }
    return at;
  }

  private call(name: string, args: Value[]): Value {
    const known = args.every((a) => a !== UNKNOWN);
    const truths = args.map(truthOf);
    switch (name) {
      case 'not':
        return truths[0] === 'unknown' ? UNKNOWN : !truths[0];
      case 'and':
        return truths.includes(false) ? false : truths.includes('unknown') ? UNKNOWN : (args.at(-1) ?? true);
      case 'or':
        return truths.includes(true) ? args[truths.indexOf(true)] : truths.includes('unknown') ? UNKNOWN : false;
      case 'eq':
        return known ? args.slice(1).some((a) => a === args[0]) : UNKNOWN;
      case 'ne':
        return known ? args[0] !== args[1] : UNKNOWN;
      case 'empty':
        return truths[0] === 'unknown' ? UNKNOWN : !truths[0];
      case 'default': {
        const [fallback, given] = args;
        const truth = truthOf(given);
        return truth === 'unknown' ? UNKNOWN : truth ? given : fallback;
      }
      case 'required':
        return args[1];
      case 'quote':
      case 'squote':
      case 'toString':
        return known ? String(args[0] ?? '') : UNKNOWN;
      case 'int':
      case 'int64':
        return known ? Number(args[0]) : UNKNOWN;
      case 'gt':
      case 'lt':
      case 'ge':
      case 'le':
        return known ? compare(name, args[0], args[1]) : UNKNOWN;
      case 'len':
        return known && (typeof args[0] === 'string' || Array.isArray(args[0]))
          ? args[0].length
          : known && typeof args[0] === 'object' && args[0] !== null
            ? Object.keys(args[0]).length
            : UNKNOWN;
      case 'dict':
        return dict(args);
      case 'list':
        return args.includes(UNKNOWN) ? UNKNOWN : args;
      case 'omit':
      case 'pick': {
        const [map, ...keys] = args;
        if (map === UNKNOWN || typeof map !== 'object' || map === null) return UNKNOWN;
        return Object.fromEntries(Object.entries(map).filter(([k]) => keys.includes(k) === (name === 'pick')));
      }
      case 'ternary':
        return truths[2] === 'unknown' ? UNKNOWN : truths[2] ? args[0] : args[1];
      case 'index':
        return known ? args.slice(1).reduce((at: Value, k) => own(at, String(k)), args[0]) : UNKNOWN;
      case 'hasKey':
        return known ? own(args[0], String(args[1])) !== undefined : UNKNOWN;
      case 'include':
      case 'template': {
        const value = typeof args[0] === 'string' ? this.env.include(args[0], args[1]) : UNKNOWN;
        if (value === UNKNOWN) this.included ||= String(args[0]);
        return value;
      }
      case 'tpl':
        // A value kept as a string is rendered again; one with no action in it renders as itself.
        return typeof args[0] === 'string' && !args[0].includes('{{') ? args[0] : UNKNOWN;
      case 'toYaml':
      case 'nindent':
      case 'indent':
      case 'trim':
        return args.at(-1);
      default:
        return UNKNOWN;
    }
  }

  /** A pipeline: commands joined by `|`, each one's result passed as the next one's last argument. */
  pipeline(tokens: Token[]): Value {
    let result: Value = UNKNOWN;
    let first = true;
    for (const command of split(tokens)) {
      result = this.command(command, first ? [] : [result]);
      first = false;
    }
    return result;
  }

  private command(tokens: Token[], piped: Value[]): Value {
    const [head, ...rest] = operands(tokens);
    if (head === undefined) return UNKNOWN;
    if (
      head.length === 1 &&
      head[0]?.kind === 'word' &&
      !head[0].text.startsWith('.') &&
      !head[0].text.startsWith('$')
    ) {
      const word = head[0].text;
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'nil') return null;
      return this.call(word, [...rest.map((o) => this.operand(o)), ...piped]);
    }
    return rest.length === 0 && piped.length === 0 ? this.operand(head) : UNKNOWN;
  }

  private operand(tokens: Token[]): Value {
    const [t] = tokens;
    if (tokens.length > 1 || !t) return this.pipeline(tokens.slice(1, -1)); // a parenthesised pipeline
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'word') {
      if (t.text === '.') return this.dot;
      if (t.text === '$') return this.env.root;
      if (t.text === 'true' || t.text === 'false') return t.text === 'true';
      if (t.text.startsWith('.') || t.text.startsWith('$')) return this.field(t.text);
    }
    return UNKNOWN;
  }
}

function compare(op: string, a: Value, b: Value): Value {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return UNKNOWN;
  const [x, y] = [a as number | string, b as number | string];
  return op === 'gt' ? x > y : op === 'lt' ? x < y : op === 'ge' ? x >= y : x <= y;
}

/** Sprig's `dict "k" v …`: undecided when a key is. */
function dict(args: Value[]): Value {
  const out: Record<string, Value> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (typeof args[i] !== 'string') return UNKNOWN;
    out[args[i] as string] = args[i + 1];
  }
  return out;
}

/** Tokens split at top-level pipes. */
function split(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (t.kind === 'pipe' && depth === 0) out.push([]);
    else out.at(-1)?.push(t);
  }
  return out;
}

/** A command's operands: single tokens, or a parenthesised group kept whole. */
function operands(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'open') {
      if (t) out.push([t]);
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j]?.kind === 'open') depth++;
      if (tokens[j]?.kind === 'close' && --depth === 0) break;
    }
    out.push(tokens.slice(i, j + 1));
    i = j;
  }
  return out;
}

interface Frame {
  /** The branch in force: its truth, and whether an earlier branch was taken. */
  truth: Truth;
  taken: Truth;
  key: string;
  /** What `.` is inside the block (with, range); inherited otherwise. */
  dot: Value;
}

const or = (a: Truth, b: Truth): Truth =>
  a === true || b === true ? true : a === false && b === false ? false : 'unknown';
const not = (a: Truth): Truth => (a === 'unknown' ? 'unknown' : !a);
const and = (a: Truth, b: Truth): Truth =>
  a === false || b === false ? false : a === true && b === true ? true : 'unknown';

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
