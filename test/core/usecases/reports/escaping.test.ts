import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';

import { neutralise, toCsv } from '../../../../src/core/domain/csv-write';
import { type ItemView } from '../../../../src/core/domain/items';
import { countStatuses } from '../../../../src/core/domain/summary';
import { type ReportData, todoHeader } from '../../../../src/core/domain/todo-list';
import { exemptionsTable, todoTable } from '../../../../src/core/integrations/confluence/storage-format';
import { wikiPage } from '../../../../src/core/integrations/confluence/wiki-markup';
import { escapeWiki, wikiUrl } from '../../../../src/core/integrations/wiki-text';

const anyText = fc.string({ unit: 'binary', maxLength: 60 });

function item(fields: { flow: string; asset: string; capability: string; notes: string; reason: string }): ItemView {
  return {
    key: 'f/a/c',
    flowKey: 'f',
    flowName: fields.flow,
    assetKey: 'a',
    assetName: fields.asset,
    owner: '',
    tier: 1,
    kind: '',
    capabilityKey: 'c',
    level: 1,
    answersJson: null,
    notes: fields.notes,
    evidenceUrl: '',
    assessedAt: null,
    assessedBy: null,
    // A link with hostile text and a hostile URL: both must come out escaped.
    link: fields.notes.slice(0, 8)
      ? {
          tracker: 'rally',
          id: '1',
          displayId: fields.notes.slice(0, 8),
          url: `https://r/#/${fields.reason.slice(0, 10)}`,
          state: fields.reason.slice(0, 10),
          done: false,
        }
      : null,
    remediationDoneAt: null,
    exemptReason: fields.reason,
    exemptUntil: null,
    evidenceChanged: null,
    notApplicableRequest: null,
    evidenceQuestions: [],
    capability: { key: 'c', name: fields.capability, pillar: fields.flow, levels: [] },
    pillar: fields.flow,
    target: 3,
    status: 'Red',
    stale: false,
    due: false,
    expiresOn: null,
  };
}

function data(items: ItemView[]): ReportData {
  return {
    items,
    counts: countStatuses(items),
    todo: items,
    exemptions: items,
    campaigns: [],
    progress: [],
    generatedOn: '2026-11-25',
    trackerName: 'Rally',
  };
}

const fields = fc.record({ flow: anyText, asset: anyText, capability: anyText, notes: anyText, reason: anyText });

/** Splits a wiki table row on the pipes that are not escaped; the status macro's own pipe is inside braces. */
function wikiCells(row: string): string[] {
  return row
    .replace(/\{status:colour=\w+\|title=[A-Z ]+\}/g, 'STATUS')
    .slice(1, -1)
    .split(/(?<!\\)\|/);
}

describe('escaping survives any text', () => {
  it('CSV: every cell parses back as written (formula starts neutralised)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyText, { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const parsed = parse(toCsv(['a', 'b', 'c'], rows), { columns: false, relax_quotes: false }) as string[][];
        assert.deepEqual(
          parsed.slice(1),
          rows.map((r) => r.map(neutralise)),
        );
      }),
    );
  });

  it('CSV: byte for byte what csv-stringify wrote before (RFC 4180 quoting, CRLF, a final line break)', () => {
    const cells = fc.array(fc.oneof(anyText, fc.constantFrom('', ',', '"', '\r\n', '\n', '\r', ' a ', "'")), {
      minLength: 3,
      maxLength: 3,
    });
    fc.assert(
      fc.property(cells, fc.array(cells, { maxLength: 4 }), (header, rows) => {
        const before = stringify(
          rows.map((r) => r.map(neutralise)),
          { header: true, columns: header, record_delimiter: '\r\n', quoted_match: /[",\r\n]/ },
        );
        assert.equal(toCsv(header, rows), before);
      }),
    );
  });

  it('CSV: no cell starts with a formula character after neutralising', () => {
    fc.assert(fc.property(anyText, (t) => !/^[=+\-@\t\r]/.test(neutralise(t))));
  });

  it('wiki markup: every To-Do row keeps its column count and no text opens a macro or link', () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 3 }), (rows) => {
        const page = wikiPage(data(rows.map((r) => ({ ...item(r), link: null }))), 'SRE To-Do List');
        const lines = page.split('\n');
        const start = lines.findIndex((l) => l.startsWith('||Key||'));
        const tableRows = lines.slice(start + 1, start + 1 + rows.length);
        for (const row of tableRows) {
          assert.equal(wikiCells(row).length, todoHeader('Rally').length, row);
          const withoutStatus = row.replace(/\{status:colour=\w+\|title=RED\}/, '');
          assert.doesNotMatch(withoutStatus, /(?<!\\)[{[]/, `unescaped macro or link in ${row}`);
        }
      }),
    );
  });

  it('wiki markup: a hostile link URL cannot end its link or open a macro (issue 24.12)', () => {
    const hostile = `https://rally.example/#/1]{html}<script>alert(1)</script>{html}[x|y`;
    assert.equal(
      wikiUrl(hostile),
      'https://rally.example/#/1%5D%7Bhtml%7D%3Cscript%3Ealert(1)%3C/script%3E%7Bhtml%7D%5Bx%7Cy',
    );
    assert.equal(wikiUrl('javascript:alert(1)'), undefined, 'only http(s) is a link');
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 3 }), anyText, (rows, tail) => {
        const items = rows.map((r) => ({
          ...item(r),
          link: {
            tracker: 'rally' as const,
            id: '1',
            displayId: 'US1',
            url: `https://r.example/#/${tail}`,
            state: null,
            done: false,
          },
        }));
        const page = wikiPage(data(items), 'SRE To-Do List');
        const lines = page.split('\n');
        const start = lines.findIndex((l) => l.startsWith('||Key||'));
        for (const row of lines.slice(start + 1, start + 1 + rows.length)) {
          const link = /\[US1\|([^\]]*)\]/.exec(row);
          assert.ok(link, `the link is whole in ${row}`);
          assert.doesNotMatch(link[1] ?? '', /[|{}[\]\s]/);
          assert.equal(wikiCells(row.replace(link[0], 'LINK')).length, todoHeader('Rally').length, row);
        }
      }),
    );
  });

  it('wiki markup: a cell is never empty and never ends in a backslash', () => {
    fc.assert(fc.property(anyText, (t) => escapeWiki(t).length > 0 && !escapeWiki(t).endsWith('\\')));
  });

  it('storage format: the To-Do and exemption tables are well-formed XML whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 3 }), (rows) => {
        const d = data(rows.map(item));
        for (const table of [todoTable(d), exemptionsTable(d)]) {
          const result = XMLValidator.validate(`<root xmlns:ac="urn:ac" xmlns:ri="urn:ri">${table}</root>`);
          assert.equal(result, true, JSON.stringify(result));
        }
      }),
    );
  });
});
