/**
 * Which sre-tracker the tests run. Users run the bundle, so the tests do too: `dist/cli.mjs` by default (test/run.mjs
 * builds it first), or the one a path names (CI points it at the copy unpacked from the VSIX). `source` runs the
 * TypeScript through tsx, for quick edits; a bundling fault (esbuild's split chunks, evanw/esbuild#3245) shows only
 * against the bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');
const choice = process.env.SRE_CLI_UNDER_TEST ?? 'dist';

/** True when the tests run the TypeScript sources rather than a bundle. */
export const UNDER_TEST_IS_SOURCE = choice === 'source';

function bundle(): string {
  const file = choice === 'dist' ? path.join(ROOT, 'dist', 'cli.mjs') : path.resolve(choice);
  if (!fs.existsSync(file))
    throw new Error(`SRE_CLI_UNDER_TEST: ${file} does not exist; run npm run build (or set SRE_CLI_UNDER_TEST=source)`);
  return file;
}

/** The arguments to give `node` to run sre-tracker: the bundle, or tsx and the sources. */
export const CLI_ARGS: readonly string[] = UNDER_TEST_IS_SOURCE
  ? [
      '--import',
      pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
      path.join(ROOT, 'src/cli/bin.ts'),
    ]
  : [bundle()];

/** sre-tracker as one shell command line, as git runs a merge driver. */
export const CLI_COMMAND = [process.execPath, ...CLI_ARGS].map((a) => `'${a}'`).join(' ');
