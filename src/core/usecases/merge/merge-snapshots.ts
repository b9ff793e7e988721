/**
 * Three-way merge of two copies of a database against their common base, row by row by stable keys: a row changed
 * on one side only takes that side; changed the same way on both is no conflict; changed differently on both keeps
 * ours, except an item's assessment, where the later one wins and the other is recorded as superseded.
 */
import {
  type AssetRow,
  type FlowRow,
  type HistoryRow,
  type ItemState,
  type LinkRow,
  type ModelRows,
  type Snapshot,
} from '../../storage/snapshot';

export interface MergeResult {
  merged: Snapshot;
  /** What both sides changed differently, and what was kept: said on stderr by the driver. */
  conflicts: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One row by its key: `undefined` means absent (never there, or deleted). `decide` settles a real conflict
 * (both sides changed it differently); without one, ours is kept and the conflict reported.
 */
function mergeMap<T>(
  kind: string,
  base: Map<string, T>,
  ours: Map<string, T>,
  theirs: Map<string, T>,
  conflicts: string[],
  decide?: (key: string, ours: T, theirs: T) => T,
): Map<string, T> {
  const merged = new Map<string, T>();
  const keys = [...new Set([...ours.keys(), ...theirs.keys(), ...base.keys()])].sort();
  for (const key of keys) {
    const b = base.get(key);
    const o = ours.get(key);
    const t = theirs.get(key);
    let value: T | undefined;
    if (same(o, t) || same(t, b)) value = o;
    else if (same(o, b)) value = t;
    else if (o !== undefined && t !== undefined && decide) value = decide(key, o, t);
    else {
      value = o ?? t; // one side deleted what the other changed: keep the change
      conflicts.push(`${kind} ${key}: changed differently on both sides; kept ${o === undefined ? 'theirs' : 'ours'}`);
    }
    if (value !== undefined) merged.set(key, value);
  }
  return merged;
}

function assessmentOf(s: ItemState): Omit<ItemState, 'exemptReason' | 'exemptUntil' | 'notApplicableRequest'> {
  const { exemptReason: _reason, exemptUntil: _until, notApplicableRequest: _request, ...assessment } = s;
  return assessment;
}

/**
 * An item's assessment and its exemption merge on their own: one person assessing while another exempts the same
 * item is no conflict. Two different assessments: the later (by assessed time; equal times by content, so either
 * side's driver agrees) wins, and the other is kept in the history as superseded.
 */
function mergeItem(
  key: string,
  b: ItemState | undefined,
  o: ItemState,
  t: ItemState,
  conflicts: string[],
  superseded: HistoryRow[],
): ItemState {
  // Added on both branches (the same flows.csv row, then setup on each): the common ancestor is the item as setup
  // makes it, so one side's assessment is a change, not a conflict with a blank one.
  const ancestor = b ?? UNTOUCHED;
  const part = <P>(of: (s: ItemState) => P): { value: P; conflict: boolean } => {
    const [bp, op, tp] = [of(ancestor), of(o), of(t)];
    if (same(op, tp) || same(tp, bp)) return { value: op, conflict: false };
    if (same(op, bp)) return { value: tp, conflict: false };
    return { value: op, conflict: true };
  };
  const assessment = part(assessmentOf);
  let chosen = assessment.value;
  if (assessment.conflict) {
    const [winner, loser] = laterFirst(assessmentOf(o), assessmentOf(t));
    chosen = winner;
    superseded.push({
      itemKey: key,
      at: loser.assessedAt ?? '',
      by: loser.assessedBy ?? '',
      kind: 'superseded',
      level: loser.level,
      answers: loser.answers,
      notes: loser.notes,
      evidenceUrl: loser.evidenceUrl,
      detail: `assessed on another branch; merged with the later assessment by ${winner.assessedBy ?? 'unknown'} at ${winner.assessedAt ?? '?'}`,
    });
    conflicts.push(
      `item ${key}: assessed on both sides; kept level ${winner.level ?? '-'} by ${winner.assessedBy ?? '?'} at ${winner.assessedAt ?? '?'}, ` +
        `recorded level ${loser.level ?? '-'} by ${loser.assessedBy ?? '?'} at ${loser.assessedAt ?? '?'} as superseded`,
    );
  }
  const exemption = part((s) => ({
    exemptReason: s.exemptReason,
    exemptUntil: s.exemptUntil,
    notApplicableRequest: s.notApplicableRequest,
  }));
  if (exemption.conflict) conflicts.push(`item ${key}: Not applicable changed differently on both sides; kept ours`);
  return { ...chosen, ...exemption.value };
}

/** An item as setup adds it: nothing assessed, nothing marked. */
const UNTOUCHED: ItemState = {
  level: null,
  answers: null,
  notes: '',
  evidenceUrl: '',
  assessedAt: null,
  assessedBy: null,
  remediationDoneAt: null,
  exemptReason: null,
  exemptUntil: null,
  evidence: null,
  evidenceChanged: null,
  notApplicableRequest: null,
};

/** By code unit, so every machine (and either side's merge) orders alike. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function laterFirst<T extends { assessedAt: string | null }>(a: T, b: T): [T, T] {
  const order = compare(a.assessedAt ?? '', b.assessedAt ?? '') || compare(JSON.stringify(a), JSON.stringify(b));
  return order >= 0 ? [a, b] : [b, a];
}

/** History is the union of both sides, each entry as often as the side with more of it has it, in time order (entries at the same instant by content, so either side's merge agrees). */
function mergeHistory(
  ours: readonly HistoryRow[],
  theirs: readonly HistoryRow[],
  superseded: readonly HistoryRow[],
): HistoryRow[] {
  // A union of bags: an entry both sides have (from their common past) once, one a side has twice, twice.
  const counted = (rows: readonly HistoryRow[]) => {
    const counts = new Map<string, { row: HistoryRow; n: number }>();
    for (const row of rows) {
      const id = JSON.stringify(row);
      counts.set(id, { row, n: (counts.get(id)?.n ?? 0) + 1 });
    }
    return counts;
  };
  const o = counted(ours);
  const t = counted(theirs);
  const all: [string, HistoryRow][] = [];
  for (const id of new Set([...o.keys(), ...t.keys()])) {
    const row = (o.get(id) ?? t.get(id))?.row;
    const n = Math.max(o.get(id)?.n ?? 0, t.get(id)?.n ?? 0);
    for (let i = 0; row && i < n; i++) all.push([id, row]);
  }
  for (const row of superseded) all.push([JSON.stringify(row), row]);
  return all.sort(([ja, a], [jb, b]) => compare(a.at, b.at) || compare(ja, jb)).map(([, h]) => h);
}

/** The model is one document (maturity_model.csv): the side that changed it wins; both changed differently keeps ours. */
function mergeModel(base: ModelRows, ours: ModelRows, theirs: ModelRows, conflicts: string[]): ModelRows {
  if (same(ours, theirs) || same(theirs, base)) return ours;
  if (same(ours, base)) return theirs;
  conflicts.push(
    'the maturity model was changed differently on both sides; kept ours (run setup after merging maturity_model.csv)',
  );
  return ours;
}

export function mergeSnapshots(base: Snapshot, ours: Snapshot, theirs: Snapshot): MergeResult {
  const conflicts: string[] = [];
  const superseded: HistoryRow[] = [];
  const merged: Snapshot = {
    flows: mergeMap<FlowRow>('flow', base.flows, ours.flows, theirs.flows, conflicts),
    assets: mergeMap<AssetRow>('asset', base.assets, ours.assets, theirs.assets, conflicts),
    model: mergeModel(base.model, ours.model, theirs.model, conflicts),
    items: mergeMap<ItemState>('item', base.items, ours.items, theirs.items, conflicts, (key, o, t) =>
      mergeItem(key, base.items.get(key), o, t, conflicts, superseded),
    ),
    links: mergeMap<LinkRow>('link', base.links, ours.links, theirs.links, conflicts),
    history: [],
    // Offered on either side is offered: a mapping the team took out stays out after the merge.
    mappingsOffered: new Set([...ours.mappingsOffered, ...theirs.mappingsOffered]),
  };
  merged.history = mergeHistory(ours.history, theirs.history, superseded);
  keepWorkedItems(merged, [ours, theirs, base], conflicts);
  return { merged, conflicts };
}

/** An item someone worked on: assessed, not applicable, done, linked to a story or with a history. */
function worked(s: Snapshot, key: string): boolean {
  const item = s.items.get(key);
  const touched =
    item &&
    (item.level !== null || item.exemptReason !== null || item.remediationDoneAt !== null || item.answers !== null);
  return !!touched || s.links.has(key) || s.history.some((h) => h.itemKey === key);
}

/**
 * A worked item whose asset, flow or capability the merged side no longer has (renamed or pruned on one branch,
 * assessed on the other) keeps them, retired, the way setup keeps an assessed item whose row was removed: nothing
 * assessed vanishes in a merge; only `setup --prune` deletes it. Said in `conflicts`.
 */
function keepWorkedItems(merged: Snapshot, sides: readonly Snapshot[], conflicts: string[]): void {
  const model = (merged.model = {
    pillars: [...merged.model.pillars],
    capabilities: [...merged.model.capabilities],
    levels: [...merged.model.levels],
    questions: [...merged.model.questions],
  });
  const capabilities = new Set(model.capabilities.map((c) => c.key));
  for (const key of [...merged.items.keys()]) {
    const [flowKey = '', assetKey = '', capabilityKey = ''] = key.split('/');
    const assetId = `${flowKey}/${assetKey}`;
    const missing = [
      ...(merged.assets.has(assetId) ? [] : [`asset ${assetId}`]),
      ...(capabilities.has(capabilityKey) ? [] : [`capability ${capabilityKey}`]),
    ];
    if (missing.length === 0) continue;
    if (!sides.some((s) => worked(s, key))) {
      merged.items.delete(key); // never worked on: gone with its row, as setup does
      continue;
    }
    if (!merged.assets.has(assetId)) {
      const asset = sides.map((s) => s.assets.get(assetId)).find(Boolean);
      if (asset) merged.assets.set(assetId, { ...asset, retired: 1 });
    }
    if (!capabilities.has(capabilityKey)) {
      const side = sides.find((s) => s.model.capabilities.some((c) => c.key === capabilityKey));
      const capability = side?.model.capabilities.find((c) => c.key === capabilityKey);
      if (side && capability) {
        model.capabilities.push({ ...capability, retired: 1 });
        capabilities.add(capabilityKey);
        if (!model.pillars.some((p) => p.name === capability.pillar))
          model.pillars.push({ name: capability.pillar, position: model.pillars.length });
        model.levels.push(...side.model.levels.filter((l) => l.capability === capabilityKey));
        model.questions.push(...side.model.questions.filter((q) => q.capability === capabilityKey));
      }
    }
    conflicts.push(
      `item ${key}: its ${missing.join(' and ')} is gone from the merged data; kept the item, retired (run "sre-tracker setup --prune" to delete it)`,
    );
  }
  // An asset whose flow is gone keeps its flow (kept, retired), so nothing assessed is dropped.
  for (const a of merged.assets.values()) {
    const flow = merged.flows.has(a.flowKey) ? undefined : sides.map((s) => s.flows.get(a.flowKey)).find(Boolean);
    if (flow) merged.flows.set(a.flowKey, { ...flow, retired: 1 });
  }
}
