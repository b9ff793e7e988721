/** Terraform: SLOs and burn-rate alert policies on Google Cloud, and AWS FIS experiment templates. */
import { type Finding } from '../finding';
import { type EvidenceFormat } from './format';

/** Every line of a .tf file matching `line`, found as `kind` and said by `detail`. */
function terraform(
  name: string,
  line: RegExp,
  kind: Finding['kind'],
  detail: (m: RegExpExecArray) => string,
): EvidenceFormat {
  return {
    name,
    mayBeIn: (file, text) => file.endsWith('.tf') && line.test(text),
    text: (file, content) =>
      content.split('\n').flatMap((l, i) => {
        const m = line.exec(l);
        return m ? [{ kind, file, line: i + 1, detail: detail(m) }] : [];
      }),
  };
}

export const TERRAFORM_FORMATS: readonly EvidenceFormat[] = [
  terraform(
    'Terraform google_monitoring_slo',
    /^\s*resource\s+"google_monitoring_slo"\s+"([^"]+)"/m,
    'slo',
    (m) => `SLO ${m[1]} (Terraform google_monitoring_slo)`,
  ),
  terraform(
    'Terraform alert policies on SLO burn rate',
    /select_slo_burn_rate/,
    'burn-rate-alerts',
    () => 'Terraform alert policy on SLO burn rate',
  ),
  terraform(
    'Terraform AWS FIS experiment templates',
    /^\s*resource\s+"aws_fis_experiment_template"\s+"([^"]+)"/m,
    'chaos-experiments',
    (m) => `AWS FIS experiment template ${m[1]} (Terraform)`,
  ),
];
