// Asset kinds and the capabilities and questions scoped to them (issue 37).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseFlows } from '../../../src/core/domain/flows';
import { capabilityFor, fits } from '../../../src/core/domain/kinds';
import { parseMaturityModel, questionsOf } from '../../../src/core/domain/model';
import { type SreError } from '../../../src/core/errors';

const HEADER = 'pillar,capability,level,level_name,criteria,question,evidence,applies_to\n';
const levels = (capability: string, scope: string, narrowed = '') =>
  [1, 2, 3, 4]
    .map(
      (l) => `P,${capability},${l},L${l},c,${capability} question ${l}?,,${l === 1 ? scope : l === 3 ? narrowed : ''}`,
    )
    .join('\n');

describe('asset kinds (issue 37)', () => {
  it('fits a kind to a scope: kinds named, kinds left out with !, and everything when either is empty', () => {
    assert.equal(fits(['service', 'frontend'], 'service'), true);
    assert.equal(fits(['service', 'frontend'], 'database'), false);
    assert.equal(fits(['!database'], 'service'), true);
    assert.equal(fits(['!database'], 'database'), false);
    assert.equal(fits(['!database'], 'my-own-kind'), true, 'a kind nobody listed fits "every kind but"');
    assert.equal(fits([], 'database'), true);
    assert.equal(fits(['service'], ''), true, 'an asset with no kind is asked everything, as before kinds');
  });

  it("takes a capability's scope from its first row and narrows a question from another row", () => {
    const model = parseMaturityModel(
      `${HEADER}${levels('Release', 'service;frontend', 'service')}\n${levels('Backups', '!frontend')}\n`,
      'm.csv',
    );
    const [release, backups] = model.capabilities;
    assert.ok(release && backups);
    assert.equal(capabilityFor(release, 'database'), undefined, 'not applicable by the model');
    const forFrontend = capabilityFor(release, 'frontend');
    assert.deepEqual(
      forFrontend && questionsOf(forFrontend).map((q) => q.level),
      [1, 2, 4],
      'the level-3 question is for services only: not asked, not counted',
    );
    assert.equal(capabilityFor(release, 'service'), capabilityFor(release, 'service'), 'cached per kind');
    assert.equal(capabilityFor(backups, 'frontend'), undefined);
    assert.equal(capabilityFor(backups, 'database'), backups, 'nothing narrowed: the same object');
  });

  it('names a bad kind or scope with its file, line and column', () => {
    assert.throws(
      () => parseFlows('flow,asset,kind\nCheckout,db,big database\n', 'flows.csv'),
      (e: SreError) => /flows\.csv line 2, column kind: kind "big database" is not one short word/.test(e.message),
    );
    assert.throws(
      () => parseMaturityModel(`${HEADER}${levels('Release', 'service;!!db')}\n`, 'm.csv'),
      (e: SreError) => /m\.csv line 2, column applies_to: "!!db" is not a kind/.test(e.message),
    );
    assert.deepEqual(
      parseFlows('flow,asset,kind\nCheckout,db,Database\nCheckout,web,\n', 'flows.csv')[0]?.assets.map((a) => a.kind),
      ['database', ''],
    );
  });
});
