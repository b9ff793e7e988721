/**
 * The maturity impact of a change (issue 40): between two states of a data folder and its repository (two commits,
 * or a commit and the working tree), the evidence each changed asset gained, lost or changed, what that does to the
 * answers resting on it, the assessments and Not applicable recorded, and what the model, targets and flows do to
 * the whole portfolio.
 */
import { levelFromAnswers } from '../../../shared/maturity';
import { type Campaign } from '../../domain/campaigns';
import { answersOf, type ItemView } from '../../domain/items';
import { groupStatus } from '../../domain/summary';
import { type Finding } from '../evidence/collectors';
import { type EvidenceChange, evidenceChanges } from '../evidence/evidence-changes';
import { evidenceFor, type EvidenceMap, type QuestionEvidence } from '../evidence/evidence-map';

/** One side of the diff: its items now, each asset's findings (only assets whose files changed), its question map. */
export interface DiffSide {
  items: readonly ItemView[];
  /** By flow key/asset key. */
  findings: ReadonlyMap<string, readonly Finding[]>;
  map: EvidenceMap;
  /** Recorded evidence of assessed items, by item key. */
  recorded: ReadonlyMap<string, readonly QuestionEvidence[]>;
  campaigns: readonly Campaign[];
}

export interface FindingChange {
  kind: 'gained' | 'lost' | 'changed';
  asset: string;
  /** The finding at head (gained, changed) or at base (lost). */
  finding: Finding;
  /** For changed: what it was at base. */
  was?: Finding;
  /** The questions this kind of evidence supports (maturity_model.csv's evidence column). */
  questions: string[];
  /** Items whose recorded answers rest on it (lost or changed only). */
  restingOn: string[];
}

export interface LevelChange {
  key: string;
  from: number | null;
  to: number | null;
  target: number | null;
  by: string | null;
  at: string | null;
  /** Below its target at head and not at base. */
  belowTarget: boolean;
}

export interface PortfolioDiff {
  version: 1;
  evidence: FindingChange[];
  /** The level the repository's evidence alone supports, where a change moved it. */
  supported: { key: string; from: number; to: number }[];
  /** Campaigns added, removed, or with a new deadline or target. */
  campaigns: string[];
  levels: LevelChange[];
  notApplicable: { key: string; from: string | null; to: string | null }[];
  /** Work items linked, unlinked or in another state. */
  links: string[];
  /** What the head's model, targets and flows do to every item: counts that changed status. */
  whatIf: {
    newlyRed: string[];
    noLongerRed: string[];
    flowsMissingTarget: string[];
    flowsNowAtTarget: string[];
    /** Items whose recorded answers reach a lower level under the head's model (a new question), until answered. */
    fallUntilAnswered: { key: string; from: number; to: number }[];
  };
  /** Evidence an answer rests on lost or changed, or a recorded level fallen below its target. */
  regressions: string[];
}

function assetFindings(side: DiffSide, asset: string): readonly Finding[] {
  return side.findings.get(asset) ?? [];
}

/** The findings of assets whose files changed, compared by kind, file and fingerprint. */
function evidenceDiff(base: DiffSide, head: DiffSide): FindingChange[] {
  const questionsFor = (f: Finding) => [...head.map].filter(([, kinds]) => kinds.includes(f.kind)).map(([q]) => q);
  const resting = (asset: string, f: Finding) =>
    [...head.recorded]
      .filter(
        ([key, rec]) =>
          key.startsWith(`${asset}/`) &&
          rec.some((q) =>
            q.findings.some((r) => r.kind === f.kind && r.file === f.file && r.fingerprint === f.fingerprint),
          ),
      )
      .map(([key]) => key);
  const changes: FindingChange[] = [];
  for (const asset of new Set([...base.findings.keys(), ...head.findings.keys()])) {
    const before = assetFindings(base, asset);
    const after = assetFindings(head, asset);
    // What base had that head does not show as it was: lost, or changed into what head shows in its place.
    const gone: EvidenceChange[] = evidenceChanges([{ question: '', findings: [...before] }], after);
    for (const g of gone)
      changes.push({
        kind: g.now ? 'changed' : 'lost',
        asset,
        finding: g.now ?? g.was,
        ...(g.now ? { was: g.was } : {}),
        questions: questionsFor(g.was),
        restingOn: resting(asset, g.was),
      });
    // What head shows that base did not: gained, unless it is what a changed finding became.
    const replaced = new Set(gone.flatMap((g) => (g.now ? [g.now] : [])));
    for (const a of evidenceChanges([{ question: '', findings: [...after] }], before))
      if (!replaced.has(a.was))
        changes.push({ kind: 'gained', asset, finding: a.was, questions: questionsFor(a.was), restingOn: [] });
  }
  return changes;
}

/** The level the asset's findings alone support for each of its items' capabilities, by item key. */
function supportedLevels(side: DiffSide, assets: ReadonlySet<string>): Map<string, number> {
  const levels = new Map<string, number>();
  for (const item of side.items) {
    const asset = `${item.flowKey}/${item.assetKey}`;
    if (!assets.has(asset)) continue;
    const found = evidenceFor(item.capability, side.map, { findings: [...assetFindings(side, asset)] });
    levels.set(item.key, levelFromAnswers(item.capability, Object.fromEntries(found.map((q) => [q.question, true]))));
  }
  return levels;
}

