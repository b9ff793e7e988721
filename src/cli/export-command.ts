/** `sre-tracker export`: the maturity matrix as CSV, to a file or stdout. */
import * as path from 'node:path';

import { writeOutputFile } from '../core/storage/output-file';
import { matrixCsv } from '../core/usecases/matrix-export';
import { parse } from './args';
import { cliContext, openWorkspace } from './context';
import { type Io } from './io';

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } });
  const ctx = cliContext(io, values.dir);
  const csv = matrixCsv((await openWorkspace(ctx)).items());
  if (values.out === '-') {
    io.stdout(csv);
    return 0;
  }
  const out = path.resolve(io.cwd, values.out ?? path.join(ctx.dir, 'maturity_matrix.csv'));
  writeOutputFile(out, csv);
  io.stdout(`Wrote ${out}\n`);
  return 0;
}
