import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { contentSecurityPolicy } from '../../src/extension/webview-csp';
import { ASSESSMENT_PARAMS, type AssessmentRequests } from '../../src/shared/assessment-protocol';
import { DASHBOARD_PARAMS, type DashboardRequests } from '../../src/shared/dashboard-protocol';
import { parseRequest } from '../../src/shared/protocol';
import { DEFAULT_THRESHOLDS, type StatusRules } from '../../src/shared/status';
import { currentAnswers, errorField, isDirty, liveResult } from '../../webview-ui/assessment-logic';

const parse = (m: unknown) => parseRequest<AssessmentRequests>(m, ASSESSMENT_PARAMS);

describe('webview message validation', () => {
  it('accepts well-formed requests of each type', () => {
    assert.deepEqual(parse({ id: 1, type: 'ready', params: {} }), { request: { id: 1, type: 'ready', params: {} } });
    const save = parse({
      id: 2,
      type: 'save',
      params: { answers: { 'Q?': true }, notes: '<b>x</b>', evidenceUrl: '', fromEvidence: {} },
    });
    assert.ok('request' in save);
    assert.ok(
      'request' in
        parseRequest<DashboardRequests>(
          { id: 3, type: 'openAssessment', params: { key: 'a/b/c', folder: 0 } },
          DASHBOARD_PARAMS,
        ),
    );
  });

  it("checks the dashboard's choices and folder index as typed fields", () => {
    const dash = (params: unknown) =>
      parseRequest<DashboardRequests>({ id: 9, type: 'exportReport', params }, DASHBOARD_PARAMS);
    assert.ok('request' in dash({ format: 'csv' }));
    assert.deepEqual(dash({ format: 'pdf' }), { error: 'exportReport: format must be one of html, csv', id: 9 });
    const open = parseRequest<DashboardRequests>(
      { id: 9, type: 'openAssessment', params: { key: 'a/b/c', folder: '0' } },
      DASHBOARD_PARAMS,
    );
    assert.deepEqual(open, { error: 'openAssessment: folder must be a whole number from 0 to 10000', id: 9 });
  });

  it('refuses anything else, saying why, and keeps the id to answer with when there is one', () => {
    const cases: [unknown, string][] = [
      ['hello', 'message is not an object'],
      [{ type: 'ready' }, 'message has no numeric id'],
      [{ id: 1.5, type: 'ready' }, 'message has no numeric id'],
      [{ id: 1, type: 'deleteEverything', params: {} }, 'unknown request type "deleteEverything"'],
      [{ id: 1, type: 'toString', params: {} }, 'unknown request type "toString"'],
      [{ id: 1, type: 'ready', params: { extra: 1 } }, 'ready: expects no parameters'],
      [{ id: 1, type: 'save', params: [] }, 'save: params must be an object'],
      [
        { id: 1, type: 'save', params: { answers: { q: 'yes' }, notes: '', evidenceUrl: '', fromEvidence: {} } },
        'save: every answer must be true or false',
      ],
      [
        { id: 1, type: 'save', params: { answers: {}, notes: 3, evidenceUrl: '', fromEvidence: {} } },
        'save: notes must be text',
      ],
      [
        { id: 1, type: 'save', params: { answers: {}, notes: 'x'.repeat(20_001), evidenceUrl: '', fromEvidence: {} } },
        'save: notes is longer than 20000 characters',
      ],
      [{ id: 1, type: 'markNotApplicable', params: { reason: 'r' } }, 'markNotApplicable: until must be text'],
      [
        { id: 1, type: 'markNotApplicable', params: { reason: 'r', until: '', admin: true } },
        'markNotApplicable: unknown parameter "admin"',
      ],
      // Numbers, booleans and choices are typed fields, never text a handler parses (issue 25).
      [
        { id: 1, type: 'draft', params: { answers: {}, notes: '', evidenceUrl: '', dirty: 'yes' } },
        'draft: dirty must be true or false',
      ],
      [
        { id: 1, type: 'openEvidence', params: { file: 'a', line: '3' } },
        'openEvidence: line must be a whole number from 1 to 10000000',
      ],
      [
        { id: 1, type: 'openEvidence', params: { file: 'a', line: 0 } },
        'openEvidence: line must be a whole number from 1 to 10000000',
      ],
      [
        { id: 1, type: 'openEvidence', params: { file: 'a', line: 2.5 } },
        'openEvidence: line must be a whole number from 1 to 10000000',
      ],
    ];
    for (const [message, error] of cases) {
      const r = parse(message);
      assert.ok('error' in r, JSON.stringify(message));
      assert.equal(r.error, error);
    }
    assert.deepEqual(parse({ id: 9, type: 'nope' }), { error: 'unknown request type "nope"', id: 9 });
  });
});

