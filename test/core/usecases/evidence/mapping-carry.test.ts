import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';

import { csvCells } from '../../../../src/core/domain/csv-cells';
import { defaultSettings } from '../../../../src/core/integrations/settings';
import { mappingKey } from '../../../../src/core/storage/mappings-offered';
import { readSnapshot } from '../../../../src/core/storage/snapshot';
import { addedKind } from '../../../../src/core/usecases/evidence/kinds';
import { carryMappings, type Mapping } from '../../../../src/core/usecases/evidence/mapping-carry';
import { mergeSnapshots } from '../../../../src/core/usecases/merge/merge-snapshots';
import { setupWorkspace } from '../../../../src/core/usecases/setup';
import { Workspace } from '../../../../src/core/workspace';
import { assessAtLevel, setUpWorkspace } from '../../../helpers/workspace';

const FAILOVER = 'Is failover automatic and tested at least once a year?';
const drill: Mapping = { question: FAILOVER, kind: addedKind('failover-drills') };

describe('evidence mappings carried into existing models (issue 45)', () => {
  it('reads cells as a CSV reader does: quotes, doubled quotes, commas and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n"x, ""y""","line\nbreak",z\n\n1,,3';
    const records = csvCells(text);
    assert.deepEqual(
      records.map((r) => r.map((c) => c.value)),
      [
        ['a', 'b', 'c'],
        ['x, "y"', 'line\nbreak', 'z'],
        ['1', '', '3'],
      ],
    );
    const [, second] = records;
    assert.equal(text.slice(second?.[2]?.start, second?.[2]?.end), 'z');
  });

  it('adds a kind to the question it supports and changes no other byte of the file', () => {
    const model = `\uFEFFpillar,capability,level,level_name,criteria,question,evidence,applies_to\r
Resilience,"Redundancy, Failover",3,Defined,"Failover is ""automatic""
and tested",${FAILOVER},,\r
Resilience,Backups,1,Initial,Backed up,Are backups taken?,backups,\r
`;
    const carried = carryMappings(model, [drill, { question: 'Are backups taken?', kind: 'backups' }], new Set());
    assert.equal(
      carried.text,
      model.replace(`${FAILOVER},,`, `${FAILOVER},failover-drills,`),
      'only the evidence cell changed',
    );
    assert.deepEqual(carried.added, [drill]);
    assert.equal(carried.offered.length, 2, 'both questions are there: both mappings count as offered');
    assert.deepEqual(carryMappings(carried.text, [drill], new Set()).added, [], 'a second run adds nothing');
    assert.deepEqual(
      carryMappings(model, [drill], new Set([mappingKey(drill)])).added,
      [],
      'offered once, never again: the team may have taken it out',
    );
    const noColumn = 'pillar,capability,level,level_name,criteria,question\nR,C,1,I,c,Q?\n';
    assert.equal(carryMappings(noColumn, [{ ...drill, question: 'Q?' }], new Set()).text, noColumn);
  });

  it('setup carries a mapping into a workspace once, keeps its answers, and a merge keeps what either side was offered', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,web,1\n' });
    assessAtLevel(ws, ['checkout/web/redundancy-failover'], 3);
    const before = ws.item('checkout/web/redundancy-failover');
    const file = ws.file('model');
    // A workspace from before the built-in model mapped replicas to this question: its model lacks the mapping, and
    // its database (a version without the record) says nothing was offered.
    const question = 'Does the asset run redundantly across at least two failure domains such as hosts or zones?';
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`${question},replicas;`, `${question},`));
    ws.store.write((db) => db.run('DELETE FROM mappings_offered'));
    const first = await setupWorkspace({ dir: ws.dir });
    assert.deepEqual(first.mappingsAdded, [{ question, kind: 'replicas' }]);
    assert.ok(fs.readFileSync(file, 'utf8').includes(`${question},topology-spread;disruption-budget;replicas,`));
    const after = await Workspace.open(ws.dir, defaultSettings());
    assert.equal(after.item('checkout/web/redundancy-failover')?.level, before?.level, 'answers untouched');
    // The team takes it out again: the next setup leaves it out.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(';replicas,', ','));
    assert.deepEqual((await setupWorkspace({ dir: ws.dir })).mappingsAdded, []);
    const theirs = after.store.read(readSnapshot);
    const replicas = mappingKey({ question, kind: 'replicas' });
    assert.ok(theirs.mappingsOffered.has(replicas));
    const nothing = { ...theirs, mappingsOffered: new Set<string>() };
    const { merged } = mergeSnapshots(nothing, nothing, theirs);
    assert.ok(merged.mappingsOffered.has(replicas), 'offered on one side is offered after the merge');
  });
});
