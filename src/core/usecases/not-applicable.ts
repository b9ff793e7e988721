/**
 * Not applicable with a second key (issue 38): where a data folder has approvers (approvers.csv, else the owners
 * CODEOWNERS gives it), marking an item Not applicable is a request that another listed person approves or rejects;
 * until then the item counts as it did. Every step is a history row, so git holds the audit trail.
 */
import * as fs from 'node:fs';

import { type Approvers, approversFor, parseApprovers, samePerson } from '../domain/approvers';
import { toCsv } from '../domain/csv-write';
import { checkDate } from '../domain/dates';
import { type ItemView } from '../domain/items';
import { type NotApplicableRequest, requestSummary } from '../domain/not-applicable';
import { notApplicableLimit } from '../domain/targets';
import { inputError } from '../errors';
import { clearExemption, writeExemption, writeRequest } from '../storage/assessments';
import { appendHistory } from '../storage/catalog';
import { readTextFile } from '../storage/text-file';
import { exemptItem } from './assessment';
import { ownersOfFolder } from './evidence/codeowners';
import { type DataFiles, type DataStore, type StatusSource } from './ports';

/** The folder's approvers: approvers.csv, else CODEOWNERS' owners of the folder; undefined when neither names anyone. */
export function approversOf(ws: DataFiles): Approvers | undefined {
  const file = ws.file('approvers');
  if (fs.existsSync(file)) {
    const list = parseApprovers(readTextFile(file), file);
    if (list.length === 0) throw inputError(`${file} lists no approver: add a name, or remove the file`);
    return { source: 'approvers.csv', list };
  }
  const owners = ownersOfFolder(ws.dir);
  return (
    owners && {
      source: `${owners.file} line ${owners.line}`,
      list: owners.owners.map((name) => ({ name, flows: [], tiers: [] })),
    }
  );
}

type Ws = DataFiles & DataStore & StatusSource;

export interface NotApplicableInput {
  reason: string;
  /** Review date YYYY-MM-DD; '' for none (only where no approver is configured). */
  until: string;
  by: string;
  at: Date;
}

/** The review date checked: a real day, not past, within the tier's max_not_applicable_days. */
function reviewDate(ws: StatusSource, item: ItemView, until: string, required: boolean, at: Date): string | null {
  const today = at.toISOString().slice(0, 10);
  const limit = notApplicableLimit(ws.targets(), item.tier, item.pillar, item.capability.name);
  if (!until.trim()) {
    if (required || limit)
      throw inputError(
        `a review date (--until YYYY-MM-DD) is required${limit ? `: at most ${limit.days} days for ${item.key} (targets.csv line ${limit.line})` : ' where Not applicable needs approval'}`,
      );
    return null;
  }
  const day = checkDate(until.trim(), 'review date');
  if (day < today) throw inputError(`review date ${day} is in the past: give a date from ${today} on`);
  if (limit) {
    const last = new Date(Date.parse(`${today}T00:00:00Z`) + limit.days * 86_400_000).toISOString().slice(0, 10);
    if (day > last)
      throw inputError(
        `review date ${day} is more than ${limit.days} days away: ${item.key} may be Not applicable until ${last} at most (targets.csv line ${limit.line}, max_not_applicable_days)`,
      );
  }
  return day;
}

/**
 * What is wrong with `until` as the item's review date, in the words markNotApplicable refuses it with; undefined
 * when it would be taken. `approved`: whether approvers decide here (then a date is required). For a box that checks
 * as the person types, so what they typed is never lost to a refusal after it closes.
 */
