// Bundles the extension host code, the CLI and the webview scripts; copies the files they load at run time.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
// Where the bundles go: the bench builds a readable copy elsewhere to profile (test/bench/profiles.ts).
const out = process.env.SRE_DIST_DIR ?? 'dist';
// `--watch` (npm run watch, F5's background task): rebuild on every change, saying when each build ends.
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: watch ? 'info' : 'warning' };

mkdirSync(`${out}/webview`, { recursive: true });
// Chunk names carry a content hash: without this, every build would leave the last build's chunks in dist/ and
// in the VSIX beside the new ones.
for (const name of readdirSync(out)) if (/^cli-.*\.mjs(\.map)?$/.test(name)) rmSync(`${out}/${name}`);
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', `${out}/sql-wasm.wasm`);
copyFileSync('src/core/usecases/default-maturity-model.csv', `${out}/default-maturity-model.csv`);

/**
 * The extension is one CommonJS file, which VS Code compiles whole before activating it. The HTTP packages (axios,
 * its MIME table, the proxy agent) are a quarter of it and wait for the first request: they go to network.js,
 * required when http.ts first imports network-packages. That module holds no state the rest shares, so a second
 * bundle is safe here (a core module split this way would get its own copy of classes and state).
 */
const networkApart = {
  name: 'network-apart',
  setup(build) {
    build.onResolve({ filter: /\/network-packages$/ }, () => ({ path: './network.js', external: true }));
  },
};

/**
 * Libraries the extension uses only in some commands (the evidence scan's YAML parser, the metrics registry, the
 * HTML parser of page and issue markup) are bundled apart, as lazy-NAME.js, and stood in for by a module whose
 * exports load the real one on first use. The libraries hold no state our code shares, so a bundle of their own is
 * safe; our own modules stay in extension.js.
 */
const LAZY = ['yaml', 'prom-client', 'parse5'];
const lazyFile = (name) => `lazy-${name}.js`;
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const names = new RegExp(`^(${LAZY.join('|')})$`);
    build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'lazy' }));
    build.onResolve({ filter: /^\.\/lazy-/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      loader: 'js',
      resolveDir: '.',
      contents: [
        'let loaded;',
        `const load = () => (loaded ??= require('./${lazyFile(args.path)}'));`,
        ...Object.keys(require(args.path)).map(
          (key) =>
            `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => load()[${JSON.stringify(key)}] });`,
        ),
      ].join('\n'),
    }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: `${out}/extension.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [networkApart, lazyPackages],
    // import() of network.js becomes require(): VS Code loads the extension as CommonJS.
    supported: { 'dynamic-import': false },
  },
  ...LAZY.map((name) => ({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.' },
    outfile: `${out}/${lazyFile(name)}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
  {
    ...common,
    entryPoints: ['src/core/integrations/network-packages.ts'],
    outfile: `${out}/network.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // ES modules split into chunks, so a command loads only its own code: `--help` and `status` never parse axios or
  // the reports. Bundled CommonJS packages (sql.js, dotenv) call require() and the sources use __dirname: the
  // banner gives every chunk both (chunks sit beside the entry, next to sql-wasm.wasm).
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli-[name]-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        'const require = __createRequire(import.meta.url);',
        "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
  },
  {
    ...common,
    entryPoints: { assessment: 'webview-ui/assessment.ts', dashboard: 'webview-ui/dashboard.ts' },
    outdir: `${out}/webview`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) for (const options of builds) await (await esbuild.context(options)).watch();
else await Promise.all(builds.map((options) => esbuild.build(options)));
