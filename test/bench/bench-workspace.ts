/**
 * The bench's workspaces: `flows` × 10 assets × the default model, owners, tiers and kinds spread (a database, a
 * queue and a frontend in every flow, so the model leaves some items out and narrows some questions), every item
 * assessed at a level from 0 to 4 with the answers of that level and one history row, as a programme in full
 * swing has.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { defaultSettings } from '../../src/core/integrations/settings';
import { answerSetId } from '../../src/core/storage/catalog';
import { setupWorkspace } from '../../src/core/usecases/setup';
import { Workspace } from '../../src/core/workspace';
import { answersForLevel } from '../../src/shared/maturity';

export interface BenchWorkspace {
  dir: string;
  items: number;
  setupMs: number;
  /** sre_data.db right after setup, and after every item was assessed. */
  setupMiB: number;
  assessedMiB: number;
}

const mib = (file: string) => fs.statSync(file).size / 1024 / 1024;

export async function benchWorkspace(flows: number): Promise<BenchWorkspace> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-bench-'));
  const kinds = ['service', 'service', 'service', 'service', 'service', 'database', 'queue', 'frontend', 'batch', ''];
  const rows = ['flow,asset,tier,owner,kind'];
  for (let f = 0; f < flows; f++)
    for (let a = 0; a < 10; a++) rows.push(`Flow ${f},asset-${a},${(a % 3) + 1},team-${(f + a) % 25},${kinds[a]}`);
  fs.writeFileSync(path.join(dir, 'flows.csv'), rows.join('\n') + '\n');
  const start = performance.now();
  const setup = await setupWorkspace({ dir });
  const setupMs = performance.now() - start;
  const db = path.join(dir, 'sre_data.db');
  const setupMiB = mib(db);
  const ws = await Workspace.open(dir, defaultSettings());
  const at = new Date().toISOString();
  ws.store.write((d) => {
    // One answer set per capability and level, as saving each assessment would store them.
    d.run('CREATE TEMP TABLE bench_sets (capability_id INTEGER, level INTEGER, answers_id INTEGER)');
    const caps = d.all<{ id: number; key: string }>('SELECT id, key FROM capabilities');
    for (const cap of ws.model().capabilities) {
      const id = caps.find((c) => c.key === cap.key)?.id ?? 0;
      for (let level = 0; level <= 4; level++)
        d.run('INSERT INTO bench_sets VALUES (?,?,?)', [id, level, answerSetId(d, answersForLevel(cap, level))]);
    }
    d.run(
      `UPDATE items SET level = (asset_id + capability_id) % 5, assessed_at = ?, assessed_by = 'bench',
         answers_id = (SELECT answers_id FROM bench_sets s WHERE s.capability_id = items.capability_id AND s.level = (items.asset_id + items.capability_id) % 5)`,
      [at],
    );
    d.run(
      `INSERT INTO history (item_key, at, by, kind, level, answers_id, notes, evidence_url)
       SELECT f.key || '/' || a.key || '/' || c.key, i.assessed_at, 'bench', 'assessment', i.level, i.answers_id, '', ''
       FROM items i JOIN assets a ON a.id = i.asset_id JOIN flows f ON f.id = a.flow_id JOIN capabilities c ON c.id = i.capability_id`,
    );
    d.run('DROP TABLE bench_sets');
  });
  ws.store.close();
  return { dir, items: setup.items, setupMs, setupMiB, assessedMiB: mib(db) };
}
