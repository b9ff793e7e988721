#!/usr/bin/env node
/** Entry point of the `sre-tracker` executable. */
import { setFlagsFromString } from 'node:v8';

import { run } from './main';

// A CLI run lasts well under a second: compiling SQLite's WebAssembly a second time with the optimising tier costs
// more than it saves (measured by `npm run bench`: the quick_check and first reads take half as long with baseline code).
setFlagsFromString('--liftoff-only');

// A reader that stops early (`sre-tracker export --out - | head -1`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

void run(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
