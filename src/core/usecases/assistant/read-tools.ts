/** The tools that read: items, one item, summaries, the check, evidence, drafts of work. */
import { asOf } from '../../domain/dates';
import { checkJson, checkWorkspace, RULES } from '../check';
import { itemDetail } from './item-detail';
import { filterItems, itemSummary } from './item-query';
import { summarize, SUMMARY_DIMENSIONS, type SummaryDimension } from './summaries';
import {
  ARRAY_OF_OBJECTS,
  type AssistantTool,
  FILTER,
  filterOf,
  ITEM_NAMES,
  itemOf,
  LIST_LIMIT,
  object,
  output,
  READ,
  text,
} from './tool-kit';
import { workDrafts } from './work-drafts';

export const READ_TOOLS: readonly AssistantTool[] = [
  {
    name: 'list_items',
    title: 'List maturity items',
    description:
      'Lists the SRE maturity items (one per asset and capability) in the workspace, filtered by flow, asset, owner, tier, pillar, capability, status, campaign or staleness. Use it to answer "what is Red in Checkout?" or "which tier-1 items are not assessed?". Returns each item with its key, names, level, target, status, when and by whom it was assessed, and its linked work item; at most 200 items, with the total count.',
    inputSchema: object({
      ...FILTER,
      asOf: {
        type: 'string',
        description:
          'Judge staleness, due dates and review dates as at the end of this day (YYYY-MM-DD), e.g. the end of the quarter.',
        maxLength: 10,
      },
    }),
    outputSchema: output({ total: { type: 'integer' }, shown: { type: 'integer' }, items: ARRAY_OF_OBJECTS }),
    writes: false,
    annotations: READ,
    run: (host, args) => {
      const { asOf: day, ...filter } = args;
      const at = day === undefined ? host.now : asOf(String(day));
      const items = filterItems(host.ws, host.ws.items(at), filterOf(filter));
      const shown = items.slice(0, LIST_LIMIT).map(itemSummary);
      return {
        structured: { total: items.length, shown: shown.length, items: shown },
        text:
          `${items.length} item(s)${items.length > shown.length ? `, first ${shown.length} shown` : ''}.\n` +
          shown
            .map((i) => `${i.key}: ${i.status}, level ${i.level ?? '-'}${i.target === null ? '' : ` of ${i.target}`}`)
            .join('\n'),
      };
    },
  },
  {
    name: 'get_item',
    title: 'Explain one maturity item',
    description:
      'Explains one item (flow, asset and capability): the questions of each level with the answers recorded, notes, the evidence its answers were taken from, its recent history, its linked work item, its target, and the next step ("level 2 needs: …"). Use it before advising what an asset must do to reach its target.',
    inputSchema: object(ITEM_NAMES, ['flow', 'asset', 'capability']),
    outputSchema: output({
      key: { type: 'string' },
      status: { type: 'string' },
      levels: ARRAY_OF_OBJECTS,
      nextStep: { type: 'object' },
      history: ARRAY_OF_OBJECTS,
    }),
    writes: false,
    annotations: READ,
    run: (host, args) => {
      const detail = itemDetail(host.ws, itemOf(host, args));
      return {
        structured: detail,
        text: `${detail.key}: ${detail.status}, level ${detail.level ?? '-'}${detail.target === null ? '' : ` of target ${detail.target}`}. Next: ${detail.nextStep.text}.`,
      };
    },
  },
  {
    name: 'summarize',
    title: 'Summarize maturity scores',
    description:
      'Scores and status counts grouped by flow, owner, tier, pillar or campaign, the same numbers as `sre-tracker status --by`. A score is the share of in-scope items (Not applicable left out) at or above their target. Use it for "how is team-payments doing?" or a weekly status.',
    inputSchema: object({
      by: { type: 'string', description: 'How to group the items.', enum: SUMMARY_DIMENSIONS },
    }),
    outputSchema: output({ by: { type: 'string' }, groups: ARRAY_OF_OBJECTS, total: { type: 'object' } }),
    writes: false,
    annotations: READ,
    run: (host, args) => {
      const summary = summarize(host.ws, (args.by ?? 'flow') as SummaryDimension, host.now);
      return {
        structured: summary,
        text: [...summary.groups, summary.total]
          .map((g) => `${g.name}: score ${g.score}% (${g.atTarget} of ${g.inScope} at target)`)
          .join('\n'),
      };
    },
  },
  {
    name: 'find_evidence',
    title: 'Find evidence in the repository',
    description:
      'Reads the repository for evidence of maturity (SLO specs, alert rules, Kubernetes and Helm manifests, chaos and load tests, backups, runbooks, CODEOWNERS) in the folders flows.csv gives each asset, and says which questions it suggests answering yes, as `sre-tracker evidence --json`. Nothing is answered by it: suggest, and let the person confirm.',
    inputSchema: object({ flow: ITEM_NAMES.flow, asset: ITEM_NAMES.asset }),
    outputSchema: output({ version: { type: 'integer' }, assets: ARRAY_OF_OBJECTS, problems: { type: 'array' } }),
    writes: false,
    annotations: READ,
    run: async (host, args) => {
      // The evidence scan (and its formats) loads only when asked for.
      const { evidenceReport } = await import('../evidence/evidence-report');
      const report = evidenceReport(host.ws, { flow: args.flow as string, asset: args.asset as string });
      return {
        structured: report,
        text: report.assets
          .map(
            (a) =>
              `${a.flow} / ${a.asset}: ${a.findings.length} finding(s), ${a.questions.length} question(s) suggested yes`,
          )
          .join('\n'),
      };
    },
  },
  {
    name: 'check',
    title: 'Check against the CI gate rules',
    description: `Checks the items against rules, as \`sre-tracker check --format json\` does in CI: ${RULES.join(', ')} (default red), within flows and tiers. Use it for "would the gate pass?" and to list what breaks it.`,
    inputSchema: object({
      failOn: text(`Rules, comma-separated: ${RULES.join(', ')}. Default: red.`),
      flows: text('Flows in scope, separated by ";". Default: all.'),
      tiers: text('Tiers in scope, separated by ";", e.g. "1;2". Default: all.'),
    }),
    outputSchema: output({
      version: { type: 'integer' },
      ok: { type: 'boolean' },
      rules: { type: 'array' },
      checked: { type: 'integer' },
      failures: ARRAY_OF_OBJECTS,
    }),
    writes: false,
    annotations: READ,
    run: async (host, args) => {
      const list = (v: unknown) => (typeof v === 'string' ? v.split(';').filter(Boolean) : []);
      const result = await checkWorkspace(
        host.ws,
        {
          failOn: typeof args.failOn === 'string' ? [args.failOn] : [],
          flows: list(args.flows),
          tiers: list(args.tiers),
        },
        'flows.csv',
      );
      const json = JSON.parse(checkJson(result)) as Record<string, unknown>;
      return {
        structured: json,
        text: `${result.failures.length === 0 ? 'ok' : 'fails'}: ${result.failures.length} of ${result.checked.length} item(s) break ${result.rules.join(', ')}`,
      };
    },
  },
  {
    name: 'draft_work',
    title: 'Draft tracker work items',
    description:
      'Drafts the work items (stories or issues) the configured tracker would get: title, description and labels, written from the same templates as create-work, without creating anything. Name one item (flow, asset, capability) to draft it; give a filter instead to draft every item in it that needs work (Red, nothing linked). Use it for "draft the stories for the tier-1 gaps".',
    inputSchema: object(FILTER),
    outputSchema: output({ tracker: { type: 'string' }, workName: { type: 'string' }, drafts: ARRAY_OF_OBJECTS }),
    writes: false,
    annotations: READ,
    run: (host, args) => {
      const named = args.flow !== undefined && args.asset !== undefined && args.capability !== undefined;
      const items = filterItems(host.ws, host.ws.items(host.now), filterOf(args));
      const drafts = workDrafts(host.ws, items, named);
      return {
        structured: drafts,
        text: `${drafts.drafts.length} ${drafts.workName} draft(s):\n${drafts.drafts.map((d) => d.title).join('\n')}`,
      };
    },
  },
];
