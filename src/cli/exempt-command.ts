/**
 * `sre-tracker not-applicable` / `clear-not-applicable` (also `exempt` / `unexempt`), and where approvers decide,
 * `approve-not-applicable` / `reject-not-applicable`: Not applicable with a second key (issue 38).
 */
import { inputError } from '../core/errors';
import { clearNotApplicable, decideNotApplicable, markNotApplicable } from '../core/usecases/not-applicable';
import { type Workspace } from '../core/workspace';
import { parse } from './args';
import { actor, cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { ITEM_OPTIONS, resolveItem } from './item-args';

const OPTIONS = { ...ITEM_OPTIONS, reason: { type: 'string' }, by: { type: 'string' } } as const;

/** Runs `act` on the item the arguments name, as the person they name. */
async function onItem(
  args: string[],
  io: Io,
  extra: { until?: { type: 'string' } },
  act: (
    ws: Workspace,
    item: Awaited<ReturnType<typeof resolveItem>>,
    values: { reason?: string; until?: string },
    by: string,
  ) => string,
): Promise<number> {
  const { values } = parse(args, { ...OPTIONS, ...extra });
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  try {
    const item = await resolveItem(ws.items(), values, undefined, ws.model());
    io.stdout(`${act(ws, item, values as { reason?: string; until?: string }, actor(ctx, values.by))}\n`);
    return 0;
  } finally {
    ws.dispose();
  }
}

export function exemptCommand(args: string[], io: Io): Promise<number> {
  return onItem(args, io, { until: { type: 'string' } }, (ws, item, values, by) => {
    if (!values.reason?.trim()) throw inputError('--reason is required: say why the capability does not apply');
    const reason = values.reason.trim();
    const { pending, approvers } = markNotApplicable(ws, item, {
      reason,
      until: values.until ?? '',
      by,
      at: new Date(),
    });
    return pending
      ? `${item.key}: Not applicable requested by ${by}${values.until ? ` until ${values.until}` : ''}; it counts as before until one of ${approvers.join(', ')} approves (sre-tracker approve-not-applicable)`
      : `${item.key} is Not applicable${values.until ? ` until ${values.until}` : ''}: ${reason}`;
  });
}

export function unexemptCommand(args: string[], io: Io): Promise<number> {
  return onItem(args, io, {}, (ws, item, values, by) => {
    const ended = clearNotApplicable(ws, item, { by, at: new Date(), reason: values.reason });
    const status = ws.item(item.key)?.status ?? '';
    return ended === 'withdrawn'
      ? `${item.key}: the Not applicable request is withdrawn (status ${status})`
      : `${item.key} counts again (status ${status})`;
  });
}

export function approveCommand(args: string[], io: Io): Promise<number> {
  return onItem(args, io, {}, (ws, item, _values, by) => {
    const r = decideNotApplicable(ws, item, { by, at: new Date(), approve: true });
    return `${item.key} is Not applicable until ${r.until || 'no review date'}: approved by ${by}, requested by ${r.requestedBy}`;
  });
}

export function rejectCommand(args: string[], io: Io): Promise<number> {
  return onItem(args, io, {}, (ws, item, values, by) => {
    if (!values.reason?.trim()) throw inputError('--reason is required: say why the capability does apply');
    const r = decideNotApplicable(ws, item, { by, at: new Date(), approve: false, reason: values.reason });
    return `${item.key}: the Not applicable request of ${r.requestedBy} is rejected by ${by}; it counts as before`;
  });
}
