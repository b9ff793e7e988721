/**
 * Asset kinds and the capabilities and questions that fit them (issue 37): an asset with a kind is asked only what
 * fits it. A scope is a list of kinds (`service;frontend`), of exclusions from every kind (`!database`), or both;
 * an empty scope, or an asset with no kind, fits everything, so a workspace without kinds works as before.
 */
import { type Capability, questionKey } from '../../shared/model-types';

/** The suggested vocabulary (README, the set-up wizard); any other word is allowed and kept. */
export const SUGGESTED_KINDS = [
  'service',
  'frontend',
  'database',
  'cache',
  'queue',
  'batch',
  'storage',
  'third-party',
  'platform',
] as const;

/** A kind, or a scope entry without its `!`: a short lower-case word. */
export const KIND_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Whether a scope fits `kind`. */
export function fits(scope: readonly string[] | undefined, kind: string): boolean {
  if (!scope || scope.length === 0 || kind === '') return true;
  if (scope.includes(`!${kind}`)) return false;
  const kinds = scope.filter((s) => !s.startsWith('!'));
  return kinds.length === 0 || kinds.includes(kind);
}

/** A scope as written in a CSV cell: `;`-separated, lower-cased, without blanks. */
export function parseScope(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The entries of a scope that are not a kind or `!kind`, for the error that names them. */
export function badScopeEntries(scope: readonly string[]): string[] {
  return scope.filter((s) => !KIND_PATTERN.test(s.replace(/^!/, '')));
}

const scoped = new WeakMap<Capability, Map<string, Capability | null>>();

/**
 * The capability as an asset of `kind` is asked it: undefined when it does not apply at all ("not applicable by
 * the model"); else with only the questions that fit (the same object when nothing is narrowed). Cached per
 * capability object, so 30,000 items share a handful.
 */
export function capabilityFor(capability: Capability, kind: string): Capability | undefined {
  if (kind === '' || (!capability.appliesTo?.length && !capability.questionScopes)) return capability;
  let byKind = scoped.get(capability);
  if (!byKind) scoped.set(capability, (byKind = new Map()));
  let result = byKind.get(kind);
  if (result === undefined) {
    result = narrow(capability, kind);
    byKind.set(kind, result);
  }
  return result ?? undefined;
}

function narrow(capability: Capability, kind: string): Capability | null {
  if (!fits(capability.appliesTo, kind)) return null;
  const scopes = capability.questionScopes;
  if (!scopes) return capability;
  return {
    ...capability,
    levels: capability.levels.map((l) => ({
      ...l,
      questions: l.questions.filter((q) => fits(scopes[questionKey(l.level, q)], kind)),
    })),
  };
}

/** "not for databases": why the model leaves an item out, in words. */
export function notForKind(capability: Capability, kind: string): string {
  return `the model's ${capability.name} is not for ${kind} assets (applies_to: ${(capability.appliesTo ?? []).join(';')})`;
}
