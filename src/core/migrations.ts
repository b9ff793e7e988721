/** The schema, as an ordered list of migrations; `PRAGMA user_version` records how many have run. */

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
CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
`;

export const MIGRATIONS: readonly string[] = [V1];
export const SCHEMA_VERSION = MIGRATIONS.length;
