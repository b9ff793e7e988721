/** Reads the items, their links and their history back out of the database into domain types. */
import { type SqlValue } from 'sql.js';

import { type Answers } from '../../shared/maturity';
import { type ItemDraft, type TrackerKind, type WorkLink } from '../domain/items';
import { parseRequest } from '../domain/not-applicable';
import { type LevelChange } from '../domain/trends';
import { type LegacyHistoryKind } from './migrations';
import { type Db } from './store';

/** An item's key in SQL, from the tables joined as i, a, f and c: items store ids, so a rename of nothing moves no key. */
export const ITEM_KEY_SQL = `f.key || '/' || a.key || '/' || c.key`;

/** A condition on `items` picking the item with `key` (flow/asset/capability), and its parameters. */
export function itemByKey(key: string): { where: string; params: SqlValue[] } {
  const [flow = '', asset = '', capability = '', ...rest] = key.split('/');
  return {
    where: `asset_id = (SELECT a.id FROM assets a JOIN flows f ON f.id = a.flow_id WHERE f.key = ? AND a.key = ?)
      AND capability_id = (SELECT id FROM capabilities WHERE key = ?)`,
    // A key with more than three parts names no item: an empty capability key matches none.
    params: [flow, asset, rest.length > 0 ? '' : capability],
  };
}

interface AssetRow {
  id: number;
  key: string;
  name: string;
  owner: string;
  tier: number | null;
  kind: string;
  flow_key: string;
  flow_name: string;
}

/**
 * Items of flows, assets and capabilities still in the CSVs, in flow, asset and model order. This runs on every
 * tree refresh over tens of thousands of items, so SQLite scans items in their key order without joins or a sort,
 * and names, keys and order come from the few thousand assets and capabilities, decoded once each.
 */
export function readItems(db: Db, only?: string): ItemDraft[] {
  // `only` (an item key) reads that one item the same way, for a change to one item.
  const [flowKey, assetKey, capabilityKey] = only?.split('/') ?? [];
  const one = only ? itemByKey(only) : undefined;
  const assets = db.all<AssetRow>(
    `SELECT a.id, a.key, a.name, a.owner, a.tier, a.kind, f.key AS flow_key, f.name AS flow_name FROM assets a JOIN flows f ON f.id = a.flow_id
     WHERE f.retired = 0 AND a.retired = 0 ${one ? 'AND f.key = ? AND a.key = ?' : ''} ORDER BY f.position, a.position`,
    one ? [flowKey ?? '', assetKey ?? ''] : [],
  );
  const caps = db.all<{ id: number; key: string }>(
    `SELECT c.id, c.key FROM capabilities c JOIN pillars p ON p.id = c.pillar_id WHERE c.retired = 0 ${one ? 'AND c.key = ?' : ''}
     ORDER BY p.position, c.position`,
    one ? [capabilityKey ?? ''] : [],
  );
  const links = readLinks(db);
  const answerSets = new Map(
    db.all<{ id: number; answers: string }>('SELECT id, answers FROM answer_sets').map((a) => [a.id, a.answers]),
  );
  const capOrder = new Map(caps.map((c, i) => [c.id, i]));
  const rowsOfAsset = new Map<number, SqlValue[][]>(assets.map((a) => [a.id, []]));
  const stmt = db.raw.prepare(
    `SELECT asset_id, capability_id, level, answers_id, notes, evidence_url, assessed_at, assessed_by, remediation_done_at, exempt_reason, exempt_until,
       evidence_changed, not_applicable_request, evidence
     FROM items ${one ? `WHERE ${one.where}` : ''}`,
    one?.params,
  );
  try {
    while (stmt.step()) {
      const row = stmt.get();
      if (capOrder.has(Number(row[1]))) rowsOfAsset.get(Number(row[0]))?.push(row);
    }
  } finally {
    stmt.free();
  }
  const text = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));
  const items: ItemDraft[] = [];
  for (const a of assets) {
    const rows = rowsOfAsset.get(a.id) ?? [];
    rows.sort((x, y) => (capOrder.get(Number(x[1])) ?? 0) - (capOrder.get(Number(y[1])) ?? 0));
    for (const r of rows) {
      const capabilityKey = caps[capOrder.get(Number(r[1])) ?? 0]?.key ?? '';
      const key = `${a.flow_key}/${a.key}/${capabilityKey}`;
      items.push({
        key,
        flowKey: a.flow_key,
        flowName: a.flow_name,
        assetKey: a.key,
        assetName: a.name,
        owner: a.owner,
        tier: a.tier ?? undefined,
        kind: a.kind,
        capabilityKey,
        level: r[2] === null || r[2] === undefined ? null : Number(r[2]),
        answersJson: r[3] === null || r[3] === undefined ? null : (answerSets.get(Number(r[3])) ?? null),
        notes: String(r[4] ?? ''),
        evidenceUrl: String(r[5] ?? ''),
        assessedAt: text(r[6]),
        assessedBy: text(r[7]),
        link: links.get(key) ?? null,
        remediationDoneAt: text(r[8]),
        exemptReason: text(r[9]),
        exemptUntil: text(r[10]),
        evidenceChanged: text(r[11]),
        notApplicableRequest: r[12] === null || r[12] === undefined ? null : parseRequest(String(r[12])),
        evidenceQuestions: r[13] === null || r[13] === undefined ? NONE : evidenceQuestions(String(r[13])),
        // Written out, not spread: one fixed shape from the start, filled in place by viewItems.
        capability: undefined,
        pillar: undefined,
        target: undefined,
        status: undefined,
        stale: undefined,
        due: undefined,
        expiresOn: undefined,
      });
    }
  }
  return items;
}

