/** `sre-tracker assess`: answers by flag (--answers or --level) or by prompts, level by level; saves with history. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { printable } from '../core/domain/control-characters';
import { answersOf, type ItemView } from '../core/domain/items';
import { MAX_LEVEL, parseMaturityModel, questionsOf } from '../core/domain/model';
import { errorText, inputError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { readTextFile } from '../core/storage/text-file';
import { answersWithEvidence, saveAssessment } from '../core/usecases/assessment';
import { defaultModelPath } from '../core/usecases/default-model';
import { type QuestionEvidence } from '../core/usecases/evidence/evidence-map';
import { itemEvidence } from '../core/usecases/evidence/workspace-evidence';
import { type Answers, answersForLevel, answersFromList, levelFromAnswers } from '../shared/maturity';
import { levelOfTarget, ragOf } from '../shared/status';
import { parse, yesNoList } from './args';
import { actor, cliContext, openWorkspace } from './context';
import { type Io } from './io';
import { ITEM_OPTIONS, resolveItem } from './item-args';
import { Prompter } from './prompts';
import { ASSESS_USAGE } from './usage';

const ASSESS_OPTIONS = {
  ...ITEM_OPTIONS,
  answers: { type: 'string' },
  level: { type: 'string' },
  notes: { type: 'string' },
  evidence: { type: 'string' },
  by: { type: 'string' },
  'use-evidence': { type: 'boolean' },
} as const;

/**
 * `assess --help`: the usage, then each capability's questions in the order --answers takes them (only the one
 * named with --capability). The model is the data folder's, else the built-in one.
 */
export async function assessHelp(args: string[], io: Io): Promise<string> {
  const { values } = parse(args, ASSESS_OPTIONS);
  const ctx = cliContext(io, values.dir);
  const model = fs.existsSync(path.join(ctx.dir, FILES.db))
    ? await openWorkspace(ctx).then((ws) => {
        try {
          return ws.model();
        } finally {
          ws.dispose();
        }
      })
    : parseMaturityModel(readTextFile(defaultModelPath()), defaultModelPath());
  const wanted = values.capability?.toLowerCase();
  const capabilities = model.capabilities.filter((c) => !wanted || c.name.toLowerCase() === wanted || c.key === wanted);
  if (capabilities.length === 0)
    throw inputError(
      `no capability "${values.capability}" (known: ${model.capabilities.map((c) => c.name).join(', ')})`,
    );
  const lists = capabilities.map((c) =>
    [
      `${c.name} (${questionsOf(c).length} answers):`,
      ...questionsOf(c).map((q, i) => `  ${i + 1}. [level ${q.level}] ${q.text}`),
    ].join('\n'),
  );
  return `${ASSESS_USAGE}\n\n--answers order per capability:\n\n${lists.join('\n\n')}\n`;
}

export async function assessCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, ASSESS_OPTIONS);
  if (values.answers !== undefined && values.level !== undefined)
    throw inputError('give --answers or --level, not both');
  const level = values.level;
  if (level !== undefined && !(/^\d$/.test(level) && Number(level) <= MAX_LEVEL))
    throw inputError(`--level must be 0..${MAX_LEVEL}, not "${level}"`);
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const needsPrompts =
    values.flow === undefined ||
    values.asset === undefined ||
    values.capability === undefined ||
    (values.answers === undefined && level === undefined && !values['use-evidence']);
  const prompter = needsPrompts ? new Prompter(io) : undefined;
  try {
    const now = new Date();
    const item = await resolveItem(ws.items(now), values, prompter, ws.model());
    let answers: Answers | undefined;
    if (values.answers !== undefined) {
      try {
        answers = answersFromList(item.capability, yesNoList(values.answers));
      } catch (e) {
        throw inputError(`--answers: ${errorText(e)}`);
      }
    } else if (level !== undefined) answers = answersForLevel(item.capability, Number(level));
    else if (!values['use-evidence']) answers = await askQuestions(item, prompter as Prompter, io);
    let fromEvidence: QuestionEvidence[] = [];
    if (values['use-evidence']) {
      ({ answers, fromEvidence } = answersWithEvidence(item, itemEvidence(ws, item), answers));
      for (const e of fromEvidence)
        io.stdout(
          `  yes from evidence: ${e.question} (${e.findings.map((f) => `${printable(f.file)}:${f.line}`).join(', ')})\n`,
        );
    }
    if (!answers) throw inputError('no answers to record');
    const rules = ws.statusRules(now);
    const reached = levelFromAnswers(item.capability, answers);
    io.stdout(`${item.key}: level ${levelOfTarget(reached, item.target)} → ${ragOf(reached, item.target, rules)}\n`);
    const notes = values.notes ?? (prompter ? await askKeeping(prompter, 'Notes', item.notes) : item.notes);
    const evidenceUrl =
      values.evidence ?? (prompter ? await askKeeping(prompter, 'Evidence link', item.evidenceUrl) : item.evidenceUrl);
    saveAssessment(ws.store, {
      itemKey: item.key,
      capability: item.capability,
      answers,
      notes,
      evidenceUrl,
      by: actor(ctx, values.by),
      at: now,
      fromEvidence,
    });
    const saved = ws.item(item.key, now);
    io.stdout(`Saved ${item.key}: level ${saved?.level ?? reached}, ${saved?.status ?? ''}\n`);
    return 0;
  } finally {
    prompter?.close();
    ws.dispose();
  }
}

/** Asks level by level; previous answers are offered as the default (Enter keeps them). */
async function askQuestions(item: ItemView, prompter: Prompter, io: Io): Promise<Answers> {
  const answers: Record<string, boolean> = {};
  const previous = answersOf(item);
  for (const level of item.capability.levels) {
    io.stdout(`\nLevel ${level.level} · ${level.name}: ${level.criteria}\n`);
    for (const q of level.questions) {
      const before = previous[q];
      for (;;) {
        const a = (
          await prompter.ask(`  ${q} [y/n]${before === undefined ? '' : ` (Enter: ${before ? 'y' : 'n'})`} `)
        ).toLowerCase();
        if (a === '' && before !== undefined) answers[q] = before;
        else if (a === 'y' || a === 'yes') answers[q] = true;
        else if (a === 'n' || a === 'no') answers[q] = false;
        else {
          io.stdout('  Please answer y or n.\n');
          continue;
        }
        break;
      }
    }
  }
  return answers;
}

async function askKeeping(prompter: Prompter, label: string, current: string): Promise<string> {
  const a = await prompter.ask(`${label}${current ? ` (Enter keeps "${current}", "-" clears)` : ' (optional)'}: `);
  if (a === '-') return '';
  return a === '' ? current : a;
}
