/**
 * The tracker loop that verifies (issue 39), through the bundled CLI against fakes that follow Rally's WSAPI
 * (ConversationPost, ScheduleState and AcceptedDate) and Jira Cloud's and Data Center's REST references
 * (transitions, comments, duedate, resolutiondate): reopen when still short after done, follow-up, comment only,
 * regressions, due dates from campaigns, dry runs, idempotence, and a lost answer.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { JiraFake } from '../fakes/jira-fake';
import { RallyFake } from '../fakes/rally-fake';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const rally = new RallyFake({ workspace: { name: 'Engineering', id: 41 } });
const jiraCloud = new JiraFake('cloud');
const jiraDc = new JiraFake('datacenter');
before(async () => Promise.all([rally.start(), jiraCloud.start(), jiraDc.start()]));
after(async () => Promise.all([rally.stop(), jiraCloud.stop(), jiraDc.stop()]));

const ITEM = ['--flow', 'Checkout', '--asset', 'api'];
const ON_CALL = 'checkout/api/on-call';

const rallyEnv = (extra: Record<string, string> = {}) => ({
  RALLY_SERVER: rally.url,
  RALLY_API_KEY: rally.apiKey,
  RALLY_WORKSPACE: 'Engineering',
  RALLY_PROJECT: 'SRE',
  RALLY_PARENT_ID: 'F12',
  RALLY_TAGS: 'sre',
  SRE_USER: 'ann',
  ...extra,
});
const jiraEnv = (fake: JiraFake, extra: Record<string, string> = {}) => ({
  SRE_TRACKER: 'jira',
  JIRA_SITE: fake.url,
  JIRA_DEPLOYMENT: fake.deployment,
  ...(fake.deployment === 'cloud'
    ? { JIRA_EMAIL: fake.email, JIRA_API_TOKEN: fake.token }
    : { JIRA_API_TOKEN: fake.pat }),
  JIRA_PROJECT: 'SRE',
  SRE_USER: 'ann',
  ...extra,
});

/** A tier-1 asset (target 3) in a campaign due 2027-03-31. */
async function folder(): Promise<string> {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier\nCheckout,api,1\n');
  fs.writeFileSync(
    path.join(dir, 'campaigns.csv'),
    'name,flows,tiers,pillar,capability,target_level,due\nTier-1 on-call,,1,,On-call,3,2027-03-31\n',
  );
  assert.equal((await cli(['setup', '--dir', dir])).code, 0);
  return dir;
}