const NONE: readonly string[] = [];

/** The questions an assessment's recorded evidence (JSON: question and findings) answered yes. */
function evidenceQuestions(json: string): readonly string[] {
  try {
    return (JSON.parse(json) as { question: string }[]).map((q) => q.question);
  } catch {
    return NONE;
  }
}

/** Every item's link to its work item, by item key. */
export function readLinks(db: Db): Map<string, WorkLink> {
  const rows = db.all<{
    item_key: string;
    tracker: TrackerKind;
    id: string;
    display_id: string;
    url: string | null;
    state: string | null;
    done: number;
  }>('SELECT item_key, tracker, id, display_id, url, state, done FROM links');
  return new Map(
    rows.map((r) => [
      r.item_key,
      { tracker: r.tracker, id: r.id, displayId: r.display_id, url: r.url, state: r.state, done: r.done === 1 },
    ]),
  );
}

export interface HistoryEntry {
  itemKey: string;
  at: string;
  by: string;
  kind: HistoryKind;
  level: number | null;
  notes: string | null;
  detail: string | null;
}

/** What a history row records; rows written by older versions may carry a LegacyHistoryKind. */
export type HistoryKind =
  | LegacyHistoryKind
  | 'assessment'
  | 'superseded'
  | 'exemption'
  | 'unexemption'
  | 'work-link'
  | 'work-state'
  | 'remediation-done'
  | 'evidence-changed'
  | 'work-loop'
  | 'work-due-date'
  | 'not-applicable-requested'
  | 'not-applicable-approved'
  | 'not-applicable-rejected';

/** Records (or replaces) the item's link to its work item. */
export function saveLink(db: Db, itemKey: string, link: WorkLink): void {
  db.run(
    `INSERT INTO links (item_key, tracker, id, display_id, url, state, done) VALUES (?,?,?,?,?,?,?)
     ON CONFLICT(item_key) DO UPDATE SET tracker = excluded.tracker, id = excluded.id, display_id = excluded.display_id,
       url = excluded.url, state = excluded.state, done = excluded.done`,
    [itemKey, link.tracker, link.id, link.displayId, link.url, link.state, link.done ? 1 : 0],
  );
}