function campaignChanges(base: readonly Campaign[], head: readonly Campaign[]): string[] {
  const before = new Map(base.map((c) => [c.name, c]));
  const after = new Map(head.map((c) => [c.name, c]));
  return [
    ...head.flatMap((c) => {
      const b = before.get(c.name);
      if (!b) return [`campaign "${c.name}" added: level ${c.targetLevel} by ${c.due}`];
      const moved = [
        b.due !== c.due ? `due ${b.due} → ${c.due}` : '',
        b.targetLevel !== c.targetLevel ? `target level ${b.targetLevel} → ${c.targetLevel}` : '',
      ].filter(Boolean);
      return moved.length ? [`campaign "${c.name}": ${moved.join(', ')}`] : [];
    }),
    ...base.filter((c) => !after.has(c.name)).map((c) => `campaign "${c.name}" removed`),
  ];
}

function flowsAtTarget(items: readonly ItemView[]): Set<string> {
  const flows = new Map<string, ItemView[]>();
  for (const i of items) flows.set(i.flowName, [...(flows.get(i.flowName) ?? []), i]);
  return new Set(
    [...flows]
      .filter(([name, members]) => {
        const g = groupStatus(name, members);
        return g.inScope > 0 && g.atTarget === g.inScope;
      })
      .map(([name]) => name),
  );
}

export function portfolioDiff(base: DiffSide, head: DiffSide): PortfolioDiff {
  const before = new Map(base.items.map((i) => [i.key, i]));
  const levels: LevelChange[] = [];
  const notApplicable: PortfolioDiff['notApplicable'] = [];
  const links: string[] = [];
  for (const i of head.items) {
    const b = before.get(i.key);
    // A new assessment (or an undone one): its time changed.
    if ((b?.assessedAt ?? null) !== i.assessedAt)
      levels.push({
        key: i.key,
        from: b?.level ?? null,
        to: i.level,
        target: i.target ?? null,
        by: i.assessedBy,
        at: i.assessedAt,
        belowTarget:
          i.target !== undefined &&
          (i.level ?? 0) < i.target &&
          !(b && b.target !== undefined && (b.level ?? 0) < b.target),
      });
    const [was, now] = [b?.link ?? null, i.link];
    if (now && (!was || was.id !== now.id))
      links.push(`${i.key}: linked to ${now.displayId}${now.state ? ` (${now.state})` : ''}`);
    else if (was && !now) links.push(`${i.key}: no longer linked to ${was.displayId}`);
    else if (was && now && was.state !== now.state)
      links.push(`${i.key}: ${now.displayId} ${was.state ?? '?'} → ${now.state ?? '?'}`);
    if ((b?.exemptReason ?? null) !== i.exemptReason)
      notApplicable.push({ key: i.key, from: b?.exemptReason ?? null, to: i.exemptReason });
  }
  const red = (items: readonly ItemView[]) => new Set(items.filter((i) => i.status === 'Red').map((i) => i.key));
  const [redBefore, redAfter] = [red(base.items), red(head.items)];
  const [atBefore, atAfter] = [flowsAtTarget(base.items), flowsAtTarget(head.items)];
  const evidence = evidenceDiff(base, head);
  const assets = new Set([...base.findings.keys(), ...head.findings.keys()]);
  const [supportedBefore, supportedAfter] = [supportedLevels(base, assets), supportedLevels(head, assets)];
  const regressions = [
    ...evidence
      .filter((e) => e.kind !== 'gained' && e.restingOn.length > 0)
      .map(
        (e) =>
          `${e.restingOn.join(', ')}: rests on ${e.finding.file}:${e.finding.line} ${(e.was ?? e.finding).detail}, ${e.kind === 'lost' ? 'removed' : `now ${e.finding.detail}`}`,
      ),
    ...levels
      .filter((l) => l.belowTarget && l.from !== null && (l.to ?? 0) < l.from)
      .map((l) => `${l.key}: L${l.from} → L${l.to ?? 0}, below its target ${l.target}`),
  ];
  return {
    version: 1,
    evidence,
    supported: [...supportedAfter].flatMap(([key, to]) => {
      const from = supportedBefore.get(key) ?? 0;
      return from !== to ? [{ key, from, to }] : [];
    }),
    campaigns: campaignChanges(base.campaigns, head.campaigns),
    levels,
    notApplicable,
    links,
    whatIf: {
      newlyRed: [...redAfter].filter((k) => !redBefore.has(k)),
      noLongerRed: [...redBefore].filter((k) => !redAfter.has(k) && head.items.some((i) => i.key === k)),
      flowsMissingTarget: [...atBefore].filter((f) => !atAfter.has(f)),
      flowsNowAtTarget: [...atAfter].filter((f) => !atBefore.has(f)),
      fallUntilAnswered: head.items.flatMap((i) => {
        if (i.level === null || !i.answersJson) return [];
        const to = levelFromAnswers(i.capability, answersOf(i));
        return to < i.level ? [{ key: i.key, from: i.level, to }] : [];
      }),
    },
    regressions,
  };
}
