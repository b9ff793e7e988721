/** What the loop says on a done work item, as draft_work shows it before anything is posted (issue 39). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { saveLink } from '../../../../src/core/storage/catalog';
import { workDrafts } from '../../../../src/core/usecases/assistant/work-drafts';
import { assessAtLevel, setUpWorkspace } from '../../../helpers/workspace';

describe('the loop post (issue 39)', () => {
  it('draft_work shows the comment sync would post on a done work item the item is still short after', async () => {
    const ws = await setUpWorkspace({ flowsCsv: 'flow,asset,tier\nCheckout,api,1\n' });
    const key = 'checkout/api/on-call';
    assessAtLevel(ws, [key], 1, 'bob');
    ws.store.write((db) =>
      saveLink(db, key, { tracker: 'rally', id: '7', displayId: 'US7', url: null, state: 'Accepted', done: true }),
    );
    const item = ws.item(key);
    assert.ok(item);
    const [draft] = workDrafts(ws, [item], true).drafts;
    const lines = draft?.loopComment?.split('\n') ?? [];
    assert.match(lines[0] ?? '', new RegExp(`^\\[SRE ${key} · assessed \\d{4}-\\d{2}-\\d{2}T`));
    assert.match(
      lines[1] ?? '',
      /is still short after US7 \(Accepted\): re-assessed by bob on .* at level 1, the target is 3\./,
    );
    assert.match(lines[2] ?? '', /^Level 2 \(.*\) still needs:$/);
    assert.ok(lines.slice(3).every((l) => l.startsWith('- ')) && lines.length > 3, lines.join('\n'));

    const green = ws.item('checkout/api/postmortems');
    assert.ok(green);
    assert.equal(workDrafts(ws, [green], true).drafts[0]?.loopComment, null, 'nothing to say without done work');
  });
});
