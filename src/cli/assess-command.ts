/** `sre-tracker assess`: answers by flag (--answers or --level) or by prompts, level by level; saves with history. */
import { saveAssessment } from '../core/assessment';
import { errorText, inputError } from '../core/errors';
import { Answers, answersForLevel, answersFromList, levelFromAnswers } from '../core/maturity';
import { MAX_LEVEL } from '../core/model';
import { ragOf } from '../core/status';
import { ItemView } from '../core/workspace';
import { parse, yesNoList } from './args';
import { actor, cliContext, openWorkspace } from './context';
import { Io } from './io';
import { ITEM_OPTIONS, resolveItem } from './item-args';
import { Prompter } from './prompts';

export const ASSESS_USAGE = `sre-tracker assess [--dir DIR] [--flow F --asset A --capability C] [--answers yes,no,… | --level N] [--notes TEXT] [--evidence URL] [--by NAME]
  Missing names and answers are asked for; --answers are in model order (sre-tracker assess --help lists it per capability).`;

export async function assessCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...ITEM_OPTIONS,
    answers: { type: 'string' },
    level: { type: 'string' },
    notes: { type: 'string' },
    evidence: { type: 'string' },
    by: { type: 'string' },
  });
  if (values.answers !== undefined && values.level !== undefined) throw inputError('give --answers or --level, not both');
  const level = values.level;
  if (level !== undefined && !(/^\d$/.test(level) && Number(level) <= MAX_LEVEL)) throw inputError(`--level must be 0..${MAX_LEVEL}, not "${level}"`);
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspace(ctx);
  const needsPrompts = values.flow === undefined || values.asset === undefined || values.capability === undefined || (values.answers === undefined && level === undefined);
  const prompter = needsPrompts ? new Prompter(io) : undefined;
  try {
    const now = new Date();
    const item = await resolveItem(ws.items(now), values, prompter);
    let answers: Answers;
    if (values.answers !== undefined) {
      try {
        answers = answersFromList(item.capability, yesNoList(values.answers));
      } catch (e) {
        throw inputError(`--answers: ${errorText(e)}`);
      }
    } else if (level !== undefined) answers = answersForLevel(item.capability, Number(level));
    else answers = await askQuestions(item, prompter as Prompter, io);
    const rules = ws.statusRules(now);
    const reached = levelFromAnswers(item.capability, answers);
    io.stdout(`${item.key}: level ${reached}${item.target !== undefined ? ` of ${item.target}` : ''} → ${ragOf(reached, item.target, rules)}\n`);
    const notes = values.notes ?? (prompter ? await askKeeping(prompter, 'Notes', item.notes) : item.notes);
    const evidenceUrl = values.evidence ?? (prompter ? await askKeeping(prompter, 'Evidence link', item.evidenceUrl) : item.evidenceUrl);
    saveAssessment(ws.store, { itemKey: item.key, capability: item.capability, answers, notes, evidenceUrl, by: actor(ctx, values.by), at: now });
    const saved = ws.items(now).find((i) => i.key === item.key);
    io.stdout(`Saved ${item.key}: level ${saved?.level ?? reached}, ${saved?.status ?? ''}\n`);
    return 0;
  } finally {
    prompter?.close();
    ws.store.close();
  }
}

/** Asks level by level; previous answers are offered as the default (Enter keeps them). */
async function askQuestions(item: ItemView, prompter: Prompter, io: Io): Promise<Answers> {
  const answers: Record<string, boolean> = {};
  for (const level of item.capability.levels) {
    io.stdout(`\nLevel ${level.level} · ${level.name}: ${level.criteria}\n`);
    for (const q of level.questions) {
      const before = item.answers[q];
      for (;;) {
        const a = (await prompter.ask(`  ${q} [y/n]${before === undefined ? '' : ` (Enter: ${before ? 'y' : 'n'})`} `)).toLowerCase();
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
