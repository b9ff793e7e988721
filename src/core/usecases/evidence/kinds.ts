/** The kinds of evidence a repository can hold, each with what it shows: the names maturity_model.csv's `evidence` column uses. */
export const EVIDENCE_KINDS = {
  slo: 'an SLO definition (OpenSLO, Sloth, Pyrra, slo-generator, Nobl9, Datadog, Terraform google_monitoring_slo)',
  'burn-rate-alerts':
    'alerts on error-budget burn rate (Sloth or Pyrra SLOs generate them; Prometheus rules on burn rate)',
  'alert-rules': 'Prometheus alerting rules (rule files or PrometheusRule resources)',
  'runbook-links': 'alerts with a runbook_url annotation',
  'health-probes': 'Kubernetes readiness or liveness probes',
  replicas: 'two or more replicas (a Deployment or StatefulSet, or Helm replicaCount)',
  'disruption-budget': 'a PodDisruptionBudget',
  autoscaling: 'a HorizontalPodAutoscaler (or Helm autoscaling.enabled)',
  'resource-limits': 'containers with resource requests and limits',
  'topology-spread': 'topology spread constraints or pod anti-affinity',
  codeowners: 'a CODEOWNERS entry covering the asset',
  runbooks: 'runbook documents (runbooks/, docs/runbooks/, alerts/<operator>/, *runbook*, or what an alert links)',
  postmortems: 'postmortem documents (postmortems/)',
  'chaos-experiments': 'Chaos Mesh, Litmus, Chaos Toolkit or AWS FIS chaos experiments',
  'load-tests': 'k6, Locust, Gatling or JMeter load tests',
  backups: 'Velero backup schedules or backup CronJobs',
  dashboards: 'Grafana dashboards, and which golden signals (latency, traffic, errors, saturation) their queries cover',
  'progressive-delivery': 'canary or blue-green releases with automated analysis (Argo Rollouts and AnalysisTemplates)',
} as const;

export type BuiltInKind = keyof typeof EVIDENCE_KINDS;

/** A kind an evidence format adds (EvidenceFormat.adds): made by `addedKind`, so a typo in a built-in one still fails to compile. */
export type AddedKind = string & { readonly addedKind: true };

export type EvidenceKind = BuiltInKind | AddedKind;

export function addedKind(name: string): AddedKind {
  return name as AddedKind;
}

export function isBuiltInKind(name: string): name is BuiltInKind {
  return Object.prototype.hasOwnProperty.call(EVIDENCE_KINDS, name);
}
