/** Where each level came from (issue 38 §4), and how a heatmap cell says it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Capability } from '../../../src/core/domain/model';
import {
  answerProvenance,
  mixText,
  type ProvenanceInput,
  provenanceMix,
  restsOnAttestation,
} from '../../../src/core/domain/provenance';
import { cellLabel } from '../../../src/shared/heatmap-view';

const CAPABILITY: Capability = {
  key: 'redundancy',
  name: 'Redundancy',
  pillar: 'Resilience',
  levels: [
    { level: 1, name: 'a', criteria: '', questions: ['Two replicas?'] },
    { level: 2, name: 'b', criteria: '', questions: ['A PDB?', 'Spread over zones?'] },
    { level: 3, name: 'c', criteria: '', questions: ['Failover drilled?'] },
    { level: 4, name: 'd', criteria: '', questions: ['Automated failover?'] },
  ],
};
const ANSWERS = JSON.stringify({
  'Two replicas?': true,
  'A PDB?': true,
  'Spread over zones?': true,
  'Failover drilled?': true,
  'Automated failover?': false,
});
const item = (fields: Partial<ProvenanceInput>): ProvenanceInput => ({
  level: 3,
  capability: CAPABILITY,
  answersJson: ANSWERS,
  evidenceQuestions: ['Two replicas?', 'A PDB?'],
  assessedBy: 'ann',
  stale: false,
  ...fields,
});

describe('where each level came from (issue 38)', () => {
  it('counts each yes up to the level: from evidence, a person’s word, the assistant’s, or stale', () => {
    assert.deepEqual(
      answerProvenance(item({})).map((a) => a.provenance),
      ['evidence', 'evidence', 'attested', 'attested'],
    );
    assert.equal(mixText(3, provenanceMix(item({}))), 'L3: 2 answers from evidence, 2 attested');
    const byAssistant = provenanceMix(item({ assessedBy: 'ann (via AI assistant)', evidenceQuestions: ['A PDB?'] }));
    assert.equal(mixText(3, byAssistant), 'L3: 1 answer from evidence, 3 by the assistant');
    assert.equal(restsOnAttestation(byAssistant), true);
    assert.equal(restsOnAttestation(provenanceMix(item({}))), false, 'as much evidence as word is not "mostly"');
    assert.equal(mixText(3, provenanceMix(item({ stale: true }))), 'L3: 4 stale');
    assert.equal(mixText(0, provenanceMix(item({ level: 0 }))), '', 'nothing holds level 0 up');
    assert.deepEqual(
      answerProvenance(item({ level: 1 })).map((a) => a.question),
      ['Two replicas?'],
      'only the answers the level rests on',
    );
  });

  it('a heatmap cell says it after its status, and says when re-attestation is due', () => {
    const cell = { key: 'k', level: 3, target: 3, status: 'Green' as const, stale: false, due: true };
    assert.equal(
      cellLabel({ flow: 'Checkout', asset: 'api' }, 'Redundancy', {
        ...cell,
        provenance: 'L3: 2 answers from evidence, 2 attested',
      }),
      'Checkout / api / Redundancy: Green, level 3 · target 3, re-attestation due; L3: 2 answers from evidence, 2 attested',
    );
    assert.equal(
      cellLabel({ flow: 'Checkout', asset: 'api' }, 'Redundancy', { ...cell, stale: true, provenance: '' }),
      'Checkout / api / Redundancy: Green, level 3 · target 3, stale',
    );
  });
});
