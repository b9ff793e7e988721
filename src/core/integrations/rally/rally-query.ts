/** Builds WSAPI query strings: every comparison in parentheses, binary AND nested. */
import { inputError } from '../../errors';
import { type TagMatch } from './rally-settings';

/**
 * WSAPI documents no escape inside a quoted value and neither official SDK (pyral, rally-node) escapes one,
 * so a value with `"` or `\` is refused rather than sent in a form Rally may read differently.
 */
export function quote(value: string): string {
  if (/["\\]/.test(value))
    throw inputError(
      `Rally cannot be queried for ${JSON.stringify(value)}: a name or tag used in a Rally query must not contain " or \\`,
    );
  return `"${value}"`;
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

/** Stories under the parent carrying every configured tag (or, with `any`, at least one of them). */
export function storiesQuery(parentId: string, tags: readonly string[], match: TagMatch = 'all'): string {
  const tagged = tags.map((t) => condition('Tags.Name', '=', t));
  if (match === 'any' && tagged.length > 1) return and(parentCondition(parentId), or(...tagged));
  return and(parentCondition(parentId), ...tagged);
}

/** What `storiesQuery` selects, checked on a story in hand: under the parent, with the tags. */
export function storyMatches(
  story: { parentId: string | null; tags: readonly { name: string }[] },
  parentId: string,
  tags: readonly string[],
  match: TagMatch,
): boolean {
  if (story.parentId?.toUpperCase() !== parentId.trim().toUpperCase()) return false;
  const has = (t: string) => story.tags.some((s) => s.name === t);
  return match === 'any' && tags.length > 0 ? tags.some(has) : tags.every(has);
}

/** What the parent setting takes, for messages. */
export const PARENT_HINT = 'a feature F123 or a story US45';
