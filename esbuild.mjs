// Bundles the extension host code, the CLI and the webview scripts; copies the files they load at run time.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
// `--watch` (npm run watch, F5's background task): rebuild on every change, saying when each build ends.
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: watch ? 'info' : 'warning' };

mkdirSync('dist/webview', { recursive: true });
// Chunk names carry a content hash: without this, every build would leave the last build's chunks in dist/ and
// in the VSIX beside the new ones.
for (const name of readdirSync('dist')) if (/^cli-.*\.mjs(\.map)?$/.test(name)) rmSync(`dist/${name}`);
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
copyFileSync('src/core/usecases/default-maturity-model.csv', 'dist/default-maturity-model.csv');

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // ES modules split into chunks, so a command loads only its own code: `--help` and `status` never parse axios or
  // the reports. Bundled CommonJS packages (sql.js, dotenv) call require() and the sources use __dirname: the
  // banner gives every chunk both (chunks sit beside the entry, next to sql-wasm.wasm).
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
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
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) for (const options of builds) await (await esbuild.context(options)).watch();
else await Promise.all(builds.map((options) => esbuild.build(options)));
