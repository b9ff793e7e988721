/**
 * Helm templates read against the chart's defaults (values.yaml), as `helm template` renders them with no
 * overrides: a block whose `if`/`with`/`range` is off by default is no evidence, a block whose condition cannot be
 * decided here is marked conditional, and every directive is blanked out line for line, so the result parses as
 * YAML with each line where it was (a value only an install knows reads `(templated)`). The expressions read are the common ones (Go template and Sprig: `.Values`
 * lookups, `not`, `and`, `or`, `eq`, `ne`, `default`, `empty`, `quote`, `toYaml`); anything else is undecided.
 */

/** A value no lookup here can know: `.Release`, `.Capabilities`, a variable, a function we do not evaluate. */
const UNKNOWN = Symbol('unknown');
type Value = unknown;

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

/** Evaluates one action's pipeline against the chart's values and the current `.` (what `with` set). */
class Evaluator {
  /** The first `.Values` key the expression read: what a conditional block is said to depend on. */
  key = '';

  constructor(
    private readonly root: Value,
    private readonly dot: Value,
  ) {}

  /** `.a.b` from the current dot, `$.a.b` from the root; `.Values.…` is a lookup in the defaults. */
  private field(path: string): Value {
    if (path.startsWith('$') && !path.startsWith('$.')) return UNKNOWN; // a variable
    const parts = path.replace(/^\$/, '').split('.').filter(Boolean);
    let at: Value = path.startsWith('$') ? this.root : this.dot;
    if (at === this.root && parts[0] === 'Values') this.key ||= parts.slice(1).join('.');
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
      if (t.text === 'true' || t.text === 'false') return t.text === 'true';
      if (t.text.startsWith('.') || t.text.startsWith('$')) return this.field(t.text);
    }
    return UNKNOWN;
  }
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

/** Renders `template` against the chart's default `values`, line for line (see the module comment). */
export function renderTemplate(template: string, values: unknown): RenderedTemplate {
  // What `.` is at the top of a template: the values and what only a real install knows.
  const root = {
    Values: values,
    Release: UNKNOWN,
    Chart: UNKNOWN,
    Capabilities: UNKNOWN,
    Template: UNKNOWN,
    Files: UNKNOWN,
  };
  const stack: Frame[] = [];
  const conditional = new Map<number, string>();
  const dot = () => (stack.length ? (stack.at(-1) as Frame).dot : root);
  const state = (): Truth => {
    let result: Truth = true;
    for (const f of stack) {
      if (f.truth === false) return false;
      if (f.truth === 'unknown') result = 'unknown';
    }
    return result;
  };
  const evaluate = (source: string) => {
    const evaluator = new Evaluator(root, dot());
    const value = evaluator.pipeline(tokenize(source));
    return { value, key: evaluator.key };
  };
  const lines = template.split('\n').map((line, i) => {
    const before = state();
    let control = false;
    let firstControlAt = -1;
    const outputs: { at: number; end: number; source: string }[] = [];
    for (const m of line.matchAll(ACTION)) {
      const source = m[1] ?? '';
      const [word = ''] = source.split(/\s+/, 1);
      const rest = source.slice(word.length).trim();
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
    return renderOutputs(line, outputs, evaluate);
  });
  return { text: lines.join('\n'), conditional };
}

/** What stands for a value only a real install knows: a plain scalar that parses anywhere a value may stand. */
const PLACEHOLDER = '(templated)';

/** A line's output actions replaced by what they print, or blanked when they stand alone and print YAML we cannot know. */
function renderOutputs(
  line: string,
  outputs: { at: number; end: number; source: string }[],
  evaluate: (source: string) => { value: Value },
): string {
  const stripped = line.replace(ACTION, '');
  if (outputs.length === 1 && stripped.trim() === '') {
    // A directive alone on its line: `toYaml .Values.resources | nindent 12` prints a block, written here as flow.
    const source = outputs[0]?.source ?? '';
    const { value } = evaluate(source);
    const width = /\bn?indent\s+(\d+)/.exec(source)?.[1];
    const indent = width ? ' '.repeat(Number(width)) : (/^\s*/.exec(line)?.[0] ?? '');
    return value !== UNKNOWN && typeof value === 'object' && value !== null ? `${indent}${JSON.stringify(value)}` : '';
  }
  let out = '';
  let from = 0;
  for (const o of outputs) {
    out += line.slice(from, o.at).replace(ACTION, '');
    const after = line.slice(o.end).replace(ACTION, '');
    const quoted = (out.match(/(?<!\\)"/g) ?? []).length % 2 === 1 || (out.match(/'/g) ?? []).length % 2 === 1;
    // Part of a longer scalar (`{{ .Values.url }}/general`): the text itself, never a quoted string.
    const joined = /\S$/.test(out) && !/[:-]$/.test(out.trimEnd()) ? true : /^[^\s#]/.test(after);
    const { value } = evaluate(o.source);
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (quoted) out += scalar ? String(value).replace(/["'\\]/g, '') : 'x';
    else if (!scalar) out += PLACEHOLDER;
    else out += typeof value === 'string' && !joined ? JSON.stringify(value) : String(value);
    from = o.end;
  }
  return out + line.slice(from).replace(ACTION, '');
}
