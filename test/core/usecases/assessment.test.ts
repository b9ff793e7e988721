import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { closeMatches, pickName } from '../../../src/core/domain/item-lookup';
import { answersOf } from '../../../src/core/domain/items';
import { type Capability } from '../../../src/core/domain/model';
import { readHistory } from '../../../src/core/storage/catalog';
import { checkEvidenceUrl, saveAssessment, undoAssessment } from '../../../src/core/usecases/assessment';
import {
  answersForLevel,
  answersFromList,
  levelFromAnswers,
  openQuestionsOfNextLevel,
} from '../../../src/shared/maturity';
import { DEFAULT_THRESHOLDS, ragOf, type StatusRules } from '../../../src/shared/status';
import { setUpWorkspace } from '../../helpers/workspace';

const cap: Capability = {
  key: 'c',
  name: 'C',
  pillar: 'P',
  levels: [
    { level: 1, name: 'Initial', criteria: 'c1', questions: ['a'] },
    { level: 2, name: 'Repeatable', criteria: 'c2', questions: ['b', 'c'] },
    { level: 3, name: 'Defined', criteria: 'c3', questions: ['d'] },
    { level: 4, name: 'Optimized', criteria: 'c4', questions: ['e'] },
  ],
};

const thresholds: StatusRules = { mode: 'thresholds', thresholds: DEFAULT_THRESHOLDS, today: '2026-11-25' };

describe('level from answers', () => {
  it('reaches level 4 when every question is yes', () => {
    assert.equal(levelFromAnswers(cap, { a: true, b: true, c: true, d: true, e: true }), 4);
  });

  it('stops at the first level with a no, even when higher levels are yes', () => {
    assert.equal(levelFromAnswers(cap, { a: true, b: true, c: false, d: true, e: true }), 1);
    assert.equal(levelFromAnswers(cap, { a: false, b: true, c: true, d: true, e: true }), 0);
  });

  it('is level 0 when nothing is answered, and an unanswered question counts as not yes', () => {
    assert.equal(levelFromAnswers(cap, {}), 0);
    assert.equal(levelFromAnswers(cap, { a: true, b: true }), 1);
  });

  it('maps answers given in model order, and refuses the wrong count', () => {
    assert.deepEqual(answersFromList(cap, [true, true, true, false, true]), {
      a: true,
      b: true,
      c: true,
      d: false,
      e: true,
    });
    assert.throws(() => answersFromList(cap, [true]), /C has 5 questions; 1 answers were given/);
    assert.equal(levelFromAnswers(cap, answersForLevel(cap, 2)), 2);
  });

  it('lists the questions of the next level not yet answered yes', () => {
    assert.deepEqual(openQuestionsOfNextLevel(cap, 1, { a: true, b: true, c: false }), ['c']);
    assert.deepEqual(openQuestionsOfNextLevel(cap, 4, {}), []);
  });
});

describe('thresholds', () => {
  it('maps levels 0-1 to Red, 2 to Amber, 3-4 to Green by default', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => ragOf(l, undefined, thresholds)),
      ['Red', 'Red', 'Amber', 'Green', 'Green'],
    );
  });

  it('follows configured thresholds', () => {
    const strict: StatusRules = { ...thresholds, thresholds: { amberFrom: 3, greenFrom: 4 } };
    assert.deepEqual(
      [2, 3, 4].map((l) => ragOf(l, undefined, strict)),
      ['Red', 'Amber', 'Green'],
    );
  });

  it('makes level 0 Red whenever anything is expected, so every target has a level that makes a story', () => {
    const targets: StatusRules = { ...thresholds, mode: 'targets' };
    assert.deepEqual(
      [0, 1].map((l) => ragOf(l, 1, targets)),
      ['Red', 'Green'],
      'target 1: nothing in place is Red, not Amber',
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((l) => ragOf(l, 3, targets)),
      ['Red', 'Red', 'Amber', 'Green'],
    );
    assert.deepEqual(
      [0, 1].map((l) => ragOf(l, 0, targets)),
      ['Green', 'Green'],
      'target 0 expects nothing',
    );
    const lenient: StatusRules = { ...thresholds, thresholds: { amberFrom: 0, greenFrom: 1 } };
    assert.deepEqual(
      [0, 1].map((l) => ragOf(l, undefined, lenient)),
      ['Red', 'Green'],
    );
  });
});

