/** The tools that write, each as the person running the assistant: an assessment, Not applicable, a work item. */
import { type Answers, answersForLevel } from '../../../shared/maturity';
import { MAX_LEVEL, questionsOf } from '../../../shared/model-types';
import { closeMatches } from '../../domain/item-lookup';
import { answersOf } from '../../domain/items';
import { VIA_ASSISTANT } from '../../domain/provenance';
import { inputError } from '../../errors';
import { answersWithEvidence, saveAssessment } from '../assessment';
import { createWorkForItem } from '../create-work';
import { markNotApplicable } from '../not-applicable';
import { type AssistantTool, ITEM_NAMES, itemOf, object, output, text } from './tool-kit';

/**
 * Who a write through the assistant is recorded as: the person running it, marked as done through the assistant.
 * Never a name the model gives: a prompt could then forge the history.
 */
export const viaAssistant = (by: string): string => `${by}${VIA_ASSISTANT}`;

/** Answers for `item` from an answers object (question → yes/no, merged into those recorded) or a level. */
function answersFrom(item: ReturnType<typeof itemOf>, args: Record<string, unknown>): Answers | undefined {
  const level = args.level as number | undefined;
  const given = args.answers as Record<string, boolean> | undefined;
  if (level !== undefined && given !== undefined)
    throw inputError('give either "answers" (question → true/false) or "level", not both');
  if (level === undefined && given === undefined) {
    if (args.useEvidence === true) return undefined;
    throw inputError('give either "answers" (question → true/false) or "level", or "useEvidence": true');
  }
  if (level !== undefined) return answersForLevel(item.capability, level);
  const questions = questionsOf(item.capability).map((q) => q.text);
  for (const question of Object.keys(given ?? {})) {
    if (questions.includes(question)) continue;
    const near = closeMatches(question, questions);
    throw inputError(
      `answers: "${question}" is not a question of ${item.capability.name}${near.length ? `; did you mean "${near[0]}"?` : ''} (get_item lists them)`,
    );
  }
  return { ...answersOf(item), ...given };
}

export const WRITE_TOOLS: readonly AssistantTool[] = [
  {
    name: 'record_assessment',
    title: 'Record an assessment',
    description:
      'Records an assessment of one item: answers by question text (true = yes; questions left out keep their recorded answer) or a level (yes to every question up to it), with notes. It is saved with its history row under the same lock as the CLI and the extension, and can be undone there. Ask the person to confirm the answers first.',
    inputSchema: object(
      {
        ...ITEM_NAMES,
        answers: {
          type: 'object',
          description: 'Question text → true (yes) or false (no); get_item lists the questions.',
          additionalProperties: { type: 'boolean' },
        },
        level: {
          type: 'integer',
          description: 'The level reached: yes up to it, no above.',
          minimum: 0,
          maximum: MAX_LEVEL,
        },
        notes: text('Notes kept with the assessment (default: those recorded).'),
        useEvidence: {
          type: 'boolean',
          description:
            'Bind the answers to the repository evidence (find_evidence): yes where it supports a question (unless answers or level say otherwise), kept with the assessment so that a change to that evidence makes it stale.',
        },
      },
      ['flow', 'asset', 'capability'],
    ),
    outputSchema: output({ key: { type: 'string' }, level: { type: 'integer' }, status: { type: 'string' } }),
    writes: true,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async (host, args) => {
      const item = itemOf(host, args);
      const given = answersFrom(item, args);
      // The evidence scan (and its formats) loads only when asked for.
      const { answers, fromEvidence } =
        args.useEvidence === true
          ? answersWithEvidence(
              item,
              (await import('../evidence/workspace-evidence')).itemEvidence(host.ws, item),
              given,
            )
          : { answers: given ?? {}, fromEvidence: [] };
      const { level } = saveAssessment(host.ws.store, {
        itemKey: item.key,
        capability: item.capability,
        answers,
        notes: typeof args.notes === 'string' ? args.notes : item.notes,
        evidenceUrl: item.evidenceUrl,
        by: viaAssistant(host.by),
        at: host.now,
        fromEvidence,
      });
      const status = host.ws.item(item.key, host.now)?.status ?? 'Not assessed';
      return {
        structured: { key: item.key, level, status },
        text: `Recorded ${item.key}: level ${level}, ${status}.`,
      };
    },
  },
  {
    name: 'mark_not_applicable',
    title: 'Mark an item Not applicable',
    description:
      'Asks for one item to be marked Not applicable, with the reason and a review date (YYYY-MM-DD, today or later; required where approvers decide). It is only ever a request: the item counts as before until another person approves it (sre-tracker approve-not-applicable, or Approve Not Applicable in VS Code). Ask the person to confirm the reason first.',
    inputSchema: object(
      {
        ...ITEM_NAMES,
        reason: text('Why the capability does not apply to this asset.'),
        until: { type: 'string', description: 'Review date, YYYY-MM-DD.', maxLength: 10 },
      },
      ['flow', 'asset', 'capability', 'reason'],
    ),
    outputSchema: output({
      key: { type: 'string' },
      until: { type: ['string', 'null'] },
      state: { type: 'string' },
      approvers: { type: 'array' },
    }),
    writes: true,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: (host, args) => {
      const item = itemOf(host, args);
      const until = (args.until as string | undefined) ?? '';
      const { approvers } = markNotApplicable(
        host.ws,
        item,
        { reason: String(args.reason), until, by: viaAssistant(host.by), at: host.now },
        true,
      );
      return {
        structured: { key: item.key, until: until || null, state: 'pending', approvers },
        text: `Requested Not applicable for ${item.key}${until ? ` until ${until}` : ''}; it counts as before until ${approvers.length ? `one of ${approvers.join(', ')}` : 'another person'} approves it.`,
      };
    },
  },
  {
    name: 'create_work',
    title: 'Create the tracker work item',
    description:
      'Creates the work item (story or issue) for one item in the configured tracker, or links the one that already exists (found by the item key in its title): calling it twice never makes two. Needs the tracker credential in the environment of the server. Draft it with draft_work and ask the person first.',
    inputSchema: object({ ...ITEM_NAMES }, ['flow', 'asset', 'capability']),
    outputSchema: output({
      key: { type: 'string' },
      id: { type: 'string' },
      url: { type: ['string', 'null'] },
      created: { type: 'boolean' },
    }),
    writes: true,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async (host, args) => {
      const item = itemOf(host, args);
      if (!host.tracker) throw inputError('no tracker is configured for this server');
      const { link, created } = await createWorkForItem(
        host.ws,
        await host.tracker(),
        item.key,
        viaAssistant(host.by),
        host.now,
      );
      return {
        structured: { key: item.key, id: link.displayId, url: link.url, created },
        text: `${created ? 'Created' : 'Linked existing'} ${link.displayId} for ${item.key}.`,
      };
    },
  },
];
