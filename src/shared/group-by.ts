/** Grouping in one pass, for the CLI, the reports, the tree and the dashboard webview alike. */

/** Items grouped by `key`, groups in the order they first appear. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const members = groups.get(k);
    if (members) members.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
