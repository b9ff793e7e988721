/** Reads the model and the items back out of the database into domain types. */
import { Answers } from './maturity';
import { Capability, MaturityModel } from './model';
import { Db } from './store';

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
  rallyFormattedId: string | null;
  rallyObjectId: number | null;
  rallyState: string | null;
  remediationDoneAt: string | null;
  exemptReason: string | null;
  exemptUntil: string | null;
}

interface ItemRow {
  key: string;
  flow_key: string;
  flow_name: string;
  asset_key: string;
  asset_name: string;
  owner: string;
  tier: number | null;
  capability_key: string;
  level: number | null;
  answers: string | null;
  notes: string;
  evidence_url: string;
  assessed_at: string | null;
  assessed_by: string | null;
  rally_formatted_id: string | null;
  rally_object_id: number | null;
  rally_state: string | null;
  remediation_done_at: string | null;
  exempt_reason: string | null;
  exempt_until: string | null;
}

/** Items of flows, assets and capabilities still in the CSVs, in flow, asset and model order. */
export function readItems(db: Db): ItemRecord[] {
  return db
    .all<ItemRow>(
      `SELECT i.*, f.key AS flow_key, f.name AS flow_name, a.key AS asset_key, a.name AS asset_name, a.owner, a.tier,
              c.key AS capability_key
       FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id
       JOIN capabilities c ON c.id = i.capability_id JOIN pillars p ON p.id = c.pillar_id
       WHERE f.retired = 0 AND a.retired = 0 AND c.retired = 0
       ORDER BY f.position, a.position, p.position, c.position`,
    )
    .map((r) => ({
      key: r.key,
      flowKey: r.flow_key,
      flowName: r.flow_name,
      assetKey: r.asset_key,
      assetName: r.asset_name,
      owner: r.owner,
      tier: r.tier ?? undefined,
      capabilityKey: r.capability_key,
      level: r.level,
      answers: r.answers ? (JSON.parse(r.answers) as Answers) : {},
      notes: r.notes,
      evidenceUrl: r.evidence_url,
      assessedAt: r.assessed_at,
      assessedBy: r.assessed_by,
      rallyFormattedId: r.rally_formatted_id,
      rallyObjectId: r.rally_object_id,
      rallyState: r.rally_state,
      remediationDoneAt: r.remediation_done_at,
      exemptReason: r.exempt_reason,
      exemptUntil: r.exempt_until,
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

export type HistoryKind = 'assessment' | 'exemption' | 'unexemption' | 'rally-link' | 'rally-state' | 'remediation-done';

export function appendHistory(
  db: Db,
  entry: { itemKey: string; at: string; by: string; kind: HistoryKind; level?: number | null; answers?: Answers; notes?: string; evidenceUrl?: string; detail?: string },
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
