/**
 * Makes the catalog (flows, assets, pillars, capabilities, levels, questions, items) match the CSVs, inside the
 * caller's write transaction. Rows that left the CSVs are retired; an item someone worked on (assessed, not
 * applicable, linked, with history) is kept until `prune`; items for every current asset × capability exist.
 */
import { type Flow } from '../domain/flows';
import { type MaturityModel, questionKey } from '../domain/model';
import { answerSetId, ITEM_KEY_SQL } from './catalog';
import { type Db } from './store';

export interface CatalogMerge {
  items: number;
  itemsAdded: number;
  /** Worked items whose flow, asset or capability left the CSVs: kept until `prune`. */
  kept: string[];
  pruned: string[];
}

/** Old text → new text of the imported questions whose source kept its id but changed its words. */
function reworded(before: readonly { text: string; source_id: string }[], cap: MaturityModel['capabilities'][number]) {
  const now = new Map(
    Object.entries(cap.questionSources ?? {}).map(([key, source]) => [source, key.slice(key.indexOf(':') + 1)]),
  );
  const renames = new Map<string, string>();
  for (const q of before) {
    const text = now.get(q.source_id);
    if (text !== undefined && text !== q.text) renames.set(q.text, text);
  }
  return renames;
}

/** The capability's answers under the new words of reworded questions: a re-import does not start over. */
function carryAnswers(db: Db, capId: number, renames: ReadonlyMap<string, string>): void {
  if (renames.size === 0) return;
  const sets = db.all<{ answers_id: number; answers: string }>(
    `SELECT DISTINCT i.answers_id, s.answers FROM items i JOIN answer_sets s ON s.id = i.answers_id WHERE i.capability_id = ?`,
    [capId],
  );
  for (const set of sets) {
    const answers = JSON.parse(set.answers) as Record<string, boolean>;
    const carried = Object.fromEntries(Object.entries(answers).map(([q, a]) => [renames.get(q) ?? q, a]));
    db.run('UPDATE items SET answers_id = ? WHERE capability_id = ? AND answers_id = ?', [
      answerSetId(db, carried),
      capId,
      set.answers_id,
    ]);
  }
}

export function mergeCatalog(db: Db, flows: Flow[], model: MaturityModel, prune: boolean): CatalogMerge {
  db.run('UPDATE flows SET retired = 1');
  db.run('UPDATE assets SET retired = 1');
  db.run('UPDATE capabilities SET retired = 1');
  mergeFlows(db, flows);
  model.pillars.forEach((name, pi) => {
    db.run(
      'INSERT INTO pillars (name, position) VALUES (?,?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
      [name, pi],
    );
  });
  model.capabilities.forEach((cap, ci) => mergeCapability(db, cap, ci));
  return mergeItems(db, prune);
}

/** Flows and assets as flows.csv lists them, in its order; the ones it no longer lists stay retired. */
function mergeFlows(db: Db, flows: Flow[]): void {
  flows.forEach((flow, fi) => {
    db.run(
      'INSERT INTO flows (key, name, position) VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET name = excluded.name, position = excluded.position, retired = 0',
      [flow.key, flow.name, fi],
    );
    const flowId = Number(db.get<{ id: number }>('SELECT id FROM flows WHERE key = ?', [flow.key])?.id);
    flow.assets.forEach((asset, ai) => {
      db.run(
        `INSERT INTO assets (flow_id, key, name, owner, tier, description, position, kind) VALUES (?,?,?,?,?,?,?,?)
         ON CONFLICT(flow_id, key) DO UPDATE SET name = excluded.name, owner = excluded.owner, tier = excluded.tier,
           description = excluded.description, position = excluded.position, kind = excluded.kind, retired = 0`,
        [flowId, asset.key, asset.name, asset.owner, asset.tier ?? null, asset.description, ai, asset.kind],
      );
    });
  });
}

