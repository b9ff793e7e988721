/**
 * One evidence format: its own cheap test of whether a file may hold it, and how it reads what it finds. Each
 * format lives in a module of formats/ and is registered in FORMATS (formats/index.ts): the scan asks every
 * format, so a new one is read with no other edit, and no shared filter can drop its files unseen.
 */
import { type At, type Finding, type Plain } from '../finding';
import { type AddedKind } from '../kinds';

export interface EvidenceFormat {
  /** What it reads, for people: "Sloth SLOs". */
  name: string;
  /**
   * Before any parse, on the file's path and text: could evidence of this format be in it? Every file of every
   * asset is asked, so a test is a pattern over the text, never a parse; a yes it did not need only costs a parse.
   */
  mayBeIn(file: string, text: string): boolean;
  /**
   * A resource of a parsed YAML or JSON document: its findings, or undefined when it is not of this format.
   * `nested` reads text the resource carries (a rule file in a ConfigMap) as a rule file, lines from its own.
   */
  resource?(data: Plain, at: At, file: string, nested: (text: string) => Finding[]): Finding[] | undefined;
  /** A file read as text (a k6 script, Terraform): its findings. */
  text?(file: string, content: string): Finding[];
  /**
   * Kinds of evidence this format brings that no other has, each with what it shows and the questions of the
   * built-in model it supports (by their text): `setup` carries those mappings into existing workspaces' models.
   */
  adds?: readonly { kind: AddedKind; shows: string; supports: readonly string[] }[];
}

/**
 * A test for a key set anywhere in YAML or JSON text, to a value starting with `value` when given (a pattern):
 * `keyed('kind', 'Deployment\\b')` finds `kind: Deployment`, `- kind: "Deployment"` and `{"kind":"Deployment"}`.
 */
export function keyed(key: string, value = ''): (text: string) => boolean {
  const pattern = new RegExp(`(?:^|[\\s{,])["']?${key}["']?\\s*:\\s*["']?${value}`, 'm');
  return (text) => pattern.test(text);
}

/** `kind: <one of kinds>` anywhere in the text. */
export const kindIn = (...kinds: string[]) => keyed('kind', `(?:${kinds.join('|')})\\b`);

/** An apiVersion starting with `group` (`sloth.slok.dev/`). */
export const apiOf = (group: string) => keyed('apiVersion', group.replace(/\./g, '\\.'));

/** A `mayBeIn` that looks at the text only. */
export const inText =
  (test: (text: string) => boolean) =>
  (_file: string, text: string): boolean =>
    test(text);

/** Any of the tests. */
export const anyOf =
  (...tests: ((text: string) => boolean)[]) =>
  (text: string): boolean =>
    tests.some((test) => test(text));
