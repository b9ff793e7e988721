/** Item keys in work titles: how a work item in a tracker is tied back to its item. */

const KEY_RUN = /[\p{L}\p{N}/-]+/gu;

/** The key-shaped runs in a story name: "[SRE checkout/web/on-call] …" gives checkout/web/on-call, never a part of a longer run. */
export function keysInName(name: string): string[] {
  return (name.match(KEY_RUN) ?? []).filter((run) => run.split('/').length === 3);
}

export function nameHasKey(name: string, key: string): boolean {
  return keysInName(name).includes(key);
}
