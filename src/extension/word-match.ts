/** Matching a typed search the way people type it: every word somewhere in what a row shows. */

/** Lower case without accents, so "resilience" finds "Résilience". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Whether every word of `query` appears in one of `fields`: "postmortems api" finds Postmortems of Checkout /
 * api, although no single field holds both words (VS Code's own filter matches each field alone).
 */
export function matchesAllWords(query: string, fields: readonly (string | undefined)[]): boolean {
  const text = fold(fields.filter(Boolean).join(' '));
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}
