/** `sre-tracker diff`: the maturity impact of a change between two commits, or a commit and the working tree. */
import * as path from 'node:path';

import { inputError } from '../core/errors';
import { writeOutputFile } from '../core/storage/output-file';
import { diffAnnotations, diffMarkdown, diffText } from '../core/usecases/diff/diff-report';
import { diffDataFolder } from '../core/usecases/diff/diff-workspace';
import { Workspace } from '../core/workspace';
import { parse } from './args';
import { cliContext } from './context';
import { type Io } from './io';

const FORMATS = ['text', 'markdown', 'json', 'github'] as const;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    base: { type: 'string' },
    head: { type: 'string' },
    worktree: { type: 'boolean' },
    format: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (!values.base) throw inputError('--base REF is required: the commit to compare with (origin/main, v1.3)');
  if (values.head && values.worktree) throw inputError('give --head REF or --worktree, not both');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw inputError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const failOn = (values['fail-on'] ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  const unknown = failOn.find((r) => r !== 'regression');
  if (unknown) throw inputError(`--fail-on "${unknown}" is not a rule (rules: regression)`);
  const ctx = cliContext(io, values.dir);
  const { diff, folder } = await diffDataFolder(
    { dir: ctx.dir, base: values.base, head: values.head },
    (commit, wanted) => Workspace.at(ctx.dir, ctx.settings, commit, wanted),
  );
  const output =
    format === 'json'
      ? `${JSON.stringify(diff, null, 2)}\n`
      : format === 'markdown'
        ? diffMarkdown(diff)
        : format === 'github'
          ? diffAnnotations(diff, (file) => path.posix.normalize(path.posix.join(folder, file)))
          : diffText(diff);
  if (values.out) writeOutputFile(path.resolve(io.cwd, values.out), output);
  else io.stdout(output);
  return failOn.includes('regression') && diff.regressions.length > 0 ? 1 : 0;
}
