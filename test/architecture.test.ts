import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND, PREFIX } from '../src/extension/ids';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; category: string }[]; menus: Record<string, { command: string }[]> };
};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('architecture', () => {
  it('core imports nothing from vscode, and nothing from the extension or the CLI', () => {
    const offenders = files(path.join(root, 'src/core'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from ['"](vscode|\.\.\/(extension|cli)\/)/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the command table and package.json contribute the same command ids, all in category SRE', () => {
    const table = Object.values(COMMAND).map((id) => `${PREFIX}.${id}`).sort();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, table);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'SRE'));
  });

  it('menus only name contributed commands', () => {
    const known = new Set(manifest.contributes.commands.map((c) => c.command));
    const named = Object.values(manifest.contributes.menus).flat().map((m) => m.command);
    assert.deepEqual(named.filter((c) => !known.has(c)), []);
  });
});
