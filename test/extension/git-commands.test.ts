import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import type { Uri } from 'vscode';

import { COMMANDS } from '../../src/extension/commands';
import { DumpProvider } from '../../src/extension/database-diff';
import { testContext } from '../helpers/extension-context';
import { commitAssessment, git, GIT_ENV, on, repository } from '../helpers/git-repo';
import { assessAtLevel, tempDir } from '../helpers/workspace';
import { recorded, reset, Uri as VsUri } from './vscode-double';

describe('sre_data.db in git, from VS Code', () => {
  it('shows a database git left unmerged first in the tree, and merges it row by row from there', async () => {
    const dir = await repository(false); // no driver: git leaves a binary conflict
    git(dir, 'branch', 'alice');
    await commitAssessment(dir, 'main', 'checkout/web/slis-slos', 3, 'ana');
    await commitAssessment(dir, 'alice', 'login/auth/on-call', 2, 'alice');
    git(dir, 'checkout', '-q', 'main');
    const merge = spawnSync('git', ['merge', '--no-edit', 'alice'], { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
    assert.notEqual(merge.status, 0, 'without the driver git cannot merge the binary file');
    reset([dir]);
    const ctx = testContext();
    const roots = await ctx.tree.getChildren();
    assert.equal(roots[0]?.data.label, 'sre_data.db has a merge conflict');
    assert.equal(
      (ctx.tree.getTreeItem(roots[0]!) as unknown as { command: { command: string } }).command.command,
      'sreTracker.mergeDatabase',
    );
    await COMMANDS.mergeDatabase.run(ctx)(roots[0]);
    assert.equal(git(dir, 'ls-files', '--unmerged'), '', 'resolved in the index');
    assert.match(recorded.info.at(-1) ?? '', /^Merged sre_data\.db and marked it resolved/);
    await on(dir, (ws) => {
      assert.equal(ws.item('checkout/web/slis-slos')?.level, 3);
      assert.equal(ws.item('login/auth/on-call')?.level, 2);
    });
    ctx.tree.refresh();
    assert.notEqual((await ctx.tree.getChildren())[0]?.data.label, 'sre_data.db has a merge conflict');
  });

  it('opens the database changes as text, HEAD against the working tree', async () => {
    const dir = await repository(false);
    reset([dir]);
    const ctx = testContext();
    await commitAssessment(dir, 'main', 'checkout/api/on-call', 1, 'ana'); // committed: HEAD has it
    await on(dir, (ws) => assessAtLevel(ws, ['checkout/api/on-call'], 3, 'bo')); // not committed: the working tree differs
    await COMMANDS.showDatabaseChanges.run(ctx)({ resourceUri: VsUri.file(path.join(dir, 'sre_data.db')) });
    const [id, left, right] = recorded.executed.at(-1) ?? [];
    assert.equal(id, 'vscode.diff');
    const provider = new DumpProvider(ctx.folders);
    const head = await provider.provideTextDocumentContent(left as Uri);
    const working = await provider.provideTextDocumentContent(right as Uri);
    assert.match(head, /^checkout\/api\/on-call: level 1 · target 1 \(Green\) by ana/m);
    assert.match(working, /^checkout\/api\/on-call: level 3 · target 1 \(Green\) by bo/m);
  });

  it('registers the merge and diff drivers with the CLI the extension ships, once it runs', async () => {
    const dir = await repository(false);
    reset([dir]);
    const ext = tempDir('sre ext ');
    const ctx = testContext(new Map(), ext);
    await assert.rejects(
      async () => COMMANDS.setUpGit.run(ctx)(),
      /dist\/cli\.mjs'" does not run sre-tracker \(Error: Cannot find module .*\): nothing was registered/,
      'no CLI there yet',
    );
    assert.throws(() => git(dir, 'config', '--get', 'merge.sre-tracker.driver'), 'not registered');
    fs.mkdirSync(path.join(ext, 'dist'));
    fs.writeFileSync(path.join(ext, 'dist', 'cli.mjs'), "process.stdout.write('sre-tracker 0.1.0\\n');\n"); // stands in for the bundled CLI
    await COMMANDS.setUpGit.run(ctx)();
    assert.match(recorded.info.at(-1) ?? '', /^Registered the sre-tracker merge and diff drivers/);
    const driver = git(dir, 'config', '--get', 'merge.sre-tracker.driver').trim();
    assert.equal(
      driver,
      `${process.execPath} '${ext}/dist/cli.mjs' merge-db %O %A %B`,
      'the path with a space quoted for the shell git runs',
    );
    assert.match(git(dir, 'config', '--get', 'diff.sre-tracker.textconv'), /\/dist\/cli\.mjs' dump --dir /);
  });
});
