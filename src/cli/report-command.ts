/** `sre-tracker report`: writes the page's copy, the tracker's import file if it has one (and maturity_report.html), then the summary. */
import * as path from 'node:path';

import { inputError } from '../core/errors';
import { writeReports } from '../core/usecases/reports/write-reports';
import { parse } from './args';
import { cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { printStatus } from './status-command';

export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' }, format: { type: 'string' }, by: { type: 'string' } });
  if (values.format !== undefined && values.format !== 'html')
    throw inputError(`--format must be "html", not "${values.format}"`);
  const by = values.by ?? 'flow';
  if (by !== 'flow' && by !== 'owner' && by !== 'tier')
    throw inputError(`--by must be flow, owner or tier, not "${by}"`);
  if (values.by !== undefined && values.format !== 'html')
    throw inputError('--by groups the HTML report: give --format html too');
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const now = new Date();
  const written = writeReports(ws, {
    outDir: values.out && path.resolve(io.cwd, values.out),
    html: values.format === 'html',
    now,
    by,
  });
  if (written.importFile)
    io.stdout(
      `Wrote ${written.importFile} (${written.stories} user stor${written.stories === 1 ? 'y' : 'ies'} to import)\n`,
    );
  io.stdout(`Wrote ${written.pageFile} (${written.data.todo.length} to-do item(s))\n`);
  if (written.html) io.stdout(`Wrote ${written.html}\n`);
  io.stdout('\n');
  printStatus(ws, io, now, written.data.items);
  return 0;
}
