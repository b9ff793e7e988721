/**
 * The expressions of Helm templates, as helm.ts reads them against a chart's defaults: tokens, the evaluator of
 * pipelines (Go template and Sprig), and three-valued truth for conditions that cannot always be decided here.
 */
import { UNKNOWN, type Value } from './template-value';

/** How deep `include` may nest: real charts use a few levels; a template including itself stops here. */
export const MAX_INCLUDE_DEPTH = 8;

export type Truth = boolean | 'unknown';

type Token = { kind: 'open' | 'close' | 'pipe' } | { kind: 'word'; text: string } | { kind: 'literal'; value: Value };

export function tokenize(source: string): Token[] {
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
export function truthOf(value: Value): Truth {
  if (value === UNKNOWN) return 'unknown';
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const own = (o: unknown, key: string): Value =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;

/** What an action can reach besides `.`: the root, the template's variables, the named templates. */
export interface Env {
  root: Value;
  vars: Map<string, Value>;
  include(name: string, arg: Value): Value;
}

/** Evaluates one action's pipeline against the chart's values and the current `.` (what `with` set). */
export class Evaluator {
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

export interface Frame {
  /** The branch in force: its truth, and whether an earlier branch was taken. */
  truth: Truth;
  taken: Truth;
  key: string;
  /** What `.` is inside the block (with, range); inherited otherwise. */
  dot: Value;
}

export const or = (a: Truth, b: Truth): Truth =>
  a === true || b === true ? true : a === false && b === false ? false : 'unknown';
export const not = (a: Truth): Truth => (a === 'unknown' ? 'unknown' : !a);
export const and = (a: Truth, b: Truth): Truth =>
  a === false || b === false ? false : a === true && b === true ? true : 'unknown';
