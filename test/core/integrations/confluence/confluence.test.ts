import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { todoHeader } from '../../../../src/core/domain/todo-list';
import { apiBase, ConfluenceClient } from '../../../../src/core/integrations/confluence/confluence-client';
import { meaningOf, type PageSections, spliceTodo } from '../../../../src/core/integrations/confluence/page-table';
import { HttpError } from '../../../../src/core/integrations/http-errors';
import { StalePageError } from '../../../../src/core/integrations/page-target';
import { ConfluenceFake, reserialise, SAMPLE_PAGE } from '../../../fakes/confluence-fake';

const sections: PageSections = {
  title: 'SRE To-Do List',
  summary: '<p>Generated <time datetime="2026-11-25" /> · new</p>',
  todo: '<table><tbody><tr><th><p>Key</p></th></tr><tr><td><p>NEW</p></td></tr></tbody></table>',
  campaignsHeading: 'Campaigns',
  campaigns: '<table><tbody><tr><th><p>Campaign</p></th></tr></tbody></table>',
  campaignsHeader: ['Campaign'],
  exemptionsHeading: 'Exemptions',
  exemptions: '<table><tbody><tr><th><p>Key</p></th><th><p>Reason</p></th></tr></tbody></table>',
  exemptionsHeader: ['Key', 'Reason'],
  section: '<h2>SRE To-Do List</h2><table>SECTION</table>',
  todoHeader: todoHeader('Rally'),
};

