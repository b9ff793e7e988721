/**
 * `npm run contributions`: writes package.json's `contributes` (contributions.json plus what the setting
 * declarations and the service registry make) and `.env.example`. With --check it writes nothing and fails when
 * either file differs from what it would write: CI runs that, so the files never drift from their sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as prettier from 'prettier';

import { envExample } from '../src/cli/env-example';
import { type BaseContributions, contributions } from '../src/extension/contributions';

const ROOT = path.join(__dirname, '..');

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
  const manifest = JSON.parse(read('package.json')) as Record<string, unknown>;
  const base = JSON.parse(read('contributions.json')) as BaseContributions;
  const json = JSON.stringify({ ...manifest, contributes: contributions(base) }, null, 2);
  const options = (await prettier.resolveConfig(path.join(ROOT, 'package.json'))) ?? {};
  const wanted: [string, string][] = [
    ['package.json', await prettier.format(json, { ...options, filepath: path.join(ROOT, 'package.json') })],
    ['.env.example', envExample()],
  ];
  const stale = wanted.filter(([file, text]) => read(file) !== text).map(([file]) => file);
  if (check) {
    if (stale.length === 0) return 0;
    console.error(
      `${stale.join(' and ')} ${stale.length > 1 ? 'differ' : 'differs'} from what the declarations make: edit contributions.json, ` +
        'a setting declaration or an adapter instead, then run "npm run contributions" and commit the result.',
    );
    return 1;
  }
  for (const [file, text] of wanted) fs.writeFileSync(path.join(ROOT, file), text);
  console.log(stale.length ? `wrote ${stale.join(' and ')}` : 'package.json and .env.example were up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