/** The id of this set of answers, stored once however many items and history rows share it. */
export function answerSetId(db: Db, answers: Answers): number {
  const json = JSON.stringify(answers);
  db.run('INSERT OR IGNORE INTO answer_sets (answers) VALUES (?)', [json]);
  return Number(db.get<{ id: number }>('SELECT id FROM answer_sets WHERE answers = ?', [json])?.id);
}

export function appendHistory(
  db: Db,
  entry: {
    itemKey: string;
    at: string;
    by: string;
    kind: HistoryKind;
    level?: number | null;
    answers?: Answers;
    notes?: string;
    evidenceUrl?: string;
    detail?: string;
  },
): void {
  db.run(
    'INSERT INTO history (item_key, at, by, kind, level, answers_id, notes, evidence_url, detail) VALUES (?,?,?,?,?,?,?,?,?)',
    [
      entry.itemKey,
      entry.at,
      entry.by,
      entry.kind,
      entry.level ?? null,
      entry.answers ? answerSetId(db, entry.answers) : null,
      entry.notes ?? null,
      entry.evidenceUrl ?? null,
      entry.detail ?? null,
    ],
  );
}

/** Every assessment's level in time order, and nothing else of the history (a dashboard reads it on every open). */
export function readLevelChanges(db: Db): LevelChange[] {
  const stmt = db.raw.prepare(
    "SELECT item_key, at, level FROM history WHERE kind = 'assessment' AND level IS NOT NULL ORDER BY at, id",
  );
  const changes: LevelChange[] = [];
  try {
    while (stmt.step()) {
      const [itemKey, at, level] = stmt.get();
      changes.push({ itemKey: String(itemKey), at: String(at), level: Number(level) });
    }
  } finally {
    stmt.free();
  }
  return changes;
}

/** The markers of the posts the tracker loop made (history rows `work-loop`, whose detail starts with one). */
export function readLoopMarkers(db: Db): Set<string> {
  return new Set(
    db
      .all<{ detail: string | null }>("SELECT detail FROM history WHERE kind = 'work-loop'")
      .flatMap((r) => /^\[SRE [^\]]*\]/.exec(r.detail ?? '')?.[0] ?? []),
  );
}

export function readHistory(db: Db, itemKey?: string): HistoryEntry[] {
  const rows = db.all<{
    item_key: string;
    at: string;
    by: string;
    kind: HistoryKind;
    level: number | null;
    notes: string | null;
    detail: string | null;
  }>(
    `SELECT item_key, at, by, kind, level, notes, detail FROM history ${itemKey ? 'WHERE item_key = ?' : ''} ORDER BY at, id`,
    itemKey ? [itemKey] : [],
  );
  return rows.map((r) => ({
    itemKey: r.item_key,
    at: r.at,
    by: r.by,
    kind: r.kind,
    level: r.level,
    notes: r.notes,
    detail: r.detail,
  }));
}

/** Marks the item's remediation done (its work item is done in the tracker). */
export function markRemediationDone(db: Db, itemKey: string, when: string): void {
  const item = itemByKey(itemKey);
  db.run(`UPDATE items SET remediation_done_at = ? WHERE ${item.where}`, [when, ...item.params]);
}

/** Names of the current flows, in flows.csv order. */
export function readFlowNames(db: Db): string[] {
  return db.all<{ name: string }>('SELECT name FROM flows WHERE retired = 0 ORDER BY position').map((f) => f.name);
}

/** Items whose answers were taken from repository evidence, with that evidence (JSON). */
export function readRecordedEvidence(db: Db): { key: string; flowKey: string; assetKey: string; evidence: string }[] {
  return db.all(
    `SELECT ${ITEM_KEY_SQL} AS key, f.key AS flowKey, a.key AS assetKey, i.evidence FROM items i JOIN assets a ON a.id = i.asset_id
     JOIN flows f ON f.id = a.flow_id JOIN capabilities c ON c.id = i.capability_id WHERE i.evidence IS NOT NULL`,
  );
}
