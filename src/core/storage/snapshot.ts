/**
 * A database as plain rows keyed by what stays the same across copies (flow, asset and capability keys, item
 * keys), without its row ids: what the merge driver compares and the dump prints.
 */
import { ITEM_KEY_SQL } from './catalog';
import { mappingOfKey, offeredMappings, recordOfferedMappings } from './mappings-offered';
import { type Db, Store } from './store';

export interface FlowRow {
  key: string;
  name: string;
  position: number;
  retired: number;
}

export interface AssetRow {
  flowKey: string;
  key: string;
  name: string;
  owner: string;
  tier: number | null;
  description: string;
  position: number;
  retired: number;
  kind: string;
}

/** The model's tables as rows: compared and taken whole, like the maturity_model.csv they come from. */
export interface ModelRows {
  pillars: { name: string; position: number }[];
  capabilities: {
    key: string;
    name: string;
    pillar: string;
    position: number;
    retired: number;
    appliesTo: string;
    reattestDays: number | null;
    requiresComment: number;
  }[];
  levels: { capability: string; level: number; name: string; criteria: string }[];
  questions: {
    capability: string;
    level: number;
    position: number;
    text: string;
    appliesTo: string;
    sourceId: string;
    guidance: string;
    reattestDays: number | null;
    requiresComment: number;
  }[];
}

/** What a person decided about an item: its assessment, and apart from it, its exemption. */
export interface ItemState {
  level: number | null;
  answers: string | null;
  notes: string;
  evidenceUrl: string;
  assessedAt: string | null;
  assessedBy: string | null;
  remediationDoneAt: string | null;
  exemptReason: string | null;
  exemptUntil: string | null;
  /** The repository evidence its answers were taken from (JSON), or null. */
  evidence: string | null;
  /** What changed in that evidence since, once seen; null until then. */
  evidenceChanged: string | null;
  /** The latest Not applicable request (JSON), or null. */
  notApplicableRequest: string | null;
}

export interface LinkRow {
  tracker: string;
  id: string;
  displayId: string;
  url: string | null;
  state: string | null;
  done: number;
}

export interface HistoryRow {
  itemKey: string;
  at: string;
  by: string;
  kind: string;
  level: number | null;
  answers: string | null;
  notes: string | null;
  evidenceUrl: string | null;
  detail: string | null;
}

export interface Snapshot {
  flows: Map<string, FlowRow>;
  /** By flow key/asset key. */
  assets: Map<string, AssetRow>;
  model: ModelRows;
  /** By item key. */
  items: Map<string, ItemState>;
  links: Map<string, LinkRow>;
  /** In time order. */
  history: HistoryRow[];
  /** The evidence mappings setup has offered the model (mappings-offered.ts), by key: only ever added to. */
  mappingsOffered: Set<string>;
}

