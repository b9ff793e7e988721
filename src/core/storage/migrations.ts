/** The schema, as an ordered list of migrations; `PRAGMA user_version` records how many have run. */
import type { Database } from 'sql.js';

import { boundSlug } from '../domain/keys';

const HISTORY_NO_UPDATE = `CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;`;

// Status is not a column: it follows from level, target, exemption and the status mode, so a change
// of mode or of targets.csv applies everywhere at once instead of leaving stale stored statuses.
const V1 = `
CREATE TABLE flows (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  flow_id INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  tier INTEGER,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0,
  UNIQUE (flow_id, key)
);
CREATE TABLE pillars (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL
);
CREATE TABLE capabilities (
  id INTEGER PRIMARY KEY,
  pillar_id INTEGER NOT NULL REFERENCES pillars(id),
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE levels (
  capability_id INTEGER NOT NULL REFERENCES capabilities(id) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  name TEXT NOT NULL,
  criteria TEXT NOT NULL,
  PRIMARY KEY (capability_id, level)
);
CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  capability_id INTEGER NOT NULL REFERENCES capabilities(id) ON DELETE CASCADE,
  level INTEGER NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  capability_id INTEGER NOT NULL REFERENCES capabilities(id) ON DELETE CASCADE,
  level INTEGER CHECK (level BETWEEN 0 AND 4),
  answers TEXT,
  notes TEXT NOT NULL DEFAULT '',
  evidence_url TEXT NOT NULL DEFAULT '',
  assessed_at TEXT,
  assessed_by TEXT,
  rally_formatted_id TEXT,
  rally_object_id INTEGER,
  rally_state TEXT,
  remediation_done_at TEXT,
  exempt_reason TEXT,
  exempt_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (asset_id, capability_id)
);
-- Keyed by item key, not id, so history outlives a pruned or rebuilt item.
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  level INTEGER,
  answers TEXT,
  notes TEXT,
  evidence_url TEXT,
  detail TEXT
);
CREATE INDEX history_item ON history(item_key, at);
${HISTORY_NO_UPDATE}
CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
`;

// Story links need the story's project (Rally's UI link is /#/<project>/detail/userstory/<id>). Keys longer than
// a Rally story name can hold are cut to their bounded form everywhere, history included, so links survive.
const V2 = `
ALTER TABLE items ADD COLUMN rally_project_id INTEGER;
UPDATE flows SET key = sre_bound_key(key) WHERE key != sre_bound_key(key);
UPDATE assets SET key = sre_bound_key(key) WHERE key != sre_bound_key(key);
UPDATE capabilities SET key = sre_bound_key(key) WHERE key != sre_bound_key(key);
UPDATE items SET key = sre_bound_key(key) WHERE key != sre_bound_key(key);
DROP TRIGGER history_no_update;
UPDATE history SET item_key = sre_bound_key(item_key) WHERE item_key != sre_bound_key(item_key);
${HISTORY_NO_UPDATE}
`;

// Links to work items are tracker-neutral (Rally, Jira…), one per item; every Rally link is kept. Its UI link
// is written by the next sync, which knows the server.
const V3 = `
CREATE TABLE links (
  item_key TEXT PRIMARY KEY,
  tracker TEXT NOT NULL,
  id TEXT NOT NULL,
  display_id TEXT NOT NULL,
  url TEXT,
  state TEXT,
  done INTEGER NOT NULL DEFAULT 0
);
INSERT INTO links (item_key, tracker, id, display_id, url, state, done)
  SELECT key, 'rally', COALESCE(CAST(rally_object_id AS TEXT), ''), rally_formatted_id, NULL, rally_state,
    CASE WHEN rally_state IN ('Completed', 'Accepted', 'Released') THEN 1 ELSE 0 END
  FROM items WHERE rally_formatted_id IS NOT NULL;
ALTER TABLE items DROP COLUMN rally_formatted_id;
ALTER TABLE items DROP COLUMN rally_object_id;
ALTER TABLE items DROP COLUMN rally_state;
ALTER TABLE items DROP COLUMN rally_project_id;
`;

