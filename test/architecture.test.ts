import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ESLint } from 'eslint';
import ts from 'typescript';

import { envExample } from '../src/cli/env-example';
import { registerTracker, unregisterTracker } from '../src/core/integrations/registry';
import { envNames, settingsFromEnv } from '../src/core/integrations/settings';
import { registerEvidenceFormat, unregisterEvidenceFormat } from '../src/core/usecases/evidence/formats';
import { allCommands, COMMANDS } from '../src/extension/commands';
import { type BaseContributions, contributions } from '../src/extension/contributions';
import { PREFIX } from '../src/extension/ids';
import { answers, recorded, reset, settings as vscodeSettings } from './extension/vscode-double';
import { DRILL_YAML, drillFormat, FAILOVER_QUESTION } from './fakes/drill-format/drill-format';
import { board, dummyAdapter } from './fakes/dummy-tracker/dummy-adapter';
import { cliInProcess } from './helpers/cli';
import { testContext } from './helpers/extension-context';
import { assessAtLevel, setUpWorkspace, tempDir } from './helpers/workspace';

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

  it('no vendor name in the extension, the CLI, what they share or the webviews: the adapters declare them (issue 45)', () => {
    const offenders = ['src/extension', 'src/cli', 'src/shared', 'webview-ui']
      .flatMap((d) => files(path.join(root, d)))
      .filter((f) => f.endsWith('.ts') && !f.includes('node_modules'))
      // A word, or inside a camelCase name (createRallyStory); "generally" is no vendor.
      .filter((f) =>
        /\b(rally|jira|confluence)|Rally|Jira|Confluence|RALLY|JIRA|CONFLUENCE/.test(fs.readFileSync(f, 'utf8')),
      )
      .map((f) => path.relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('rooms a newcomer can read: no source file over 400 lines, no function over 100 (issue 45)', () => {
    const sources = ['src', 'webview-ui']
      .flatMap((d) => files(path.join(root, d)))
      .filter((f) => f.endsWith('.ts') && !f.includes('node_modules'));
    const long = sources
      .filter((f) => fs.readFileSync(f, 'utf8').split('\n').length > 401)
      .map((f) => path.relative(root, f));
    assert.deepEqual(long, [], 'files over 400 lines');
    const functions: string[] = [];
    for (const f of sources) {
      const source = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const lines = (at: number) => source.getLineAndCharacterOfPosition(at).line;
          if (lines(node.getEnd()) - lines(node.getStart()) + 1 > 100)
            functions.push(`${path.relative(root, f)}:${lines(node.getStart()) + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(functions, [], 'functions over 100 lines');
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

/**
 * A third tracker and a third evidence format, each added as ARCHITECTURE.md says (one folder, one registration),
 * with no other edit: they appear in the CLI's settings, variables and usage, in .env.example, in the extension's
 * commands, menus, settings and secrets, in a sync run from VS Code, and in the evidence the CLI prints.
 */
describe('a third tracker and a third evidence format, each one folder and one line (issue 45)', () => {
  before(() => {
    registerTracker(dummyAdapter);
    registerEvidenceFormat(drillFormat);
  });
  after(() => {
    unregisterTracker(dummyAdapter.kind);
    unregisterEvidenceFormat(drillFormat);
  });

  it('the CLI reads its settings by their variables, typed, and names it in its usage and .env.example', async () => {
    assert.equal(envNames().get('dummy.board'), 'DUMMY_BOARD');
    assert.match(
      envExample(),
      /^# Dummy: the board service, .*\nDUMMY_URL=\nDUMMY_TOKEN=\nDUMMY_BOARD=\nDUMMY_COLUMNS=todo,done$/m,
    );
    const settings = settingsFromEnv({ SRE_TRACKER: 'dummy', DUMMY_COLUMNS: 'todo, doing ,done' });
    assert.deepEqual(settings.source.list('dummy.columns'), ['todo', 'doing', 'done'], 'a list setting is a list');
    assert.throws(() => settingsFromEnv({ DUMMY_COLUMNS: 'to do' }), /DUMMY_COLUMNS takes column names without spaces/);
    assert.match(
      (await cliInProcess(['sync', '--help'])).stdout,
      /\[--no-tracker\|--no-rally\|--no-jira\|--no-dummy\]/,
    );
    assert.match((await cliInProcess(['create-work', '--help'])).stdout, /a Rally story, Jira issue or Dummy card/);
    const ws = await setUpWorkspace();
    ws.store.close();
    const missing = await cliInProcess(['sync', '--dir', ws.dir, '--no-confluence'], {
      env: { SRE_TRACKER: 'dummy', DUMMY_TOKEN: 'dummy-token-4711' },
    });
    assert.match(missing.stderr, /Dummy board is not set: set DUMMY_BOARD/);
  });

  it('the extension registers its Create, Open and Set commands, and package.json as generated offers them with its settings', () => {
    const ids = allCommands().map(([id]) => id);
    for (const id of ['createDummyCard', 'openDummyCard', 'setDummyToken']) assert.ok(ids.includes(id), id);
    const base = JSON.parse(fs.readFileSync(path.join(root, 'contributions.json'), 'utf8')) as BaseContributions;
    const made = contributions(base) as {
      commands: { command: string; title: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
      configuration: { title: string; properties: Record<string, { type: string; enum?: string[] }> }[];
    };
    const titles = new Map(made.commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('sreTracker.createDummyCard'), 'Create Dummy Card');
    assert.equal(titles.get('sreTracker.openDummyCard'), 'Open Dummy Card');
    assert.equal(titles.get('sreTracker.setDummyToken'), 'Set Dummy Token');
    assert.ok(
      made.menus['view/item/context']?.some(
        (m) => m.command === 'sreTracker.createDummyCard' && /config\.sreTracker\.tracker == dummy/.test(m.when ?? ''),
      ),
    );
    const dummy = made.configuration.find((c) => c.title === 'Dummy');
    assert.deepEqual(Object.keys(dummy?.properties ?? {}), [
      'sreTracker.dummy.url',
      'sreTracker.dummy.board',
      'sreTracker.dummy.columns',
    ]);
    assert.equal(dummy?.properties['sreTracker.dummy.columns']?.type, 'array');
    const general = made.configuration.find((c) => c.title === 'General');
    assert.deepEqual(general?.properties['sreTracker.tracker']?.enum, ['rally', 'jira', 'dummy']);
  });

  it('Sync in VS Code asks for its token once, reads its list setting and links its card', async () => {
    const ws = await setUpWorkspace();
    assessAtLevel(ws, ['checkout/web/on-call'], 0);
    reset([ws.dir]);
    board.length = 0;
    board.push({
      id: '7',
      displayId: 'D-7',
      title: '[SRE checkout/web/on-call] Raise On-call',
      state: 'Open',
      done: false,
      url: 'https://dummy.example/7',
      placed: true,
      parent: null,
      doneAt: null,
      dueDate: null,
    });
    Object.assign(vscodeSettings, {
      tracker: 'dummy',
      'dummy.url': 'https://dummy.example',
      'dummy.board': 'SRE',
      'dummy.columns': ['todo', 'done'],
    });
    const secrets = new Map<string, string>();
    try {
      answers.push('dummy-token-4711', 'Apply');
      await COMMANDS.sync.run(testContext(secrets))();
      assert.equal(secrets.get('sreTracker.dummyToken'), 'dummy-token-4711');
      assert.equal(ws.items().find((i) => i.key === 'checkout/web/on-call')?.link?.displayId, 'D-7');
      assert.match(recorded.info.at(-1) ?? '', /^SRE sync done: 1 item change, 1 Dummy card read\./);
    } finally {
      for (const key of ['tracker', 'dummy.url', 'dummy.board', 'dummy.columns']) delete vscodeSettings[key];
    }
  });

  it("the evidence scan reads the new format's files, setup carries its mapping into an existing model, and the CLI prints both", async () => {
    // A workspace set up before the format existed: its model does not map the new kind.
    unregisterEvidenceFormat(drillFormat);
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'services/payments'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'services/payments/failover.yaml'), DRILL_YAML);
    fs.writeFileSync(path.join(dir, 'flows.csv'), 'flow,asset,tier,path\nCheckout,payments,1,services/payments\n');
    assert.equal((await cliInProcess(['setup', '--dir', dir])).code, 0);
    registerEvidenceFormat(drillFormat);
    const model = () => fs.readFileSync(path.join(dir, 'maturity_model.csv'), 'utf8');
    const before = model();
    const setup = await cliInProcess(['setup', '--dir', dir]);
    assert.match(setup.stdout, /Evidence of kind failover-drills now supports "Is failover automatic/);
    const changed = model()
      .split('\n')
      .filter((line, i) => line !== before.split('\n')[i]);
    assert.deepEqual(changed, [
      'Resilience,Redundancy & Failover,3,Defined,Failover is automatic and tested,Is failover automatic and tested at least once a year?,failover-drills,',
    ]);
    const printed = await cliInProcess(['evidence', '--dir', dir, '--json']);
    assert.equal(printed.code, 0, printed.stderr);
    const [asset] = (
      JSON.parse(printed.stdout) as {
        assets: { findings: Record<string, unknown>[]; questions: { question: string }[] }[];
      }
    ).assets;
    assert.deepEqual(
      asset?.findings.map(({ kind, file, line, detail }) => ({ kind, file, line, detail })),
      [
        {
          kind: 'failover-drills',
          file: 'services/payments/failover.yaml',
          line: 3,
          detail: 'drill payments-db-failover (drills.example)',
        },
      ],
    );
    assert.deepEqual(
      asset?.questions.map((q) => q.question),
      [FAILOVER_QUESTION],
    );
    unregisterEvidenceFormat(drillFormat);
    try {
      const without = await cliInProcess(['evidence', '--dir', dir, '--json']);
      assert.doesNotMatch(without.stdout, /drills\.example/, 'without the format, the file holds nothing we know');
    } finally {
      registerEvidenceFormat(drillFormat);
    }
  });
});
