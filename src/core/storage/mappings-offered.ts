/** Which evidence mappings `setup` has offered a workspace's model: read before carrying new ones, recorded after. */
import { type Db } from './store';

/** A mapping's key: its kind and its question. */
export const mappingKey = (m: { question: string; kind: string }): string => `${m.kind}\u001f${m.question}`;

/** The mapping a key names. */
export function mappingOfKey(key: string): { question: string; kind: string } {
  const at = key.indexOf('\u001f');
  return { kind: key.slice(0, at), question: key.slice(at + 1) };
}

/** What was offered; nothing for a file a version without the table wrote (migrated only by the next write). */
export function offeredMappings(db: Db): Set<string> {
  if (!db.get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'mappings_offered'"))
    return new Set();
  return new Set(
    db.all<{ question: string; kind: string }>('SELECT question, kind FROM mappings_offered').map(mappingKey),
  );
}

export function recordOfferedMappings(db: Db, mappings: readonly { question: string; kind: string }[]): void {
  for (const m of mappings)
    db.run('INSERT OR IGNORE INTO mappings_offered (question, kind) VALUES (?, ?)', [m.question, m.kind]);
}