describe('saving an assessment', () => {
  it('writes the item and one history row; a re-assessment starts from the previous answers', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items().find((i) => i.key === 'checkout/web/monitoring-alerting');
    assert.ok(item);
    const answers = answersForLevel(item.capability, 2);
    const at = new Date('2026-11-20T10:00:00Z');
    assert.deepEqual(
      saveAssessment(ws.store, {
        itemKey: item.key,
        capability: item.capability,
        answers,
        notes: 'paged twice',
        evidenceUrl: 'https://wiki/x',
        by: 'ana',
        at,
      }),
      { level: 2 },
    );
    const saved = ws.items().find((i) => i.key === item.key);
    assert.equal(saved?.level, 2);
    assert.deepEqual(saved && answersOf(saved), answers, 'previous answers come back for prefill');
    assert.equal(saved?.notes, 'paged twice');
    assert.equal(saved?.assessedBy, 'ana');
    assert.equal(saved?.assessedAt, at.toISOString());
    const history = ws.store.read((db) => readHistory(db, item.key));
    assert.deepEqual(
      history.map((h) => [h.kind, h.level, h.by, h.notes]),
      [['assessment', 2, 'ana', 'paged twice']],
    );
  });

  it('refuses an evidence link that is not a web address, writing nothing', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items()[0];
    assert.ok(item);
    assert.throws(
      () =>
        saveAssessment(ws.store, {
          itemKey: item.key,
          capability: item.capability,
          answers: {},
          notes: '',
          evidenceUrl: 'javascript:alert(1)',
          by: 'x',
          at: new Date(),
        }),
      /must start with https:\/\//,
    );
    assert.equal(ws.store.read((db) => readHistory(db)).length, 0);
    assert.equal(checkEvidenceUrl(' https://ok.example/a '), 'https://ok.example/a');
  });

  it('refuses an unknown item', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items()[0];
    assert.ok(item);
    assert.throws(
      () =>
        saveAssessment(ws.store, {
          itemKey: 'no/such/item',
          capability: item.capability,
          answers: {},
          notes: '',
          evidenceUrl: '',
          by: 'x',
          at: new Date(),
        }),
      /no item "no\/such\/item"/,
    );
  });
});

describe('name lookup', () => {
  it('matches by key regardless of case and punctuation, and suggests close names', () => {
    assert.equal(pickName('asset', 'Payments API', ['web', 'payments-api']), 'payments-api');
    assert.deepEqual(closeMatches('paymnts-api', ['web', 'payments-api', 'db']), ['payments-api']);
    assert.throws(
      () => pickName('capability', 'monitoring', ['Monitoring & Alerting', 'Logging & Tracing']),
      /unknown capability "monitoring"; did you mean "Monitoring & Alerting"\?/,
    );
  });
});

describe('undo of an assessment', () => {
  it('puts the item back to the assessment before, records the undo in the history, and undoes the undo', async () => {
    const ws = await setUpWorkspace();
    const item = ws.items()[0];
    assert.ok(item);
    const save = (level: number, notes: string, at: string) =>
      saveAssessment(ws.store, {
        itemKey: item.key,
        capability: item.capability,
        answers: answersForLevel(item.capability, level),
        notes,
        evidenceUrl: '',
        by: 'ana',
        at: new Date(at),
      });
    save(1, 'first look', '2026-11-01T10:00:00Z');
    save(3, 'oops, wrong asset', '2026-11-20T10:00:00Z');
    const undone = undoAssessment(ws.store, { itemKey: item.key, by: 'bo', at: new Date('2026-11-20T10:05:00Z') });
    assert.deepEqual(undone, { level: 1, undone: { at: '2026-11-20T10:00:00.000Z', by: 'ana' } });
    const back = ws.item(item.key);
    assert.deepEqual(
      [back?.level, back?.notes, back?.assessedAt, back?.assessedBy],
      [1, 'first look', '2026-11-01T10:00:00.000Z', 'ana'],
      'level, notes, who and when of the assessment before',
    );
    assert.deepEqual(back && answersOf(back), answersForLevel(item.capability, 1));
    const history = ws.store.read((db) => readHistory(db, item.key));
    assert.deepEqual(
      history.map((h) => [h.kind, h.level, h.by]),
      [
        ['assessment', 1, 'ana'],
        ['assessment', 3, 'ana'],
        ['assessment', 1, 'bo'],
      ],
    );
    assert.match(
      history[2]?.detail ?? '',
      /^undo of the assessment of 2026-11-20T10:00:00.000Z by ana: back to level 1 of 2026-11-01/,
    );
    undoAssessment(ws.store, { itemKey: item.key, by: 'bo', at: new Date('2026-11-20T10:06:00Z') });
    assert.equal(ws.item(item.key)?.level, 3, 'undoing the undo restores what was undone');
  });

  it('takes a first assessment back to not assessed, and refuses an item never assessed', async () => {
    const ws = await setUpWorkspace();
    const [item, other] = ws.items();
    assert.ok(item && other);
    saveAssessment(ws.store, {
      itemKey: item.key,
      capability: item.capability,
      answers: answersForLevel(item.capability, 2),
      notes: 'n',
      evidenceUrl: '',
      by: 'ana',
      at: new Date(),
    });
    assert.equal(undoAssessment(ws.store, { itemKey: item.key, by: 'ana', at: new Date() }).level, null);
    const back = ws.item(item.key);
    assert.deepEqual([back?.level, back?.status, back?.notes, back?.assessedAt], [null, 'Not assessed', '', null]);
    assert.throws(
      () => undoAssessment(ws.store, { itemKey: other.key, by: 'ana', at: new Date() }),
      /has no assessment to undo/,
    );
  });
});
