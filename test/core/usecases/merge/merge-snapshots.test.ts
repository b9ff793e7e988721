import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { type HistoryRow, type ItemState, readSnapshot, type Snapshot } from '../../../../src/core/storage/snapshot';
import { mergeSnapshots } from '../../../../src/core/usecases/merge/merge-snapshots';
import { setUpWorkspace } from '../../../helpers/workspace';

/** A side's changes: items assessed at a level by someone at a time, each with its history row. */
type Change = { item: number; level: number; by: string; minute: number };

function apply(base: Snapshot, keys: readonly string[], changes: readonly Change[]): Snapshot {
  const items = new Map(base.items);
  const history: HistoryRow[] = [...base.history];
  for (const c of changes) {
    const key = keys[c.item % keys.length] ?? '';
    const at = new Date(Date.UTC(2026, 0, 1, 0, c.minute)).toISOString();
    const state: ItemState = {
      ...(items.get(key) as ItemState),
      level: c.level,
      assessedAt: at,
      assessedBy: c.by,
      answers: `{"q${c.level}":true}`,
    };
    items.set(key, state);
    history.push({
      itemKey: key,
      at,
      by: c.by,
      kind: 'assessment',
      level: c.level,
      answers: state.answers,
      notes: '',
      evidenceUrl: '',
      detail: null,
    });
  }
  return { ...base, items, history: history.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) };
}

/** A snapshot as comparable data; history entries of the same instant have no order of their own. */
const plain = (s: Snapshot) =>
  JSON.stringify({
    ...s,
    flows: [...s.flows].sort(),
    assets: [...s.assets].sort(),
    items: [...s.items].sort(),
    links: [...s.links].sort(),
    history: s.history.map((h) => JSON.stringify(h)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  });

const change = fc.record({
  item: fc.nat(44),
  level: fc.integer({ min: 0, max: 4 }),
  by: fc.constantFrom('ana', 'bo'),
  minute: fc.nat(10_000),
});

describe('merging snapshots', () => {
  it('does not depend on which side is ours when the sides changed different items, and merging a side with itself changes nothing', async () => {
    const ws = await setUpWorkspace();
    const base = ws.store.read(readSnapshot);
    const keys = [...base.items.keys()].sort();
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), fc.array(change, { maxLength: 12 }), (a, b) => {
        // Different items on each side: even item numbers for one, odd for the other.
        const ours = apply(
          base,
          keys,
          a.map((c) => ({ ...c, item: (c.item * 2) % 44 })),
        );
        const theirs = apply(
          base,
          keys,
          b.map((c) => ({ ...c, item: ((c.item * 2) % 44) + 1 })),
        );
        const one = mergeSnapshots(base, ours, theirs);
        const other = mergeSnapshots(base, theirs, ours);
        assert.deepEqual(one.conflicts, []);
        assert.equal(plain(one.merged), plain(other.merged));
        const self = mergeSnapshots(base, ours, ours);
        assert.equal(plain(self.merged), plain(ours));
        assert.deepEqual(self.conflicts, []);
      }),
      { numRuns: 60 },
    );
  });

  it('settles one item assessed on both sides the same way whichever side is ours', async () => {
    const ws = await setUpWorkspace();
    const base = ws.store.read(readSnapshot);
    const keys = [...base.items.keys()].sort();
    fc.assert(
      fc.property(change, change, (a, b) => {
        const ours = apply(base, keys, [{ ...a, item: 0 }]);
        const theirs = apply(base, keys, [{ ...b, item: 0 }]);
        const one = mergeSnapshots(base, ours, theirs);
        const other = mergeSnapshots(base, theirs, ours);
        assert.deepEqual(one.merged.items.get(keys[0] ?? ''), other.merged.items.get(keys[0] ?? ''));
        assert.equal(one.merged.history.length, other.merged.history.length);
      }),
      { numRuns: 60 },
    );
  });
});
