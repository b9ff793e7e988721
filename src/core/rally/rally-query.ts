/** Builds WSAPI query strings: every comparison in parentheses, binary AND nested, quotes escaped. */

export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function condition(field: string, operator: '=' | '!=' | 'contains', value: string): string {
  return `(${field} ${operator} ${quote(value)})`;
}

/** ((a AND b) AND c): WSAPI's AND is binary. */
export function and(...conditions: string[]): string {
  return conditions.reduce((acc, c) => (acc ? `(${acc} AND ${c})` : c), '');
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

/** Stories under the parent carrying every configured tag. */
export function storiesQuery(parentId: string, tags: readonly string[]): string {
  return and(parentCondition(parentId), ...tags.map((t) => condition('Tags.Name', '=', t)));
}