async function assess(dir: string, capability: string, level: number, by: string, env: Record<string, string>) {
  const r = await cli(
    ['assess', '--dir', dir, ...ITEM, '--capability', capability, '--level', String(level), '--by', by],
    {
      env,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  // Assessments are timed to the millisecond: the next step must come after this one.
  await new Promise((r) => setTimeout(r, 5));
}

async function sync(dir: string, env: Record<string, string>, ...args: string[]) {
  return cli(['sync', '--dir', dir, '--no-confluence', ...args], { env });
}

async function createWork(dir: string, capability: string, env: Record<string, string>): Promise<string> {
  const r = await cli(['create-work', '--dir', dir, ...ITEM, '--capability', capability, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { link: { displayId: string } }).link.displayId;
}

/** Assessed at level 1 by ann, a story made for it, and the story accepted after the assessment. */
async function acceptedStory(dir: string, capability: string, env: Record<string, string>) {
  await assess(dir, capability, 1, 'ann', env);
  const id = await createWork(dir, capability, env);
  const story = rally.stories.find((s) => s.FormattedID === id);
  assert.ok(story);
  rally.moveStory(story, 'Accepted');
  await new Promise((r) => setTimeout(r, 5));
  return { id, story };
}

describe('the tracker loop verifies (issue 39): Rally', () => {
  it('reopens an accepted story when a later re-assessment is still short, once, with what is missing', async () => {
    const dir = await folder();
    const env = rallyEnv();
    const { id, story } = await acceptedStory(dir, 'On-call', env);
    const first = await sync(dir, env);
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stdout, /reopen/, 'the assessment came before the story was accepted');

    await assess(dir, 'On-call', 1, 'bob', env);
    const dry = await sync(dir, env, '--dry-run');
    assert.match(dry.stdout, new RegExp(`${ON_CALL}: would reopen ${id}: re-assessed at L1, target L3`));
    assert.equal(rally.posts.length, 0, 'a dry run writes nothing');
    assert.equal(story.ScheduleState, 'Accepted');

    const json = await sync(dir, env, '--dry-run', '--json');
    const plan = JSON.parse(json.stdout) as { loop: { kind: string; itemKey: string; post: { html: string } }[] };
    assert.equal(plan.loop[0]?.kind, 'reopen');
    assert.match(plan.loop[0]?.post.html ?? '', /Level 2 \([^)]*\) still needs:<\/p><ul><li>/);

    const applied = await sync(dir, env);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(story.ScheduleState, 'Defined');
    assert.equal(story.AcceptedDate, null);
    assert.equal(rally.posts.length, 1);
    const post = rally.posts[0]?.Text ?? '';
    assert.match(post, new RegExp(`\\[SRE ${ON_CALL} · assessed \\d{4}-\\d{2}-\\d{2}T[^\\]]+\\]`));
    assert.match(
      post,
      new RegExp(
        `${ON_CALL} is still short after ${id} \\(Accepted\\): re-assessed by bob on \\d{4}-\\d{2}-\\d{2} at level 1, the target is 3\\.`,
      ),
    );

    const again = await sync(dir, env);
    assert.equal(again.code, 0);
    assert.equal(rally.posts.length, 1, 'a second sync posts nothing more');
    assert.doesNotMatch(again.stdout, /reopen/);

    // Accepted again and re-assessed still short: a new assessment, a new post.
    rally.moveStory(story, 'Accepted');
    await new Promise((r) => setTimeout(r, 5));
    await assess(dir, 'On-call', 2, 'bob', env);
    assert.equal((await sync(dir, env)).code, 0);
    assert.equal(rally.posts.length, 2);
    assert.equal(story.ScheduleState, 'Defined');
  });

  it('says which evidence the repository does not show for what the next level needs', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'services/api'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'services/api/deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n',
    );
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier,path\nCheckout,api,1,services/api\n');
    assert.equal((await cli(['setup', '--dir', dir])).code, 0);
    const env = rallyEnv();
    const { story } = await acceptedStory(dir, 'Redundancy & Failover', env);
    await assess(dir, 'Redundancy & Failover', 1, 'bob', env);
    assert.equal((await sync(dir, env)).code, 0);
    const post = rally.posts.find((p) => p.Artifact === story.ObjectID)?.Text ?? '';
    assert.match(
      post,
      /<p>The repository shows no evidence for:<\/p><ul><li>Does the asset run redundantly[^<]*\(two or more replicas/,
    );
  });

  it('a lost answer to the post is not posted twice; a regression reopens; a regression without work gets a story', async () => {
    const dir = await folder();
    const env = rallyEnv();
    const { story } = await acceptedStory(dir, 'Postmortems', env);
    await assess(dir, 'Postmortems', 3, 'ann', env);
    await assess(dir, 'Postmortems', 1, 'bob', env);
    const postsBefore = rally.posts.length;
    rally.failures.push('drop-after-post');
    const lost = await sync(dir, env);
    assert.notEqual(lost.code, 0, 'the lost answer is an error');
    assert.equal(rally.posts.length, postsBefore + 1, 'the post was made');
    const next = await sync(dir, env);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(rally.posts.length, postsBefore + 1, 'found by its marker: not posted again');
    assert.equal(story.ScheduleState, 'Defined');
    assert.match(
      rally.posts.at(-1)?.Text ?? '',
      /regressed: level 3 \(\d{4}-\d{2}-\d{2}\) → level 1, re-assessed by bob/,
    );

    // Runbooks: Green at its target with no story, then below it: a story is made for the regression.
    await assess(dir, 'Runbooks & Ownership', 3, 'ann', env);
    await assess(dir, 'Runbooks & Ownership', 1, 'bob', env);
    const made = await sync(dir, env);
    assert.match(
      made.stdout,
      /checkout\/api\/runbooks-ownership: new Rally story for checkout\/api\/runbooks-ownership: regressed from L3 to L1/,
    );
    assert.ok(rally.stories.some((s) => s.Name.includes('checkout/api/runbooks-ownership')));
    const twice = await sync(dir, env);
    assert.doesNotMatch(twice.stdout, /new Rally story/);
  });

  it('comment only, or a follow-up story, where workflows forbid reopening; the campaign deadline in a date field', async () => {
    const dir = await folder();
    const comment = rallyEnv({ SRE_SYNC_STILL_SHORT: 'comment' });
    const { id, story } = await acceptedStory(dir, 'On-call', comment);
    await assess(dir, 'On-call', 1, 'bob', comment);
    const posts = rally.posts.length;
    assert.match((await sync(dir, comment)).stdout, new RegExp(`comment on ${id}`));
    assert.equal(story.ScheduleState, 'Accepted', 'commented, not reopened');
    assert.equal(rally.posts.length, posts + 1);
    assert.equal((await sync(dir, comment)).code, 0);
    assert.equal(rally.posts.length, posts + 1, 'once');

    const followUp = rallyEnv({ SRE_SYNC_STILL_SHORT: 'follow-up', RALLY_DUE_DATE_FIELD: 'c_TargetDate' });
    await assess(dir, 'On-call', 2, 'bob', followUp);
    const r = await sync(dir, followUp);
    assert.equal(r.code, 0, r.stderr);
    const stories = rally.stories.filter((s) => s.Name.includes(ON_CALL));
    assert.equal(stories.length, 2, 'a follow-up beside the accepted story');
    const next = stories.find((s) => s !== story);
    assert.equal(story.ScheduleState, 'Accepted');
    assert.match(next?.Description ?? '', new RegExp(`^<p>Follow-up of ${id} \\(http`));
    const status = JSON.parse(
      (await cli(['sync', '--dir', dir, '--no-confluence', '--dry-run', '--json'], { env: followUp })).stdout,
    ) as {
      loop: { kind: string; due?: string; work: { displayId: string } }[];
    };
    assert.deepEqual(
      status.loop.map((a) => [a.kind, a.work.displayId, a.due]),
      [['due-date', next?.FormattedID, '2027-03-31']],
      'the follow-up gets the campaign deadline',
    );
    assert.equal((await sync(dir, followUp)).code, 0);
    assert.equal(next?.custom.c_TargetDate, '2027-03-31T00:00:00.000Z');
    // The deadline moves: the story's date follows.
    fs.writeFileSync(
      path.join(dir, 'campaigns.csv'),
      'name,flows,tiers,pillar,capability,target_level,due\nTier-1 on-call,,1,,On-call,3,2027-06-30\n',
    );
    assert.match(
      (await sync(dir, followUp)).stdout,
      /due date of US\d+: 2027-03-31 → 2027-06-30 \(campaign deadline\)/,
    );
    assert.equal(next?.custom.c_TargetDate, '2027-06-30T00:00:00.000Z');
    assert.doesNotMatch((await sync(dir, followUp)).stdout, /due date/, 'set once');
  });
});

