// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx); e2e tests run separately.
// The CLI's tests run the bundle users run (test/helpers/cli-under-test.ts), so it is built first.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' || e.name === 'bench' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// `source` needs no build, and a bundle named by its path (CI's copy from the VSIX) is tested as it is.
if ((process.env.SRE_CLI_UNDER_TEST ?? 'dist') === 'dist') {
  const built = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const files = process.argv.length > 2 ? process.argv.slice(2) : find('test').sort();
// The vscode double is preloaded, so no test depends on importing it first.
const preload = join('test', 'helpers', 'vscode-module.cjs');
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--require', `./${preload}`, '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
