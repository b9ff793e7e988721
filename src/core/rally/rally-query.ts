/** Builds WSAPI query strings: every comparison in parentheses, binary AND nested, quotes escaped. */

export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function condition(field: string, operator: '=' | '!=' | 'contains', value: string): string {
  return `(${field} ${operator} ${quote(value)})`;
}

function join(operator: 'AND' | 'OR', conditions: readonly string[]): string {
  return conditions.reduce((acc, c) => (acc ? `(${acc} ${operator} ${c})` : c), '');
}

/** ((a AND b) AND c): WSAPI's AND and OR are binary. */
export function and(...conditions: string[]): string {
  return join('AND', conditions);
}

export function or(...conditions: string[]): string {
  return join('OR', conditions);
}

/** A parent like US45 is a story; anything else (F12, E3…) is a portfolio item. */
export function parentIsStory(parentId: string): boolean {
  return /^US\d+$/i.test(parentId.trim());
}

/** A user story's parent is either a story (US45 → Parent) or a portfolio item such as a feature (F12 → PortfolioItem). */
export function parentCondition(parentId: string): string {
  const id = parentId.trim().toUpperCase();
  return parentIsStory(id) ? condition('Parent.FormattedID', '=', id) : condition('PortfolioItem.FormattedID', '=', id);
}

export type TagMatch = 'all' | 'any';

/** Stories under the parent carrying every configured tag (or, with `any`, at least one of them). */
export function storiesQuery(parentId: string, tags: readonly string[], match: TagMatch = 'all'): string {
  const tagged = tags.map((t) => condition('Tags.Name', '=', t));
  if (match === 'any' && tagged.length > 1) return and(parentCondition(parentId), or(...tagged));
  return and(parentCondition(parentId), ...tagged);
}
