/** A finding's fingerprint: what was found, hashed, so a change to it can be told from a line moving. */
import { createHash } from 'node:crypto';

import { type EvidenceKind } from './kinds';

/** The fingerprint of a finding of `kind` said as `detail` over `content` (what the YAML holds at its place). */
export function fingerprintOf(kind: EvidenceKind, detail: string, content: unknown = null): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, detail, content ?? null]))
    .digest('hex')
    .slice(0, 16);
}