describe('finding and replacing the To-Do table', () => {
  it('replaces only the table under the heading (and its summary line); every other byte stays', () => {
    const { body, appended } = spliceTodo(SAMPLE_PAGE, sections);
    assert.equal(appended, false);
    const start = SAMPLE_PAGE.indexOf('<p>Generated <time datetime="2026-01-01" />');
    const end = SAMPLE_PAGE.indexOf('</tbody></table>', start) + '</tbody></table>'.length;
    assert.equal(
      body.slice(0, start),
      SAMPLE_PAGE.slice(0, start),
      'everything before is byte-identical (macros, mention, CDATA code block)',
    );
    assert.ok(body.endsWith(SAMPLE_PAGE.slice(end)), 'everything after is byte-identical');
    assert.match(
      body.slice(start),
      /^<p>Generated <time datetime="2026-11-25" \/> · new<\/p>\n<table><tbody><tr><th><p>Key<\/p><\/th><\/tr><tr><td><p>NEW<\/p>/,
    );
    assert.match(body, /<h3>Campaigns<\/h3>\n<table><tbody><tr><th><p>Campaign/);
    assert.ok(!body.includes('old/row/here'));
  });

  it('a second splice replaces the side tables it added instead of adding more', () => {
    const once = spliceTodo(SAMPLE_PAGE, sections).body;
    const twice = spliceTodo(once, {
      ...sections,
      campaigns: '<table><tbody><tr><th><p>Campaign</p></th></tr><tr><td><p>C2</p></td></tr></tbody></table>',
    }).body;
    assert.equal((twice.match(/<h3>Campaigns<\/h3>/g) ?? []).length, 1);
    assert.match(twice, /C2/);
    assert.equal(spliceTodo(once, sections).body, once, 'the same content splices to the same page');
  });

  it('is not fooled by a table inside a CDATA code block', () => {
    const page =
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<h2>SRE To-Do List</h2><table><tr><th>Key</th></tr></table> a > b]]></ac:plain-text-body></ac:structured-macro>\n<p>end</p>';
    const { body, appended } = spliceTodo(page, sections);
    assert.equal(appended, true);
    assert.ok(body.startsWith(page));
  });

  it('finds the table by its header row when no heading has the title, with header cells in <thead>', () => {
    const page =
      '<p>intro</p><table><thead><tr><th>Key</th><th>Flow</th><th>Asset</th><th>Capability</th><th>Pillar</th><th>Level</th><th>Status</th><th>Rally</th><th>Notes</th></tr></thead><tbody></tbody></table><p>outro &nbsp;</p>';
    const { body, appended } = spliceTodo(page, sections);
    assert.equal(appended, false);
    assert.ok(body.startsWith('<p>intro</p><p>Generated'));
    assert.ok(body.endsWith('<p>outro &nbsp;</p>'));
  });

  it('replaces a Not applicable table written under the old "Exemptions" heading, found by its header row (issue 28.16)', () => {
    const old =
      '<h2>SRE To-Do List</h2><table><tbody><tr><th><p>Key</p></th></tr></tbody></table>' +
      '<h3>Campaigns</h3><table><tbody><tr><th><p>Campaign</p></th></tr></tbody></table>' +
      '<h3>Exemptions</h3><table><tbody><tr><th><p>Key</p></th><th><p>Reason</p></th></tr><tr><td><p>a/b/c</p></td><td><p>old</p></td></tr></tbody></table>';
    const { body } = spliceTodo(old, { ...sections, exemptionsHeading: 'Not applicable' });
    assert.equal(body.match(/<th><p>Reason<\/p><\/th>/g)?.length, 1, 'one table, not a second one added');
    assert.ok(!body.includes('<p>old</p>'), 'the old rows are replaced');
  });

  it('sees no change in a page Confluence re-serialised (ids added, tags closed, entities decoded), only in what it says', () => {
    const ours = spliceTodo(SAMPLE_PAGE, {
      ...sections,
      todo: sections.todo.replace('NEW', 'it&#39;s &quot;new&quot;'),
    }).body;
    for (const deployment of ['cloud', 'datacenter'] as const) {
      const stored = reserialise(ours, deployment, 9);
      assert.notEqual(stored, ours, 'the fake rewrites what it stores');
      const again = spliceTodo(stored, {
        ...sections,
        summary: sections.summary.replace('2026-11-25', '2026-11-26'),
        todo: sections.todo.replace('NEW', 'it&#39;s &quot;new&quot;'),
      });
      assert.equal(again.unchanged, true, `${deployment}: same rows, another day: unchanged`);
      assert.equal(
        spliceTodo(stored, { ...sections, todo: sections.todo.replace('NEW', 'NEWER') }).unchanged,
        false,
        `${deployment}: a changed cell is a change`,
      );
      assert.equal(
        spliceTodo(stored, { ...sections, summary: sections.summary.replace('new', '3 red') }).unchanged,
        false,
        `${deployment}: changed counts are a change`,
      );
    }
    assert.notEqual(
      meaningOf('<td><p>a</p></td><td><p>b</p></td>'),
      meaningOf('<td><p>ab</p></td><td><p></p></td>'),
      'cell boundaries count',
    );
    assert.notEqual(
      meaningOf('<a href="https://r/#/1/detail/userstory/2">US1</a>'),
      meaningOf('<a href="https://r/#/detail/userstory/2">US1</a>'),
      'a link target counts',
    );
  });

  it('leaves one summary line before the table, however Confluence wrote the ones already there', () => {
    const table =
      '<table><tbody><tr><th><p>Key</p></th><th><p>Flow</p></th><th><p>Asset</p></th><th><p>Capability</p></th><th><p>Pillar</p></th><th><p>Level</p></th><th><p>Status</p></th><th><p>Rally</p></th><th><p>Notes</p></th></tr></tbody></table>';
    const page = `<h2 ac:local-id="a">SRE To-Do List</h2>\n<p ac:local-id="b">Generated <time datetime="2026-01-01"></time> · old</p>\n<p>Generated <time datetime="2026-01-02" /> · older</p>\n${table}`;
    const { body } = spliceTodo(page, sections);
    assert.equal((body.match(/Generated/g) ?? []).length, 1);
    assert.ok(
      body.startsWith('<h2 ac:local-id="a">SRE To-Do List</h2>\n<p>Generated <time datetime="2026-11-25" /> · new</p>'),
    );
  });

  it('takes a Cloud site URL with or without /wiki, and a Data Center URL with its context path as given', () => {
    assert.equal(apiBase('https://acme.atlassian.net', 'cloud'), 'https://acme.atlassian.net/wiki');
    assert.equal(apiBase('https://acme.atlassian.net/wiki/', 'cloud'), 'https://acme.atlassian.net/wiki');
    assert.equal(
      apiBase('https://intranet.example.com/confluence/', 'datacenter'),
      'https://intranet.example.com/confluence',
    );
  });

  it('appends the whole section to a page without the table', () => {
    assert.deepEqual(spliceTodo('<p>Just text</p>\n', sections), {
      body: '<p>Just text</p>\n<h2>SRE To-Do List</h2><table>SECTION</table>',
      appended: true,
      unchanged: false,
    });
  });
});

