import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { ESLint } from 'eslint';

import { allCommands } from '../src/extension/commands';
import { PREFIX } from '../src/extension/ids';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; category: string }[]; menus: Record<string, { command: string }[]> };
};

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('architecture', () => {
  it('lint enforces the layers and the promise rules: each rule bites on a fixture', async () => {
    const eslint = new ESLint({ cwd: root });
    const rulesHit = async (file: string, code: string) =>
      (await eslint.lintText(code, { filePath: path.join(root, file) }))[0]?.messages.map((m) => m.ruleId) ?? [];
    assert.deepEqual(
      await rulesHit('src/core/lint-fixture.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"),
      ['no-restricted-imports'],
    );
    assert.deepEqual(
      await rulesHit(
        'src/core/lint-fixture.ts',
        "import { COMMAND } from '../extension/ids';\nexport const c = COMMAND;\n",
      ),
      ['no-restricted-imports'],
    );
    assert.deepEqual(
      await rulesHit(
        'webview-ui/lint-fixture.ts',
        "import { slug } from '../src/core/domain/keys';\nexport const s = slug;\n",
      ),
      ['no-restricted-imports'],
    );
    assert.deepEqual(
      await rulesHit(
        'webview-ui/lint-fixture.ts',
        "import { STATUSES } from '../src/shared/status';\nexport const s = STATUSES;\n",
      ),
      [],
    );
    assert.deepEqual(
      await rulesHit(
        'src/core/lint-fixture.ts',
        'async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n',
      ),
      ['@typescript-eslint/no-floating-promises'],
    );
    assert.deepEqual(
      await rulesHit(
        'src/core/lint-fixture.ts',
        "type S = 'a' | 'b';\nexport function h(s: S): number {\n  switch (s) {\n    case 'a':\n      return 1;\n  }\n  return 0;\n}\n",
      ),
      ['@typescript-eslint/switch-exhaustiveness-check'],
    );
    assert.deepEqual(
      await rulesHit('src/core/lint-fixture.ts', "export const load = () => import('https-proxy-agent');\n"),
      ['no-restricted-syntax'],
      'a package loaded with import() loses its named exports in the bundle',
    );
    assert.deepEqual(await rulesHit('src/core/lint-fixture.ts', "export const load = () => import('./errors');\n"), []);
  });

  it('each room of src/core imports only the rooms below it: each rule bites on a fixture', async () => {
    const eslint = new ESLint({ cwd: root });
    const hit = async (room: string, spec: string) =>
      (
        await eslint.lintText(`import * as m from '${spec}';\nexport const x = m;\n`, {
          filePath: path.join(root, `src/core/${room}/lint-fixture.ts`),
        })
      )[0]?.messages.map((m) => m.ruleId) ?? [];
    const refused = ['no-restricted-imports'];
    assert.deepEqual(await hit('domain', '../storage/store'), refused);
    assert.deepEqual(await hit('domain', '../workspace'), refused);
    assert.deepEqual(await hit('domain', '../usecases/setup'), refused);
    assert.deepEqual(await hit('storage', '../integrations/http'), refused);
    assert.deepEqual(await hit('storage', '../usecases/check'), refused);
    assert.deepEqual(await hit('integrations', '../usecases/reports/load-templates'), refused);
    assert.deepEqual(await hit('integrations', '../../workspace'), refused);
    assert.deepEqual(await hit('usecases', '../workspace'), refused, 'a use case takes ports, not the Workspace');
    assert.deepEqual(await hit('integrations', 'vscode'), refused, 'the rooms keep the core-wide rule');
    assert.deepEqual(await hit('storage', '../domain/items'), [], 'downward is fine');
    assert.deepEqual(await hit('usecases', '../integrations/http'), []);
    assert.deepEqual(await hit('domain', '../errors'), []);
  });

  it('src/core is the four rooms and at most three loose files', () => {
    const entries = fs.readdirSync(path.join(root, 'src/core'), { withFileTypes: true });
    assert.deepEqual(
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
      ['domain', 'integrations', 'storage', 'usecases'],
    );
    assert.ok(entries.filter((e) => e.isFile()).length <= 3, entries.map((e) => e.name).join(', '));
  });

  it('only src/core/storage writes SQL or touches the database handle', () => {
    const sql = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|\bdb\.(run|all|get)\(|\.raw\./;
    const offenders = [...files(path.join(root, 'src')), ...files(path.join(root, 'webview-ui'))]
      .filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}core${path.sep}storage${path.sep}`))
      .filter((f) => sql.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('vendor names appear in src/core only under integrations/ and in historic migrations (issue 25)', () => {
    const core = path.join(root, 'src/core');
    const offenders = files(core)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.relative(core, f))
      .filter((f) => !f.startsWith(`integrations${path.sep}`) && f !== path.join('storage', 'migrations.ts'))
      .filter((f) => /\b(rally|jira|confluence)/i.test(fs.readFileSync(path.join(core, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('no module in src/core imports itself back through another (no cycles)', () => {
    const core = path.join(root, 'src/core');
    const graph = new Map<string, string[]>();
    for (const f of files(core).filter((f) => f.endsWith('.ts'))) {
      const specs = [...fs.readFileSync(f, 'utf8').matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)';/gms)];
      graph.set(
        f,
        specs.map((m) => `${path.resolve(path.dirname(f), m[1] ?? '')}.ts`).filter((t) => t.startsWith(core)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((t) => path.relative(core, t)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    assert.deepEqual(cycles, []);
  });

  it('no source file in core imports vscode or an adapter (the whole tree, as lint sees it)', () => {
    const offenders = files(path.join(root, 'src/core'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from ['"](vscode|(\.\.\/)+(extension|cli)\/)/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the command table and package.json contribute the same command ids, all in category SRE', () => {
    const table = allCommands()
      .map(([id]) => `${PREFIX}.${id}`)
      .sort();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, table);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'SRE'));
  });

  it('menus only name contributed commands', () => {
    const known = new Set(manifest.contributes.commands.map((c) => c.command));
    const named = Object.values(manifest.contributes.menus)
      .flat()
      .map((m) => m.command);
    assert.deepEqual(
      named.filter((c) => !known.has(c)),
      [],
    );
  });

  it("ARCHITECTURE.md's table names only folders and files that exist", () => {
    const doc = fs.readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Where does X go'), doc.indexOf('## How a request travels'));
    const named = [...table.matchAll(/`((?:src|test|webview-ui)\/[^`]*)`/g)].map((m) => m[1] ?? '');
    assert.ok(named.length >= 10, `the table names its places (${named.length})`);
    for (const p of named) assert.ok(fs.existsSync(path.join(root, p.replace(/\/$/, ''))), `${p} does not exist`);
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| You are'));
    assert.ok(
      rows.every((r) => /`(src|test|webview-ui|package\.json)/.test(r.split('|')[2] ?? '')),
      'every row says where',
    );
  });
});