/** One capability of the model with its levels and questions, answers carried to reworded questions. */
function mergeCapability(db: Db, cap: MaturityModel['capabilities'][number], ci: number): void {
  const pillarId = Number(db.get<{ id: number }>('SELECT id FROM pillars WHERE name = ?', [cap.pillar])?.id);
  db.run(
    `INSERT INTO capabilities (pillar_id, key, name, position, applies_to, reattest_days, requires_comment) VALUES (?,?,?,?,?,?,?)
     ON CONFLICT(key) DO UPDATE SET pillar_id = excluded.pillar_id, name = excluded.name, position = excluded.position,
       applies_to = excluded.applies_to, reattest_days = excluded.reattest_days,
       requires_comment = excluded.requires_comment, retired = 0`,
    [
      pillarId,
      cap.key,
      cap.name,
      ci,
      (cap.appliesTo ?? []).join(';'),
      cap.reattestDays ?? null,
      cap.requiresComment ? 1 : 0,
    ],
  );
  const capId = Number(db.get<{ id: number }>('SELECT id FROM capabilities WHERE key = ?', [cap.key])?.id);
  const imported = db.all<{ text: string; source_id: string }>(
    "SELECT text, source_id FROM questions WHERE capability_id = ? AND source_id <> ''",
    [capId],
  );
  db.run('DELETE FROM levels WHERE capability_id = ?', [capId]);
  db.run('DELETE FROM questions WHERE capability_id = ?', [capId]);
  for (const level of cap.levels) {
    db.run('INSERT INTO levels (capability_id, level, name, criteria) VALUES (?,?,?,?)', [
      capId,
      level.level,
      level.name,
      level.criteria,
    ]);
    level.questions.forEach((q, qi) =>
      db.run(
        `INSERT INTO questions (capability_id, level, position, text, applies_to, source_id, guidance, reattest_days, requires_comment)
         VALUES (?,?,?,?,?,?,?,?,?)`,
        [
          capId,
          level.level,
          qi,
          q,
          (cap.questionScopes?.[questionKey(level.level, q)] ?? []).join(';'),
          cap.questionSources?.[questionKey(level.level, q)] ?? '',
          cap.questionGuidance?.[questionKey(level.level, q)] ?? '',
          cap.questionReattestDays?.[questionKey(level.level, q)] ?? null,
          cap.questionsNeedingComment?.includes(questionKey(level.level, q)) ? 1 : 0,
        ],
      ),
    );
  }
  carryAnswers(db, capId, reworded(imported, cap));
}

/**
 * An item for every asset × capability pair; items of what is gone are kept while they hold work (unless
 * `prune`), and flows, assets, capabilities and pillars nothing refers to any more are deleted.
 */
function mergeItems(db: Db, prune: boolean): CatalogMerge {
  const before = Number(db.get<{ n: number }>('SELECT count(*) AS n FROM items')?.n);
  // One statement for every asset × capability pair: 30,000 single inserts cost a second.
  db.run(
    `INSERT OR IGNORE INTO items (asset_id, capability_id)
     SELECT a.id, c.id FROM assets a CROSS JOIN capabilities c WHERE a.retired = 0 AND c.retired = 0`,
  );
  const itemsAdded = Number(db.get<{ n: number }>('SELECT count(*) AS n FROM items')?.n) - before;

  const gone = db.all<{ asset_id: number; capability_id: number; key: string; worked: number }>(
    `SELECT i.asset_id, i.capability_id, ${ITEM_KEY_SQL} AS key,
       (i.level IS NOT NULL OR i.exempt_reason IS NOT NULL OR EXISTS (SELECT 1 FROM links l WHERE l.item_key = ${ITEM_KEY_SQL})
        OR EXISTS (SELECT 1 FROM history h WHERE h.item_key = ${ITEM_KEY_SQL})) AS worked
     FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id JOIN capabilities c ON c.id = i.capability_id
     WHERE a.retired = 1 OR f.retired = 1 OR c.retired = 1 ORDER BY key`,
  );
  const kept: string[] = [];
  const pruned: string[] = [];
  for (const item of gone) {
    if (item.worked && !prune) {
      kept.push(item.key);
      continue;
    }
    db.run('DELETE FROM items WHERE asset_id = ? AND capability_id = ?', [item.asset_id, item.capability_id]);
    db.run('DELETE FROM links WHERE item_key = ?', [item.key]);
    if (item.worked) pruned.push(item.key);
  }
  db.run('DELETE FROM assets WHERE retired = 1 AND id NOT IN (SELECT asset_id FROM items)');
  db.run('DELETE FROM flows WHERE retired = 1 AND id NOT IN (SELECT flow_id FROM assets)');
  db.run('DELETE FROM capabilities WHERE retired = 1 AND id NOT IN (SELECT capability_id FROM items)');
  db.run('DELETE FROM pillars WHERE id NOT IN (SELECT pillar_id FROM capabilities)');
  const items = Number(
    db.get<{ n: number }>(
      'SELECT count(*) AS n FROM items i JOIN assets a ON a.id = i.asset_id JOIN capabilities c ON c.id = i.capability_id WHERE a.retired = 0 AND c.retired = 0',
    )?.n,
  );
  return { items, itemsAdded, kept, pruned };
}
