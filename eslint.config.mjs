// Lint: the habits the style guide asks for, enforced by tools rather than memory, and the layers as import rules.
import js from '@eslint/js';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

const noVscodeOrAdapters = {
  paths: [
    {
      name: 'vscode',
      message: 'src/core never imports vscode: declare a port in core and implement it in src/extension.',
    },
  ],
  patterns: [
    {
      group: ['**/extension/**', '**/cli/**', '../extension/*', '../cli/*'],
      message: 'src/core never imports an adapter (src/extension, src/cli).',
    },
  ],
};

/**
 * The four rooms of src/core, lowest first: domain (pure rules), storage (the store and files; the only SQL),
 * integrations (ports and adapters), usecases. A room imports only rooms below it; workspace.ts wires them all, so
 * no room imports it: a use case takes the narrow ports it needs (usecases/ports.ts).
 */
const ROOMS = ['domain', 'storage', 'integrations', 'usecases'];
const roomRules = ROOMS.map((room, i) => {
  const above = [...ROOMS.slice(i + 1), 'workspace'];
  return {
    files: [`src/core/${room}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noVscodeOrAdapters,
          patterns: [
            ...noVscodeOrAdapters.patterns,
            {
              group: above.flatMap((r) => [`**/${r}`, `**/${r}/**`]),
              message: `src/core/${room} imports only the rooms below it (${ROOMS.slice(0, i).join(', ') || 'none'}), errors and settings: see ARCHITECTURE.md.`,
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.e2e/**', 'demo-workspace/**', 'test/e2e/results/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // The lint-fixture files exist only in test/architecture.test.ts, which shows each rule bites.
        projectService: {
          allowDefaultProject: ['src/core/lint-fixture.ts', 'src/core/*/lint-fixture.ts', 'webview-ui/lint-fixture.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      // One import statement per module, in one order (packages, then relative), fixed by `eslint --fix`.
      'no-duplicate-imports': 'error',
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      // node:test's describe and it return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // esbuild's split chunks give a CommonJS package loaded with import() only `default` (evanw/esbuild#3245): the
    // bundled CLI then fails where tsx and the tests did not. Import packages statically in a module loaded lazily.
    files: ['src/**/*.ts', 'webview-ui/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression > Literal[value=/^[^.]/]',
          message:
            'No import() of a package: import it statically in a module that is itself loaded with import() (see src/core/integrations/network-packages.ts).',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscodeOrAdapters] },
  },
  ...roomRules,
  {
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../src/*', '!../src/shared', '../src/*/**', '!../src/shared/**', 'vscode', 'node:*'],
              message: 'webview-ui imports only src/shared (the protocol and pure shared logic) and its own files.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } } },
  // CommonJS preloads for `node -r` (the bench's, the tests' vscode double): require() is their module system, not a lapse.
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', performance: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
