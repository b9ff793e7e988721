/**
 * The loop the product promises, through the CLI and fakes that behave like the vendors document: report →
 * Rally's CSV import (which drops parent and tags) → sync links and adopts → nothing new writes nothing →
 * a story accepted in Rally → its item Done and one new page version → report no longer lists linked items.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import { nameHasKey } from '../../../../src/core/domain/item-keys';
import { RALLY_NAME_LIMIT } from '../../../../src/core/integrations/rally/rally-tracker';
import { ConfluenceFake, SAMPLE_PAGE } from '../../../fakes/confluence-fake';
import { RallyFake } from '../../../fakes/rally-fake';
import { cli } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/workspace';

// The story lives in a workspace that is not the API key owner's default: found only through the subscription.
const rally = new RallyFake({
  workspace: { name: 'Sandbox', id: 40 },
  otherWorkspaces: [{ name: 'Engineering', id: 41 }],
});
const confluence = new ConfluenceFake({ deployment: 'cloud' });
before(async () => Promise.all([rally.start(), confluence.start()]));
after(async () => Promise.all([rally.stop(), confluence.stop()]));

const LONG_FLOW = `Checkout ${'and payment reconciliation '.repeat(5)}`.slice(0, 120);
const LONG_ASSET = `ledger ${'writer service '.repeat(10)}`.slice(0, 116);

describe('report → Rally import → sync, as the vendors behave', () => {
  it('links and adopts imported stories, writes nothing when nothing changed, and closes items when stories are accepted', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'flows.csv'),
      `flow,asset,tier\nCheckout,api,1\nCheckout,web,1\n"${LONG_FLOW}","${LONG_ASSET}",1\n`,
    );
    const setup = await cli(['setup', '--dir', dir]);
    assert.equal(setup.code, 0, setup.stderr);
    const longFlow = (await cli(['status', '--dir', dir])).stdout;
    assert.match(longFlow, /Checkout and payment/);

    const assessed = [
      ['Checkout', 'api', 'On-call'],
      ['Checkout', 'api', 'Postmortems'],
      ['Checkout', 'web', 'Monitoring & Alerting'],
      [LONG_FLOW, LONG_ASSET, 'Runbooks & Ownership'],
    ];
    for (const [flow, asset, capability] of assessed) {
      const r = await cli([
        'assess',
        '--dir',
        dir,
        '--flow',
        flow!,
        '--asset',
        asset!,
        '--capability',
        capability!,
        '--level',
        '0',
        '--by',
        'ana',
      ]);
      assert.equal(r.code, 0, r.stderr);
    }

    assert.equal((await cli(['report', '--dir', dir])).code, 0);
    const csv = fs.readFileSync(path.join(dir, 'rally_import.csv'), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      Object.keys(rows[0] ?? {}),
      ['Name', 'Description', 'Schedule State'],
      "the columns Rally's importer takes",
    );
    assert.equal(rows.length, 4);
    for (const row of rows)
      assert.ok((row.Name ?? '').length <= RALLY_NAME_LIMIT, `${row.Name} is longer than Rally allows`);

    const imported = rally.importCsv(csv);
    assert.ok(
      imported.every((s) => s.PortfolioItem === null && s.Tags.length === 0),
      'the importer drops parent and tags',
    );
    rally.addStory({ Name: '[SRE checkout/gone/on-call] a story whose item does not exist', PortfolioItem: null });

    const env = {
      RALLY_SERVER: rally.url,
      RALLY_API_KEY: rally.apiKey,
      RALLY_WORKSPACE: 'Engineering',
      RALLY_PROJECT: 'SRE',
      RALLY_PARENT_ID: 'F12',
      RALLY_TAGS: 'sre',
      CONFLUENCE_URL: confluence.url.replace(/\/wiki$/, ''),
      CONFLUENCE_USERNAME: confluence.username,
      CONFLUENCE_API_TOKEN: confluence.token,
      CONFLUENCE_PAGE_ID: '900',
    };
    confluence.addPage('900', 'Checkout SRE', SAMPLE_PAGE);

    const dry = await cli(['sync', '--dir', dir, '--dry-run'], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((dry.stdout.match(/adopted \(parent and tags set\)/g) ?? []).length, 4, dry.stdout);
    assert.equal(rally.writes, 0, 'a dry run writes nothing to Rally');

    const first = await cli(['sync', '--dir', dir], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Unknown work item US\d+ "\[SRE checkout\/gone\/on-call\]/);
    for (const story of imported) {
      assert.equal(story.PortfolioItem, 'F12', `${story.Name} adopted under the parent`);
      assert.deepEqual(story.Tags, ['sre']);
    }
    assert.ok(
      rally.requests.every((r) => r.path !== '/slm/webservice/v2.0/hierarchicalrequirement/create'),
      'no story created',
    );
    assert.equal(
      rally.stories.find((s) => s.Name.includes('checkout/gone/on-call'))?.PortfolioItem,
      null,
      'a story with an unknown key is never changed',
    );
    const export1 = parse((await cli(['export', '--dir', dir, '--out', '-'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    const linked = export1.filter((r) => Object.values(r).some((v) => /^US\d+$/.test(v)));
    assert.equal(linked.length, 4);
    const longStory = imported.find((s) => s.Name.includes('runbooks-ownership'));
    assert.ok(longStory && rows.some((r) => r.Name === longStory.Name));
    const page = confluence.pages.get('900');
    assert.equal(page?.version, 8);

    const writes = rally.writes;
    const second = await cli(['sync', '--dir', dir], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Nothing changed/);
    assert.equal(rally.writes, writes, 'nothing written to Rally');
    assert.equal(page?.version, 8, 'no new page version although Confluence rewrote what it stored');
    const dryAgain = await cli(['sync', '--dir', dir, '--dry-run'], { env });
    assert.match(dryAgain.stdout, /Nothing would change/);

    const accepted = imported.find((s) => nameHasKey(s.Name, 'checkout/api/on-call'));
    assert.ok(accepted);
    accepted.ScheduleState = 'Accepted';
    const third = await cli(['sync', '--dir', dir], { env });
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /checkout\/api\/on-call: US\d+ is Accepted: remediation done/);
    assert.equal(page?.version, 9, 'exactly one new version');
    assert.equal((page?.body.match(/Generated /g) ?? []).length, 1, 'one summary line before the table');
    const status = await cli(['export', '--dir', dir, '--out', '-']);
    const onCall = (parse(status.stdout, { columns: true }) as Record<string, string>[]).find((r) =>
      Object.values(r).includes('checkout/api/on-call'),
    );
    assert.ok(onCall && Object.values(onCall).includes('Done'), JSON.stringify(onCall));

    assert.equal((await cli(['report', '--dir', dir])).code, 0);
    assert.equal(
      parse(fs.readFileSync(path.join(dir, 'rally_import.csv'), 'utf8'), { columns: true }).length,
      0,
      'linked items are no longer listed',
    );
  });
});
