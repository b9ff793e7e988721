/** `sre-tracker exempt` / `unexempt`: mark an item Not applicable with a reason and optional review date, or undo it. */
import { inputError } from '../core/errors';
import { exemptItem, unexemptItem } from '../core/usecases/assessment';
import { parse } from './args';
import { actor, cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { ITEM_OPTIONS, resolveItem } from './item-args';

export async function exemptCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...ITEM_OPTIONS,
    reason: { type: 'string' },
    until: { type: 'string' },
    by: { type: 'string' },
  });
  if (!values.reason?.trim()) throw inputError('--reason is required: say why the capability does not apply');
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  try {
    const item = await resolveItem(ws.items(), values, undefined, ws.model());
    exemptItem(ws.store, {
      itemKey: item.key,
      reason: values.reason,
      until: values.until ?? '',
      by: actor(ctx, values.by),
      at: new Date(),
    });
    io.stdout(
      `${item.key} is Not applicable${values.until ? ` until ${values.until}` : ''}: ${values.reason.trim()}\n`,
    );
    return 0;
  } finally {
    ws.dispose();
  }
}

export async function unexemptCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...ITEM_OPTIONS, by: { type: 'string' } });
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  try {
    const item = await resolveItem(ws.items(), values, undefined, ws.model());
    unexemptItem(ws.store, { itemKey: item.key, by: actor(ctx, values.by), at: new Date() });
    io.stdout(`${item.key} counts again (status ${ws.item(item.key)?.status ?? ''})\n`);
    return 0;
  } finally {
    ws.dispose();
  }
}
