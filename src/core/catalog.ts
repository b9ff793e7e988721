/** Reads the model and the items back out of the database into domain types. */
import { type TrackerKind, type WorkLink } from './tracker/work-tracker';
import { type Answers } from '../shared/maturity';
import { type Capability, type MaturityModel } from './model';
import { type SqlValue } from 'sql.js';
import { type Db } from './store';

export function readModel(db: Db): MaturityModel {
  const pillars = db.all<{ name: string }>('SELECT name FROM pillars ORDER BY position').map((p) => p.name);
  const caps = db.all<{ id: number; key: string; name: string; pillar: string }>(
    `SELECT c.id, c.key, c.name, p.name AS pillar FROM capabilities c JOIN pillars p ON p.id = c.pillar_id
     WHERE c.retired = 0 ORDER BY p.position, c.position`,
  );
  const levels = db.all<{ capability_id: number; level: number; name: string; criteria: string }>('SELECT * FROM levels ORDER BY level');
  const questions = db.all<{ capability_id: number; level: number; text: string }>('SELECT capability_id, level, text FROM questions ORDER BY level, position');
  const capabilities: Capability[] = caps.map((c) => ({
    key: c.key,
    name: c.name,
    pillar: c.pillar,
    levels: levels
      .filter((l) => l.capability_id === c.id)
      .map((l) => ({
        level: l.level,
        name: l.name,
        criteria: l.criteria,
        questions: questions.filter((q) => q.capability_id === c.id && q.level === l.level).map((q) => q.text),
      })),
  }));
  return { pillars: pillars.filter((p) => capabilities.some((c) => c.pillar === p)), capabilities };
}

/** An item as stored: what was assessed, exempted and linked, without anything derived. */
export interface ItemRecord {
  key: string;
  flowKey: string;
  flowName: string;
  assetKey: string;
  assetName: string;
  owner: string;
  tier: number | undefined;
  capabilityKey: string;
  level: number | null;
  answers: Answers;
  notes: string;
  evidenceUrl: string;
  assessedAt: string | null;
  assessedBy: string | null;
  /** The work item (Rally story, Jira issue) the item is linked to. */
  link: WorkLink | null;
  remediationDoneAt: string | null;
  exemptReason: string | null;
  exemptUntil: string | null;
}

const ITEM_COLUMNS = `i.key, f.key, f.name, a.key, a.name, a.owner, a.tier, c.key, i.level, i.answers, i.notes, i.evidence_url,
  i.assessed_at, i.assessed_by, l.tracker, l.id, l.display_id, l.url, l.state, l.done, i.remediation_done_at, i.exempt_reason, i.exempt_until`;

/** Items of flows, assets and capabilities still in the CSVs, in flow, asset and model order. */
export function readItems(db: Db): ItemRecord[] {
  // Positional columns straight from exec(): this runs on every tree refresh, over tens of thousands of items.
  const result = db.raw.exec(
    `SELECT ${ITEM_COLUMNS}
     FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id
     JOIN capabilities c ON c.id = i.capability_id JOIN pillars p ON p.id = c.pillar_id
     LEFT JOIN links l ON l.item_key = i.key
     WHERE f.retired = 0 AND a.retired = 0 AND c.retired = 0
     ORDER BY f.position, a.position, p.position, c.position`,
  )[0];
  const text = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));
  return (result?.values ?? []).map((r) => ({
    key: String(r[0]),
    flowKey: String(r[1]),
    flowName: String(r[2]),
    assetKey: String(r[3]),
    assetName: String(r[4]),
    owner: String(r[5] ?? ''),
    tier: r[6] === null || r[6] === undefined ? undefined : Number(r[6]),
    capabilityKey: String(r[7]),
    level: r[8] === null || r[8] === undefined ? null : Number(r[8]),
    answers: r[9] ? (JSON.parse(String(r[9])) as Answers) : {},
    notes: String(r[10] ?? ''),
    evidenceUrl: String(r[11] ?? ''),
    assessedAt: text(r[12]),
    assessedBy: text(r[13]),
    link:
      r[14] === null || r[14] === undefined
        ? null
        : {
            tracker: String(r[14]) as TrackerKind,
            id: String(r[15]),
            displayId: String(r[16]),
            url: text(r[17]),
            state: text(r[18]),
            done: Number(r[19]) === 1,
          },
    remediationDoneAt: text(r[20]),
    exemptReason: text(r[21]),
    exemptUntil: text(r[22]),
  }));
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

/** `rally-link` and `rally-state` are what links and state changes were recorded as before links became tracker-neutral. */
export type HistoryKind = 'assessment' | 'exemption' | 'unexemption' | 'work-link' | 'work-state' | 'rally-link' | 'rally-state' | 'remediation-done';

/** Records (or replaces) the item's link to its work item. */
export function saveLink(db: Db, itemKey: string, link: WorkLink, when: string): void {
  db.run(
    `INSERT INTO links (item_key, tracker, id, display_id, url, state, done) VALUES (?,?,?,?,?,?,?)
     ON CONFLICT(item_key) DO UPDATE SET tracker = excluded.tracker, id = excluded.id, display_id = excluded.display_id,
       url = excluded.url, state = excluded.state, done = excluded.done`,
    [itemKey, link.tracker, link.id, link.displayId, link.url, link.state, link.done ? 1 : 0],
  );
  db.run('UPDATE items SET updated_at = ? WHERE key = ?', [when, itemKey]);
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
  db.run('INSERT INTO history (item_key, at, by, kind, level, answers, notes, evidence_url, detail) VALUES (?,?,?,?,?,?,?,?,?)', [
    entry.itemKey,
    entry.at,
    entry.by,
    entry.kind,
    entry.level ?? null,
    entry.answers ? JSON.stringify(entry.answers) : null,
    entry.notes ?? null,
    entry.evidenceUrl ?? null,
    entry.detail ?? null,
  ]);
}

export function readHistory(db: Db, itemKey?: string): HistoryEntry[] {
  const rows = db.all<{ item_key: string; at: string; by: string; kind: HistoryKind; level: number | null; notes: string | null; detail: string | null }>(
    `SELECT item_key, at, by, kind, level, notes, detail FROM history ${itemKey ? 'WHERE item_key = ?' : ''} ORDER BY at, id`,
    itemKey ? [itemKey] : [],
  );
  return rows.map((r) => ({ itemKey: r.item_key, at: r.at, by: r.by, kind: r.kind, level: r.level, notes: r.notes, detail: r.detail }));
}
