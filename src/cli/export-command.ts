/** `sre-tracker export`: the maturity matrix as CSV (or with --not-applicable, the auditor's view), to a file or stdout. */
import * as path from 'node:path';

import { writeOutputFile } from '../core/storage/output-file';
import { matrixCsv } from '../core/usecases/matrix-export';
import { approversOf, notApplicableCsv } from '../core/usecases/not-applicable';
import { parse } from './args';
import { cliContext, openWorkspaceAt } from './context';
import { type Io } from './io';

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    out: { type: 'string' },
    'not-applicable': { type: 'boolean' },
    at: { type: 'string' },
  });
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspaceAt(ctx, values.at);
  const audit = values['not-applicable'];
  let csv: string;
  try {
    csv = audit ? notApplicableCsv(ws.items(), approversOf(ws) !== undefined) : matrixCsv(ws.items());
  } finally {
    ws.dispose();
  }
  if (values.out === '-') {
    io.stdout(csv);
    return 0;
  }
  const out = path.resolve(
    io.cwd,
    values.out ?? path.join(ctx.dir, audit ? 'not_applicable.csv' : 'maturity_matrix.csv'),
  );
  writeOutputFile(out, csv);
  io.stdout(`Wrote ${out}\n`);
  return 0;
}