describe('webview content security policy', () => {
  it('allows nothing by default and scripts only with the nonce', () => {
    const csp = contentSecurityPolicy('https://csp.source', 'abc123');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });
});

describe('assessment webview logic', () => {
  const levels = [
    { level: 1, name: 'Initial', criteria: '', questions: ['a'] },
    { level: 2, name: 'Repeatable', criteria: '', questions: ['b', 'c'] },
    { level: 3, name: 'Defined', criteria: '', questions: ['d'] },
    { level: 4, name: 'Optimized', criteria: '', questions: ['e'] },
  ];
  const targets: StatusRules = { mode: 'targets', thresholds: DEFAULT_THRESHOLDS, today: '2026-11-25' };

  it('computes the level, its status against the target and the next step as answers change', () => {
    assert.deepEqual(
      liveResult(levels, {}, 3, targets),
      { level: 0, status: 'Not assessed', nextLevel: 1, unanswered: 5 },
      'nothing answered',
    );
    assert.deepEqual(
      liveResult(levels, { a: false }, 3, targets),
      { level: 0, status: 'Red', nextLevel: 1, unanswered: 4 },
      'a "no" is an answer',
    );
    assert.deepEqual(liveResult(levels, { a: true, b: true, c: true }, 3, targets), {
      level: 2,
      status: 'Amber',
      nextLevel: 3,
      unanswered: 2,
    });
    assert.deepEqual(liveResult(levels, { a: true, b: true, c: true, d: true, e: true }, 3, targets), {
      level: 4,
      status: 'Green',
      nextLevel: undefined,
      unanswered: 0,
    });
    assert.equal(
      liveResult(levels, { a: true, b: true, c: true }, null, { ...targets, mode: 'thresholds' }).status,
      'Amber',
    );
  });

  it('keeps only answers to questions still in the model', () => {
    assert.deepEqual(currentAnswers(levels, { a: true, gone: true, b: false }), { a: true, b: false });
  });

  it('ties an error to the field it is about', () => {
    assert.equal(errorField('evidence link "javascript:x" must start with https:// or http://'), 'evidence');
    assert.equal(errorField('a reason is required to mark an item Not applicable'), 'reason');
    assert.equal(errorField('review date "2026-13-01" is not a date (YYYY-MM-DD)'), 'until');
    assert.equal(errorField('the database is locked'), undefined);
  });

  it('calls the page dirty when an answer, the notes or the link differ from what is saved', () => {
    const saved = { answers: { a: true, gone: true }, notes: 'n', evidenceUrl: '' };
    assert.equal(
      isDirty(levels, saved, { answers: { a: true }, notes: 'n', evidenceUrl: '' }),
      false,
      'an answer to a removed question is no change',
    );
    assert.equal(isDirty(levels, saved, { answers: { a: false }, notes: 'n', evidenceUrl: '' }), true);
    assert.equal(
      isDirty(levels, saved, { answers: { a: true, b: false }, notes: 'n', evidenceUrl: '' }),
      true,
      'a new "no"',
    );
    assert.equal(isDirty(levels, saved, { answers: { a: true }, notes: 'n2', evidenceUrl: '' }), true);
    assert.equal(isDirty(levels, saved, { answers: { a: true }, notes: 'n', evidenceUrl: 'https://x' }), true);
  });
});
