/**
 * Attestations bound to their evidence (issue 38): what became of each finding an assessment's answers were taken
 * from. A finding holds while the repository shows the same thing (its kind, file and fingerprint) anywhere in that
 * file; otherwise it changed (the file shows another finding of its kind) or was removed.
 */
import { type Finding } from './collectors';
import { type QuestionEvidence } from './evidence-map';

export interface EvidenceChange {
  question: string;
  was: Finding;
  /** What the file shows in its place now; null when nothing of its kind is left there. */
  now: Finding | null;
}

function holds(was: Finding, now: Finding): boolean {
  // Evidence recorded before fingerprints holds while its kind is in the file, as it was then judged.
  return now.kind === was.kind && now.file === was.file && (!was.fingerprint || now.fingerprint === was.fingerprint);
}

/** The recorded findings that no longer hold against `current` (the asset's findings today), with what replaced them. */
export function evidenceChanges(recorded: readonly QuestionEvidence[], current: readonly Finding[]): EvidenceChange[] {
  return recorded.flatMap((q) =>
    q.findings.flatMap((was) => {
      if (current.some((f) => holds(was, f))) return [];
      const rivals = current.filter((f) => f.kind === was.kind && f.file === was.file);
      const now =
        rivals.find((f) => f.detail === was.detail) ??
        [...rivals].sort((a, b) => Math.abs(a.line - was.line) - Math.abs(b.line - was.line))[0] ??
        null;
      return [{ question: q.question, was, now }];
    }),
  );
}

/** "deploy/pdb.yaml:3 PodDisruptionBudget api: removed", "deploy/api.yaml:7 Deployment api: 3 replicas: now …". */
export function changeText(c: EvidenceChange): string {
  const where = `${c.was.file}:${c.was.line} ${c.was.detail}`;
  if (!c.now) return `${where}: removed`;
  return c.now.detail === c.was.detail
    ? `${where}: changed (now at line ${c.now.line})`
    : `${where}: now ${c.now.detail} (line ${c.now.line})`;
}

/** Every change, grouped by the question whose answer rested on it: one line for check, status and the tree. */
export function changesText(changes: readonly EvidenceChange[]): string {
  const byQuestion = new Map<string, string[]>();
  for (const c of changes) byQuestion.set(c.question, [...(byQuestion.get(c.question) ?? []), changeText(c)]);
  return [...byQuestion]
    .map(([question, lines]) => `evidence changed for "${question}": ${lines.join(', ')}`)
    .join('; ');
}
