/**
 * Every evidence format, in the order a resource is tried (the first that claims it reads it): a format is one
 * module of this folder and one entry here. A format added by a test, or built outside this repository, is
 * registered the same way.
 */
import { EVIDENCE_KINDS, type EvidenceKind, isBuiltInKind } from '../kinds';
import { ALERTING_FORMATS } from './alerting';
import { BACKUP_FORMATS } from './backups';
import { CHAOS_FORMATS } from './chaos';
import { DASHBOARD_FORMATS } from './dashboards';
import { DELIVERY_FORMATS } from './delivery';
import { type EvidenceFormat } from './format';
import { KUBERNETES_FORMATS } from './kubernetes';
import { KUSTOMIZE_FORMATS } from './kustomize';
import { LOAD_TEST_FORMATS } from './load-tests';
import { OPERATOR_FORMATS } from './operators';
import { SLO_FORMATS } from './slos';
import { TERRAFORM_FORMATS } from './terraform';

export { type EvidenceFormat } from './format';

/**
 * The formats claim disjoint resources, except that a dashboard export (panels and a title) is one whatever else
 * it holds, a Sloth file's `groups` are not a rule file's, and a file named kustomization.yaml is read as one:
 * those formats come first.
 */
const FORMATS: EvidenceFormat[] = [
  ...DASHBOARD_FORMATS,
  ...SLO_FORMATS,
  ...KUSTOMIZE_FORMATS,
  ...ALERTING_FORMATS,
  ...DELIVERY_FORMATS,
  ...CHAOS_FORMATS,
  ...OPERATOR_FORMATS,
  ...KUBERNETES_FORMATS,
  ...BACKUP_FORMATS,
  ...TERRAFORM_FORMATS,
  ...LOAD_TEST_FORMATS,
];

export function evidenceFormats(): readonly EvidenceFormat[] {
  return FORMATS;
}

/** Adds a format after the others (a test's, or one built outside this repository). */
export function registerEvidenceFormat(format: EvidenceFormat): void {
  FORMATS.push(format);
}

/** Takes a format out again (a test that added one). */
export function unregisterEvidenceFormat(format: EvidenceFormat): void {
  const at = FORMATS.indexOf(format);
  if (at >= 0) FORMATS.splice(at, 1);
}

/** Every kind of evidence, built in or added by a format, with what it shows. */
export function evidenceKinds(): ReadonlyMap<EvidenceKind, string> {
  return new Map<EvidenceKind, string>([
    ...Object.entries(EVIDENCE_KINDS).flatMap(([kind, shows]) => (isBuiltInKind(kind) ? [[kind, shows] as const] : [])),
    ...FORMATS.flatMap((f) => (f.adds ?? []).map((a) => [a.kind, a.shows] as const)),
  ]);
}

/** The kind named `name`, built in or added; undefined for none. */
export function kindNamed(name: string): EvidenceKind | undefined {
  return [...evidenceKinds().keys()].find((k) => k === name);
}

/** The built-in model's questions the formats' added kinds support: mappings `setup` carries into workspaces. */
export function addedMappings(): { question: string; kind: EvidenceKind }[] {
  return FORMATS.flatMap((f) =>
    (f.adds ?? []).flatMap((a) => a.supports.map((question) => ({ question, kind: a.kind }))),
  );
}