export function readSnapshot(db: Db): Snapshot {
  const flows = db.all<FlowRow>('SELECT key, name, position, retired FROM flows');
  const assets = db.all<AssetRow>(
    `SELECT f.key AS flowKey, a.key, a.name, a.owner, a.tier, a.description, a.position, a.retired, a.kind FROM assets a JOIN flows f ON f.id = a.flow_id`,
  );
  const model: ModelRows = {
    pillars: db.all('SELECT name, position FROM pillars ORDER BY position, name'),
    capabilities: db.all(
      `SELECT c.key, c.name, p.name AS pillar, c.position, c.retired, c.applies_to AS appliesTo, c.reattest_days AS reattestDays,
         c.requires_comment AS requiresComment FROM capabilities c JOIN pillars p ON p.id = c.pillar_id ORDER BY c.position, c.key`,
    ),
    levels: db.all(
      'SELECT c.key AS capability, l.level, l.name, l.criteria FROM levels l JOIN capabilities c ON c.id = l.capability_id ORDER BY c.key, l.level',
    ),
    questions: db.all(
      `SELECT c.key AS capability, q.level, q.position, q.text, q.applies_to AS appliesTo, q.source_id AS sourceId, q.guidance,
         q.reattest_days AS reattestDays, q.requires_comment AS requiresComment
       FROM questions q JOIN capabilities c ON c.id = q.capability_id ORDER BY c.key, q.level, q.position`,
    ),
  };
  const items = db.all<ItemState & { key: string }>(
    `SELECT ${ITEM_KEY_SQL} AS key, i.level, s.answers, i.notes, i.evidence_url AS evidenceUrl, i.assessed_at AS assessedAt,
       i.assessed_by AS assessedBy, i.remediation_done_at AS remediationDoneAt, i.exempt_reason AS exemptReason, i.exempt_until AS exemptUntil,
       i.evidence, i.evidence_changed AS evidenceChanged, i.not_applicable_request AS notApplicableRequest
     FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id JOIN capabilities c ON c.id = i.capability_id
     LEFT JOIN answer_sets s ON s.id = i.answers_id`,
  );
  const links = db.all<LinkRow & { itemKey: string }>(
    'SELECT item_key AS itemKey, tracker, id, display_id AS displayId, url, state, done FROM links',
  );
  const history = db.all<HistoryRow>(
    `SELECT h.item_key AS itemKey, h.at, h.by, h.kind, h.level, s.answers, h.notes, h.evidence_url AS evidenceUrl, h.detail
     FROM history h LEFT JOIN answer_sets s ON s.id = h.answers_id ORDER BY h.at, h.id`,
  );
  return {
    flows: new Map(flows.map((f) => [f.key, f])),
    assets: new Map(assets.map((a) => [`${a.flowKey}/${a.key}`, a])),
    model,
    items: new Map(items.map(({ key, ...state }) => [key, state])),
    links: new Map(links.map(({ itemKey, ...link }) => [itemKey, link])),
    history,
    mappingsOffered: offeredMappings(db),
  };
}

/** Reads a database file through the normal store (refusing a damaged, foreign or newer one; migrating an older one in memory). */
export async function snapshotOf(file: string): Promise<Snapshot> {
  const store = await Store.open(file);
  try {
    return store.read(readSnapshot);
  } finally {
    store.close();
  }
}

/** Tables in an order that deletes children before their parents; history is append-only and answer sets are shared. */
const TABLES = ['links', 'items', 'questions', 'levels', 'capabilities', 'pillars', 'assets', 'flows'];

/**
 * Makes `db` hold the snapshot (inside the caller's transaction). History is append-only, so the snapshot's
 * history must contain `history`, what `db` has: only the entries it lacks are appended.
 */
export function replaceWithSnapshot(db: Db, s: Snapshot, history: readonly HistoryRow[]): void {
  for (const table of TABLES) db.run(`DELETE FROM ${table}`);
  const answers = (json: string | null) => {
    if (json === null) return null;
    db.run('INSERT OR IGNORE INTO answer_sets (answers) VALUES (?)', [json]);
    return Number(db.get<{ id: number }>('SELECT id FROM answer_sets WHERE answers = ?', [json])?.id);
  };
  insertCatalog(db, s);
  insertItems(db, s, answers);
  recordOfferedMappings(db, [...s.mappingsOffered].map(mappingOfKey));
  appendHistory(db, s, history, answers);
  db.run(
    'DELETE FROM answer_sets WHERE id NOT IN (SELECT answers_id FROM items WHERE answers_id IS NOT NULL UNION SELECT answers_id FROM history WHERE answers_id IS NOT NULL)',
  );
}

