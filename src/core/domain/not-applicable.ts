/**
 * Not applicable with a second key (issue 38): with approvers, marking an item Not applicable is a request that
 * another person approves or rejects; the item counts as it did until approved.
 */

export const REQUEST_STATES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export interface NotApplicableRequest {
  state: RequestState;
  reason: string;
  /** Review date, YYYY-MM-DD. */
  until: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** Why it was rejected or revoked. */
  decision?: string;
}

/** A stored request; null for anything that is not one (a hand edit), which then counts as no request. */
export function parseRequest(json: string): NotApplicableRequest | null {
  try {
    const r = JSON.parse(json) as Partial<NotApplicableRequest>;
    return typeof r === 'object' &&
      r !== null &&
      REQUEST_STATES.includes(r.state as RequestState) &&
      typeof r.reason === 'string' &&
      typeof r.until === 'string' &&
      typeof r.requestedBy === 'string' &&
      typeof r.requestedAt === 'string'
      ? (r as NotApplicableRequest)
      : null;
  } catch {
    return null;
  }
}

/** "pending since 2026-12-01 (asked by ann)", "approved by bob on 2026-12-02": the request in a line. */
export function requestSummary(r: NotApplicableRequest): string {
  switch (r.state) {
    case 'pending':
      return `Not applicable requested by ${r.requestedBy} on ${r.requestedAt.slice(0, 10)}, awaiting approval`;
    case 'approved':
      return `Not applicable approved by ${r.decidedBy ?? '?'} on ${r.decidedAt?.slice(0, 10) ?? '?'} (requested by ${r.requestedBy})`;
    case 'rejected':
      return `Not applicable rejected by ${r.decidedBy ?? '?'} on ${r.decidedAt?.slice(0, 10) ?? '?'}: ${r.decision ?? ''}`;
    case 'revoked':
      return `Not applicable revoked by ${r.decidedBy ?? '?'} on ${r.decidedAt?.slice(0, 10) ?? '?'}: ${r.decision ?? ''}`;
  }
}
