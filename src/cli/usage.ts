/**
 * Each command's usage line: here, apart from the commands, so `--help` prints them without loading any command.
 * The lines that name the services are in service-usage.ts, which loads the registry.
 */

export const SETUP_USAGE = `sre-tracker setup [--dir DIR] [--flow NAME --assets a,b,c]... [--flows-csv FILE] [--model FILE] [--prune]
  With no flows given and no flows.csv yet, asks for flow names and their assets.`;
export const STATUS_USAGE =
  "sre-tracker status [--dir DIR] [--by flow|owner|tier|pillar|kind] [--stale|--due|--attested] [--as-of YYYY-MM-DD] [--at REF]   (--at: the data folder as it was at a commit; --attested: levels resting mostly on someone's word; --as-of: as things will stand at the end of that day)";
export const EXPORT_USAGE =
  'sre-tracker export [--dir DIR] [--not-applicable] [--at REF] [--out FILE|-]   (default FILE: maturity_matrix.csv, or not_applicable.csv, in the data folder)';
export const ASSESS_USAGE = `sre-tracker assess [--dir DIR] [--flow F --asset A --capability C] [--answers yes,no,… | --level N] [--notes TEXT] [--evidence URL] [--by NAME] [--use-evidence]
  --use-evidence: yes where the repository shows the evidence (sre-tracker evidence), kept with the assessment so a change to it makes the assessment stale.
  Missing names and answers are asked for; --answers are in model order (sre-tracker assess --help lists it per capability).`;
export const REPORT_USAGE =
  'sre-tracker report [--dir DIR] [--out DIR] [--format html [--by flow|owner|tier]]   (html adds maturity_report.html, its heatmap rows grouped by --by)';
export const EXEMPT_USAGE = `sre-tracker not-applicable [--dir DIR] --flow F --asset A --capability C --reason TEXT [--until YYYY-MM-DD] [--by NAME]   (also: exempt)
  With approvers (approvers.csv, else CODEOWNERS' owners of the data folder) it is a request, --until required.`;
export const UNEXEMPT_USAGE =
  'sre-tracker clear-not-applicable [--dir DIR] --flow F --asset A --capability C [--reason TEXT] [--by NAME]   (also: unexempt; --reason required where approvers decide)';
export const APPROVE_USAGE =
  'sre-tracker approve-not-applicable [--dir DIR] --flow F --asset A --capability C [--by NAME]   (an approver other than the requester)';
export const REJECT_USAGE =
  'sre-tracker reject-not-applicable [--dir DIR] --flow F --asset A --capability C --reason TEXT [--by NAME]';
export const CAMPAIGN_USAGE = `sre-tracker campaign list [--dir DIR]
sre-tracker campaign add --name NAME --target LEVEL --due YYYY-MM-DD [--flows "A;B"] [--tiers "1;2"] [--pillar P] [--capability C]
sre-tracker campaign remove --name NAME`;
export const DEMO_USAGE = 'sre-tracker demo [--dir DIR]   (default DIR: ./demo-workspace; rebuilt on every run)';
export const GIT_SETUP_USAGE = `sre-tracker git-setup [--dir DIR] [--cli "COMMAND"]   (registers the merge and diff drivers for sre_data.db in .git/config)`;
export const MERGE_DB_USAGE =
  "sre-tracker merge-db BASE OURS THEIRS   (git's merge driver for sre_data.db: %O %A %B; the merge is written to OURS)";
export const DUMP_USAGE =
  "sre-tracker dump [FILE] [--dir DIR]   (sre_data.db as sorted text: git's textconv, and for reviews)";
export const EVIDENCE_USAGE =
  'sre-tracker evidence [--dir DIR] [--flow F] [--asset A] [--json]   (what the repository shows, per asset and question)';
export const CHECK_USAGE = `sre-tracker check [--dir DIR] [--fail-on red|below-target|stale|expired-exemption|unapproved-not-applicable]... [--flows "A;B"] [--tiers "1;2"]
  [--format text|json|junit|github] [--out FILE] [--changed-since REF] [--as-of YYYY-MM-DD] [--at REF]   (exit 0 ok, 1 something in scope breaks a rule, 2 bad input)`;
export const DIFF_USAGE = `sre-tracker diff [--dir DIR] --base REF [--head REF|--worktree] [--format text|markdown|json|github] [--fail-on regression] [--out FILE]
  (the maturity impact of a change: evidence gained, lost or changed, assessments, what the model and targets do; exit 1 on a regression with --fail-on)`;
export const ROLLUP_USAGE = `sre-tracker rollup DIR... [--glob "repos/*/sre"] [--out org_report.html|-] [--json]   (many workspaces into one organisation report; exit 1 when one could not be read)
sre-tracker rollup DIR... [--metrics FILE|-] [--push URL [--prune]] [--granularity item|asset|flow]   (their metrics; each pushed under its repository and folder; --prune deletes groups of workspaces no longer found)`;
export const MCP_USAGE = `sre-tracker mcp [--dir DIR] [--allow-writes]   (a Model Context Protocol server on stdio for AI assistants: read tools;
  record_assessment, mark_not_applicable and create_work only with --allow-writes; logs to stderr)`;
export const MODEL_USAGE = `sre-tracker model import --from aws-lens|azure-checklist FILE [--out FILE] [--dir DIR]
  (an AWS Well-Architected custom lens or an Azure review checklist as maturity_model.csv; then run setup)`;
export const METRICS_USAGE = `sre-tracker metrics [--dir DIR] [--out FILE] [--openmetrics] [--granularity item|asset|flow]
  [--push URL [--workspace NAME] [--delete]] [--serve [HOST]:PORT]   (Prometheus exposition, per asset unless --granularity item;
  push to a Pushgateway under the repository and folder, e.g. workspace="acme/checkout/sre", delete a workspace's group, or serve /metrics)
sre-tracker metrics --rules [--prometheus-rule [--rule-labels KEY=VALUE]...] [--red-days N] [--runbook-url https://…] | --dashboard [--configmap]   (alerting rules; a Grafana dashboard, or its ConfigMap for the Grafana sidecar)`;
