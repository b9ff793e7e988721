/** Stored item records as every consumer views them: with capability, target, status and staleness at a moment. */
import { statusOf, type StatusRules } from '../../shared/status';
import { expiryDay, olderThan, reattestDaysOf } from './attestation';
import { type ItemDraft, type ItemView } from './items';
import { capabilityFor } from './kinds';
import { type MaturityModel } from './model';
import { targetFor, type TargetRule } from './targets';

export function viewItems(
  model: MaturityModel,
  /** Read for this view: each is filled in place and returned as its view. */
  records: readonly ItemDraft[],
  targets: readonly TargetRule[],
  rules: StatusRules,
  now: Date,
  staleAfterDays: number,
  /** How many days before their answers expire items are due for re-attestation. */
  dueSoonDays = 0,
): ItemView[] {
  const caps = new Map(model.capabilities.map((c) => [c.key, c]));
  const views: ItemView[] = [];
  for (const r of records) {
    // Asked as its asset's kind: an item the model leaves out for that kind is in no list, count or score.
    const modelled = caps.get(r.capabilityKey);
    const capability = modelled && capabilityFor(modelled, r.kind);
    if (!capability) continue;
    // Targets mean something only when status is judged against them.
    const target =
      rules.mode === 'targets' ? targetFor(targets, r.tier, capability.pillar, capability.name) : undefined;
    const status = statusOf(
      {
        level: r.level,
        target,
        exemptReason: r.exemptReason,
        exemptUntil: r.exemptUntil,
        remediationDone: r.remediationDoneAt !== null,
      },
      rules,
    );
    const days = r.assessedAt === null ? 0 : reattestDaysOf(capability, r.answersJson, staleAfterDays);
    const assessedMs = r.assessedAt === null ? NaN : Date.parse(r.assessedAt);
    const aged = r.assessedAt !== null && olderThan(assessedMs, now, days);
    const stale = aged || r.evidenceChanged !== null;
    // The draft becomes its view in place (see ItemDraft): its fields are there already, so it keeps its shape.
    views.push(
      Object.assign(r, {
        capability,
        pillar: capability.pillar,
        target,
        status,
        stale,
        due: !stale && r.assessedAt !== null && olderThan(assessedMs, now, days, dueSoonDays),
        expiresOn: r.assessedAt === null ? null : expiryDay(assessedMs, days),
      }),
    );
  }
  return views;
}