for (const fake of [jiraCloud, jiraDc]) {
  describe(`the tracker loop verifies (issue 39): Jira ${fake.deployment}`, () => {
    it('reopens a Done issue through the workflow with a comment, once; due dates from the campaign', async () => {
      const dir = await folder();
      const env = jiraEnv(fake);
      await assess(dir, 'On-call', 1, 'ann', env);
      const key = await createWork(dir, 'On-call', env);
      const issue = fake.issues.find((i) => i.key === key);
      assert.ok(issue);
      const dated = await sync(dir, env);
      assert.match(dated.stdout, new RegExp(`due date of ${key}: none → 2027-03-31`));
      assert.equal(issue.duedate, '2027-03-31');
      fake.transition(key, 'Done', 'done');
      await new Promise((r) => setTimeout(r, 5));
      assert.equal((await sync(dir, env)).code, 0);
      await assess(dir, 'On-call', 1, 'bob', env);

      const unknown = await sync(dir, { ...env, JIRA_REOPEN_TRANSITION: 'Resurrect' });
      assert.equal(unknown.code, 2);
      assert.match(
        unknown.stderr,
        /offers no transition "Resurrect".*"Reopen" \(to To Do\), "Back to work" \(to In Progress\)/,
      );

      fake.dropNextCommentAnswer = true;
      const lost = await sync(dir, { ...env, JIRA_REOPEN_TRANSITION: 'Back to work' });
      assert.notEqual(lost.code, 0);
      assert.equal(issue.comments.length, 1);
      const done = await sync(dir, { ...env, JIRA_REOPEN_TRANSITION: 'Back to work' });
      assert.equal(done.code, 0, done.stderr);
      assert.equal(issue.comments.length, 1, 'not commented twice after the lost answer');
      assert.equal(issue.status, 'In Progress');
      assert.equal(issue.resolutiondate, null);
      const body = issue.comments[0];
      if (fake.deployment === 'cloud') assert.equal((body as { type?: string }).type, 'doc', 'an ADF document');
      else assert.equal(typeof body, 'string', 'wiki markup');
      assert.match(JSON.stringify(body), new RegExp(`\\[SRE ${ON_CALL} · assessed `));
      assert.match(JSON.stringify(body), /still short after SRE-\d+ \(Done\)/);
      assert.doesNotMatch((await sync(dir, env)).stdout, /reopen|comment on/);
    });
  });
}