export function reviewDateProblem(
  ws: StatusSource,
  item: ItemView,
  until: string,
  approved: boolean,
  at: Date,
): string | undefined {
  try {
    reviewDate(ws, item, until, approved, at);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Marks the item Not applicable: at once where the folder has no approvers (unless `asRequest`, as the AI
 * assistant always asks), else as a request awaiting another person. Says which it did.
 */
export function markNotApplicable(
  ws: Ws,
  item: ItemView,
  input: NotApplicableInput,
  asRequest = false,
): { pending: boolean; approvers: string[] } {
  const reason = input.reason.trim();
  if (!reason) throw inputError('a reason is required to mark an item Not applicable');
  const approvers = approversOf(ws);
  const until = reviewDate(ws, item, input.until, approvers !== undefined, input.at);
  const at = input.at.toISOString();
  const names = approvers ? approversFor(approvers, item).map((a) => a.name) : [];
  if (approvers && names.length === 0)
    throw inputError(
      `no approver in ${approvers.source} may approve for ${item.flowName}${item.tier === undefined ? '' : ` tier ${item.tier}`}: add one to approvers.csv`,
    );
  if (!approvers && !asRequest) {
    exemptItem(ws.store, { itemKey: item.key, reason, until: until ?? '', by: input.by, at: input.at });
    return { pending: false, approvers: [] };
  }
  const request: NotApplicableRequest = {
    state: 'pending',
    reason,
    until: until ?? '',
    requestedBy: input.by,
    requestedAt: at,
  };
  ws.store.write((db) => {
    requireItem(writeRequest(db, item.key, JSON.stringify(request)), item.key);
    appendHistory(db, {
      itemKey: item.key,
      at,
      by: input.by,
      kind: 'not-applicable-requested',
      notes: reason,
      detail: `until ${request.until || 'no review date'}; awaiting approval by ${names.join(', ') || 'another person'}`,
    });
  });
  return { pending: true, approvers: names };
}

function requireItem(found: boolean, key: string): void {
  if (!found) throw inputError(`no item "${key}" in the database: run setup to add it`);
}

/** Approves (or, with `reject`, rejects with a reason) the item's pending request, as `by`: listed and not the requester. */
export function decideNotApplicable(
  ws: Ws,
  item: ItemView,
  decision: { by: string; at: Date; approve: boolean; reason?: string },
): NotApplicableRequest {
  const request = item.notApplicableRequest;
  if (request?.state !== 'pending')
    throw inputError(
      `${item.key} has no Not applicable request awaiting approval${request ? ` (${requestSummary(request)})` : ''}`,
    );
  if (samePerson(decision.by, request.requestedBy))
    throw inputError(`${decision.by} asked for it: another person must ${decision.approve ? 'approve' : 'reject'} it`);
  const approvers = approversOf(ws);
  if (approvers) {
    const allowed = approversFor(approvers, item);
    if (!allowed.some((a) => samePerson(a.name, decision.by)))
      throw inputError(
        `${decision.by} is not an approver for ${item.flowName}${item.tier === undefined ? '' : ` tier ${item.tier}`} (${approvers.source}: ${allowed.map((a) => a.name).join(', ') || 'nobody'})`,
      );
  }
  const reason = decision.reason?.trim() ?? '';
  if (!decision.approve && !reason) throw inputError('a reason is required to reject a Not applicable request');
  const at = decision.at.toISOString();
  const decided: NotApplicableRequest = {
    ...request,
    state: decision.approve ? 'approved' : 'rejected',
    decidedBy: decision.by,
    decidedAt: at,
    ...(reason ? { decision: reason } : {}),
  };
  ws.store.write((db) => {
    writeRequest(db, item.key, JSON.stringify(decided));
    if (decision.approve) writeExemption(db, item.key, request.reason, request.until || null);
    appendHistory(db, {
      itemKey: item.key,
      at,
      by: decision.by,
      kind: decision.approve ? 'not-applicable-approved' : 'not-applicable-rejected',
      notes: decision.approve ? request.reason : reason,
      detail: `requested by ${request.requestedBy} on ${request.requestedAt.slice(0, 10)}${request.until ? `, until ${request.until}` : ''}`,
    });
  });
  return decided;
}

/**
 * Ends the item's Not applicable, or withdraws its request: revoking needs a reason where approvers are configured.
 * Returns what was ended.
 */
export function clearNotApplicable(
  ws: Ws,
  item: ItemView,
  input: { by: string; at: Date; reason?: string },
): 'revoked' | 'withdrawn' {
  const reason = input.reason?.trim() ?? '';
  if (!reason && approversOf(ws))
    throw inputError('a reason is required to end a Not applicable where approvers decide (--reason)');
  const request = item.notApplicableRequest;
  const open = request && (request.state === 'pending' || request.state === 'rejected');
  if (item.exemptReason === null && !open) throw inputError(`item "${item.key}" is not marked Not applicable`);
  const at = input.at.toISOString();
  ws.store.write((db) => {
    if (item.exemptReason !== null) clearExemption(db, item.key);
    if (request)
      writeRequest(
        db,
        item.key,
        JSON.stringify({
          ...request,
          state: 'revoked',
          decidedBy: input.by,
          decidedAt: at,
          ...(reason ? { decision: reason } : {}),
        }),
      );
    appendHistory(db, {
      itemKey: item.key,
      at,
      by: input.by,
      kind: 'unexemption',
      ...(reason ? { notes: reason } : {}),
      ...(item.exemptReason === null ? { detail: 'request withdrawn' } : {}),
    });
  });
  return item.exemptReason === null ? 'withdrawn' : 'revoked';
}

/** Whether `user` may decide items' pending requests in `ws`: listed for the item (or anyone, without approvers) and not the requester. */
export function mayDecideIn(ws: DataFiles, user: string): (item: ItemView) => boolean {
  const approvers = approversOf(ws);
  return (item) => {
    const r = item.notApplicableRequest;
    if (r?.state !== 'pending' || samePerson(r.requestedBy, user)) return false;
    return !approvers || approversFor(approvers, item).some((a) => samePerson(a.name, user));
  };
}

/**
 * Why the item's Not applicable is not approved as it should be (check's unapproved-not-applicable), or undefined:
 * pending or rejected requests, an approval by the requester, a review date past, and where approvers decide, a
 * Not applicable no one approved.
 */
export function unapprovedReason(item: ItemView, approversConfigured: boolean): string | undefined {
  const r = item.notApplicableRequest;
  if (r?.state === 'pending' || r?.state === 'rejected') return requestSummary(r);
  if (item.status === 'Exemption expired')
    return `Not applicable until ${item.exemptUntil ?? '?'}: the review date has passed`;
  if (item.exemptReason === null) return undefined;
  if (r?.state === 'approved' && samePerson(r.decidedBy ?? '', r.requestedBy))
    return `Not applicable approved by its own requester ${r.requestedBy}`;
  if (approversConfigured && r?.state !== 'approved') return 'Not applicable without an approval';
  return undefined;
}

export const NOT_APPLICABLE_COLUMNS = [
  'key',
  'flow',
  'asset',
  'capability',
  'tier',
  'reason',
  'requested_by',
  'requested_at',
  'approved_by',
  'approved_at',
  'until',
  'status',
] as const;

/**
 * The auditor's view (`export --not-applicable`): every item that is or was asked to be Not applicable, with who
 * asked, who decided, until when, and its status now (pending, approved, rejected, revoked, expired, unapproved).
 */
export function notApplicableCsv(items: readonly ItemView[], approversConfigured: boolean): string {
  const rows = items
    .filter((i) => i.exemptReason !== null || i.notApplicableRequest !== null)
    .map((i) => {
      const r = i.notApplicableRequest;
      const approved = r?.state === 'approved';
      const status =
        i.status === 'Exemption expired'
          ? 'expired'
          : approved && samePerson(r.decidedBy ?? '', r.requestedBy)
            ? 'self-approved'
            : r && !(r.state === 'revoked' && i.exemptReason !== null)
              ? r.state
              : approversConfigured
                ? 'unapproved'
                : 'no approval needed';
      return [
        i.key,
        i.flowName,
        i.assetName,
        i.capability.name,
        i.tier ?? '',
        r?.reason ?? i.exemptReason ?? '',
        r?.requestedBy ?? '',
        r?.requestedAt ?? '',
        approved ? (r.decidedBy ?? '') : '',
        approved ? (r.decidedAt ?? '') : '',
        (r?.until || i.exemptUntil) ?? '',
        status,
      ];
    });
  return toCsv(NOT_APPLICABLE_COLUMNS, rows);
}