// Items are stored by ids, without a key column or its index, creation and update stamps (history has when):
// a third of the size, which a write exports whole. Their key is derived from flow/asset/capability keys; where
// an old key differs from the derived one, history and links follow it first. Answers (by question text, some
// 500 bytes a set) are stored once per distinct set and referenced by items and history: most items of a
// capability share a few sets, so a fully assessed workspace stays small. History loses its index by item (a
// third of a fully assessed file): only one item's history is ever looked up, and a scan of it takes milliseconds.
const V4 = `
CREATE TABLE answer_sets (
  id INTEGER PRIMARY KEY,
  answers TEXT NOT NULL UNIQUE
);
INSERT OR IGNORE INTO answer_sets (answers) SELECT answers FROM items WHERE answers IS NOT NULL;
INSERT OR IGNORE INTO answer_sets (answers) SELECT answers FROM history WHERE answers IS NOT NULL;
CREATE TABLE items_v4 (
  asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  capability_id INTEGER NOT NULL REFERENCES capabilities(id) ON DELETE CASCADE,
  level INTEGER CHECK (level BETWEEN 0 AND 4),
  answers_id INTEGER REFERENCES answer_sets(id),
  notes TEXT NOT NULL DEFAULT '',
  evidence_url TEXT NOT NULL DEFAULT '',
  assessed_at TEXT,
  assessed_by TEXT,
  remediation_done_at TEXT,
  exempt_reason TEXT,
  exempt_until TEXT,
  PRIMARY KEY (asset_id, capability_id)
) WITHOUT ROWID;
CREATE TEMP TABLE rekey AS
  SELECT i.key AS old, f.key || '/' || a.key || '/' || c.key AS new
  FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id JOIN capabilities c ON c.id = i.capability_id
  WHERE i.key != f.key || '/' || a.key || '/' || c.key;
DROP TRIGGER history_no_update;
UPDATE history SET item_key = (SELECT new FROM rekey WHERE old = item_key) WHERE item_key IN (SELECT old FROM rekey);
ALTER TABLE history ADD COLUMN answers_id INTEGER REFERENCES answer_sets(id);
UPDATE history SET answers_id = (SELECT id FROM answer_sets s WHERE s.answers = history.answers) WHERE answers IS NOT NULL;
ALTER TABLE history DROP COLUMN answers;
${HISTORY_NO_UPDATE}
UPDATE links SET item_key = (SELECT new FROM rekey WHERE old = item_key) WHERE item_key IN (SELECT old FROM rekey);
DROP TABLE rekey;
INSERT INTO items_v4 SELECT asset_id, capability_id, level, (SELECT id FROM answer_sets s WHERE s.answers = items.answers), notes,
  evidence_url, assessed_at, assessed_by, remediation_done_at, exempt_reason, exempt_until FROM items;
DROP TABLE items;
ALTER TABLE items_v4 RENAME TO items;
DROP INDEX history_item;
`;

// The repository evidence an assessment's answers were taken from (JSON), so its going away can be told.
const V5 = `ALTER TABLE items ADD COLUMN evidence TEXT;`;

// Asset kinds and the kinds a capability or a question applies to (issue 37): '' is any, so nothing changes; and
// where an imported question came from, so a re-import carries answers to its new wording.
const V6 = `ALTER TABLE assets ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE capabilities ADD COLUMN applies_to TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN applies_to TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN guidance TEXT NOT NULL DEFAULT '';`;

// Answers that stay true (issue 38): how long a capability's or a question's answers hold and whether they need
// notes; the evidence change that made an assessment stale, kept until someone re-assesses (so evidence coming
// back never re-stamps it); and a Not applicable request awaiting or given a second person's decision (JSON).
const V7 = `ALTER TABLE capabilities ADD COLUMN reattest_days INTEGER;
ALTER TABLE capabilities ADD COLUMN requires_comment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN reattest_days INTEGER;
ALTER TABLE questions ADD COLUMN requires_comment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN evidence_changed TEXT;
ALTER TABLE items ADD COLUMN not_applicable_request TEXT;`;

// The evidence mappings (a kind supporting a question) `setup` has carried into this workspace's model once: one
// the team took out again stays out (issue 45).
const V8 = `CREATE TABLE mappings_offered (
  question TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (question, kind)
) WITHOUT ROWID;`;

export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7, V8];

/** What links and state changes were recorded as in history before links became tracker-neutral (V4): still read. */
export type LegacyHistoryKind = 'rally-link' | 'rally-state';

/** PRAGMA application_id of our databases ("SRET"): tells our file from another application's SQLite file. */
export const APPLICATION_ID = 0x53524554;

/** SQL functions the migrations call. */
export function registerMigrationFunctions(db: Database): void {
  db.create_function('sre_bound_key', (key: string) => key.split('/').map(boundSlug).join('/'));
}
export const SCHEMA_VERSION = MIGRATIONS.length;
