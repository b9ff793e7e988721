/** `sre-tracker model import --from aws-lens|azure-checklist FILE [--out FILE]`: a published model as maturity_model.csv. */
import * as path from 'node:path';

import { inputError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { importModel, MODEL_FORMATS, type ModelFormat } from '../core/usecases/model-import/import-model';
import { parse } from './args';
import { type Io } from './io';

export async function modelCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { from: { type: 'string' }, out: { type: 'string' } }, 2);
  const [verb, file] = positionals;
  if (verb !== 'import' || !file) throw inputError('give "model import --from aws-lens|azure-checklist FILE"');
  const format = values.from as ModelFormat | undefined;
  if (!format || !MODEL_FORMATS.includes(format))
    throw inputError(`--from must be ${MODEL_FORMATS.join(' or ')}, not "${values.from ?? ''}"`);
  const out = path.resolve(io.cwd, values.out ?? path.join(values.dir ?? '.', FILES.model));
  const made = importModel(format, path.resolve(io.cwd, file), out);
  io.stdout(
    `Wrote ${made.capabilities} capabilities and ${made.questions} questions to ${out}${made.replaced ? ' (capabilities from the same source questions kept their names)' : ''}; run "sre-tracker setup" to apply it.\n`,
  );
  return 0;
}
