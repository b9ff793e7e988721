/** Temporary data folders for tests, built through the real setup. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

import { defaultSettings } from '../../src/core/integrations/settings';
import { type TrackerSettings } from '../../src/core/settings';
import { saveAssessment } from '../../src/core/usecases/assessment';
import { type FlowInput, setupWorkspace } from '../../src/core/usecases/setup';
import { Workspace } from '../../src/core/workspace';
import { answersForLevel } from '../../src/shared/maturity';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

export function tempDir(prefix = 'sre-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export const SMALL_FLOWS: FlowInput[] = [
  { name: 'Checkout', assets: ['web', 'payments-api'] },
  { name: 'Login', assets: ['auth'] },
];

export async function setUpWorkspace(
  options: { flows?: FlowInput[]; flowsCsv?: string; settings?: Partial<TrackerSettings> } = {},
): Promise<Workspace> {
  const dir = tempDir();
  if (options.flowsCsv !== undefined) fs.writeFileSync(path.join(dir, 'flows.csv'), options.flowsCsv);
  await setupWorkspace({ dir, flows: options.flowsCsv === undefined ? (options.flows ?? SMALL_FLOWS) : [] });
  return Workspace.open(dir, { ...defaultSettings(), ...options.settings });
}

/** Assesses each item at `level` (yes up to it, no above), as one person would. */
export function assessAtLevel(ws: Workspace, keys: readonly string[], level: number, by = 'ana'): void {
  for (const key of keys) {
    const item = ws.items().find((i) => i.key === key);
    if (!item) throw new Error(`no item ${key}`);
    saveAssessment(ws.store, {
      itemKey: key,
      capability: item.capability,
      answers: answersForLevel(item.capability, level),
      notes: '',
      evidenceUrl: '',
      by,
      at: new Date(),
    });
  }
}