/** Flows, assets and the model, parents first. */
function insertCatalog(db: Db, s: Snapshot): void {
  const id = (sql: string, params: (string | number)[]) => Number(db.get<{ id: number }>(sql, params)?.id);
  for (const f of s.flows.values())
    db.run('INSERT INTO flows (key, name, position, retired) VALUES (?,?,?,?)', [f.key, f.name, f.position, f.retired]);
  for (const a of s.assets.values()) {
    db.run(
      `INSERT INTO assets (flow_id, key, name, owner, tier, description, position, retired, kind)
       VALUES ((SELECT id FROM flows WHERE key = ?),?,?,?,?,?,?,?,?)`,
      [a.flowKey, a.key, a.name, a.owner, a.tier, a.description, a.position, a.retired, a.kind],
    );
  }
  for (const p of s.model.pillars) db.run('INSERT INTO pillars (name, position) VALUES (?,?)', [p.name, p.position]);
  for (const c of s.model.capabilities) {
    db.run(
      `INSERT INTO capabilities (pillar_id, key, name, position, retired, applies_to, reattest_days, requires_comment)
       VALUES ((SELECT id FROM pillars WHERE name = ?),?,?,?,?,?,?,?)`,
      [c.pillar, c.key, c.name, c.position, c.retired, c.appliesTo, c.reattestDays, c.requiresComment],
    );
  }
  const capId = (key: string) => id('SELECT id FROM capabilities WHERE key = ?', [key]);
  for (const l of s.model.levels)
    db.run('INSERT INTO levels (capability_id, level, name, criteria) VALUES (?,?,?,?)', [
      capId(l.capability),
      l.level,
      l.name,
      l.criteria,
    ]);
  for (const q of s.model.questions) {
    db.run(
      `INSERT INTO questions (capability_id, level, position, text, applies_to, source_id, guidance, reattest_days, requires_comment)
       VALUES (?,?,?,?,?,?,?,?,?)`,
      [
        capId(q.capability),
        q.level,
        q.position,
        q.text,
        q.appliesTo,
        q.sourceId,
        q.guidance,
        q.reattestDays,
        q.requiresComment,
      ],
    );
  }
}

/** The snapshot's items and links; every current asset × capability is an item, as setup makes them. */
function insertItems(db: Db, s: Snapshot, answers: (json: string | null) => number | null): void {
  for (const [key, i] of s.items) {
    const [flow = '', asset = '', capability = ''] = key.split('/');
    db.run(
      `INSERT INTO items (asset_id, capability_id, level, answers_id, notes, evidence_url, assessed_at, assessed_by, remediation_done_at, exempt_reason, exempt_until, evidence,
         evidence_changed, not_applicable_request)
       SELECT a.id, c.id, ?,?,?,?,?,?,?,?,?,?,?,? FROM assets a JOIN flows f ON f.id = a.flow_id, capabilities c WHERE f.key = ? AND a.key = ? AND c.key = ?`,
      [
        i.level,
        answers(i.answers),
        i.notes,
        i.evidenceUrl,
        i.assessedAt,
        i.assessedBy,
        i.remediationDoneAt,
        i.exemptReason,
        i.exemptUntil,
        i.evidence,
        i.evidenceChanged,
        i.notApplicableRequest,
        flow,
        asset,
        capability,
      ],
    );
  }
  db.run(
    `INSERT OR IGNORE INTO items (asset_id, capability_id)
     SELECT a.id, c.id FROM assets a JOIN flows f ON f.id = a.flow_id CROSS JOIN capabilities c WHERE a.retired = 0 AND f.retired = 0 AND c.retired = 0`,
  );
  for (const [key, l] of s.links) {
    db.run('INSERT INTO links (item_key, tracker, id, display_id, url, state, done) VALUES (?,?,?,?,?,?,?)', [
      key,
      l.tracker,
      l.id,
      l.displayId,
      l.url,
      l.state,
      l.done,
    ]);
  }
}

/** The history entries `db` lacks (history is append-only: the snapshot's must contain what `db` has). */
function appendHistory(
  db: Db,
  s: Snapshot,
  history: readonly HistoryRow[],
  answers: (json: string | null) => number | null,
): void {
  const had = new Map<string, number>();
  for (const h of history) had.set(JSON.stringify(h), (had.get(JSON.stringify(h)) ?? 0) + 1);
  for (const h of s.history) {
    const row = JSON.stringify(h);
    const n = had.get(row) ?? 0;
    if (n > 0) {
      had.set(row, n - 1);
      continue;
    }
    db.run(
      'INSERT INTO history (item_key, at, by, kind, level, answers_id, notes, evidence_url, detail) VALUES (?,?,?,?,?,?,?,?,?)',
      [h.itemKey, h.at, h.by, h.kind, h.level, answers(h.answers), h.notes, h.evidenceUrl, h.detail],
    );
  }
}