for (const deployment of ['cloud', 'datacenter'] as const) {
  describe(`Confluence client (${deployment})`, () => {
    const fake = new ConfluenceFake({ deployment });
    const client = (token = fake.token) =>
      new ConfluenceClient({
        baseUrl: fake.url,
        deployment,
        // Data Center: a personal access token alone, sent as Bearer (basic auth needs a username: tested below).
        username: deployment === 'cloud' ? fake.username : '',
        token,
        sleep: async () => undefined,
      });
    before(() => fake.start());
    after(() => fake.stop());

    it('reads the storage body and version, and writes version + 1 with a message', async () => {
      fake.addPage('123', 'Checkout SRE', SAMPLE_PAGE);
      const page = await client().getPage('123');
      assert.deepEqual([page.id, page.title, page.version, page.body], ['123', 'Checkout SRE', 7, SAMPLE_PAGE]);
      assert.equal(await client().updatePage(page, '<p>new</p>', 'sync'), 8);
      const saved = fake.pages.get('123')?.history.at(-1);
      assert.deepEqual([saved?.version, saved?.message, saved?.sent], [8, 'sync', '<p>new</p>']);
      const auth = fake.requests.at(-1)?.headers.authorization ?? '';
      assert.ok(deployment === 'cloud' ? auth.startsWith('Basic ') : auth === `Bearer ${fake.token}`);
    });

    it('surfaces 409 on a stale version, and clear errors for 401, 404 and 413', async () => {
      fake.addPage('200', 'P', '<p>x</p>');
      const page = await client().getPage('200');
      fake.failures.push('edit');
      // Data Center answers 409; Cloud documents only 400 for a stale version, with a message naming it: both are a stale page.
      await assert.rejects(
        client().updatePage(page, '<p>y</p>', 'm'),
        (e: unknown) =>
          e instanceof StalePageError &&
          e.cause instanceof HttpError &&
          e.cause.status === (deployment === 'cloud' ? 400 : 409),
      );
      await assert.rejects(
        client('bad-token-77').getPage('200'),
        (e: unknown) => e instanceof HttpError && e.status === 401 && !e.message.includes('bad-token-77'),
      );
      await assert.rejects(
        client().getPage('999'),
        /HTTP 404, not found \(or not visible to this account\): check the id/,
      );
      const fresh = await client().getPage('200');
      fake.failures.push(413);
      await assert.rejects(client().updatePage(fresh, '<p>z</p>', 'm'), /HTTP 413, the request is too large/);
      await assert.rejects(client().getPage('abc'), /page id "abc" is not a number/);
    });
  });
}

describe('Confluence Data Center credentials (issue 26)', () => {
  const fake = new ConfluenceFake({ deployment: 'datacenter' });
  before(() => fake.start());
  after(() => fake.stop());
  const dc = (username: string, token: string) =>
    new ConfluenceClient({
      baseUrl: fake.url,
      deployment: 'datacenter',
      username,
      token,
      sleep: async () => undefined,
    });

  it('takes basic auth with a username, and says a refused token was not accepted where the site reads it as anonymous', async () => {
    fake.addPage('310', 'Ops', '<p>x</p>');
    assert.equal((await dc(fake.username, fake.token).getPage('310')).title, 'Ops');
    assert.equal(
      fake.requests.at(-1)?.headers.authorization,
      `Basic ${Buffer.from(`${fake.username}:${fake.token}`).toString('base64')}`,
    );
    fake.anonymousAccess = true;
    await assert.rejects(
      dc('', 'expired-token-000').getPage('310'),
      /the token was not accepted \(the server answered as to an anonymous reader\)/,
    );
    await assert.rejects(dc('', fake.token).getPage('999'), /HTTP 404/, 'a page that is really missing is still a 404');
    fake.anonymousAccess = false;
  });
});
