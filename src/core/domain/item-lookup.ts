/** Finds an item from the names a user typed, and suggests close matches when a name is unknown. */
import { inputError } from '../errors';
import { slug } from './keys';

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** Names whose key is within a few edits of the typed one, or contains it, closest first. */
export function closeMatches(typed: string, names: readonly string[]): string[] {
  const t = slug(typed);
  return names
    .map((name) => ({ name, d: distance(t, slug(name)) }))
    .filter(
      ({ name, d }) =>
        d <= Math.max(2, Math.floor(t.length / 3)) ||
        slug(name).includes(t) ||
        (t.length > 0 && t.includes(slug(name))),
    )
    .sort((a, b) => a.d - b.d)
    .map(({ name }) => name)
    .slice(0, 5);
}

/** Picks the one name matching `typed` (by key, so case and punctuation do not matter) or throws with suggestions. */
export function pickName(kind: string, typed: string, names: readonly string[]): string {
  const found = names.find((n) => slug(n) === slug(typed));
  if (found !== undefined) return found;
  const near = closeMatches(typed, names);
  throw inputError(
    `unknown ${kind} "${typed}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : `; known: ${names.slice(0, 10).join(', ')}`}`,
  );
}
