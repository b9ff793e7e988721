/** Reads the maturity model back out of the database: pillars, capabilities, levels and questions with their scopes. */
import { type Capability, type MaturityModel, questionKey } from '../domain/model';
import { type Db } from './store';

export function readModel(db: Db): MaturityModel {
  const pillars = db.all<{ name: string }>('SELECT name FROM pillars ORDER BY position').map((p) => p.name);
  const caps = db.all<{
    id: number;
    key: string;
    name: string;
    pillar: string;
    applies_to: string;
    reattest_days: number | null;
    requires_comment: number;
  }>(
    `SELECT c.id, c.key, c.name, p.name AS pillar, c.applies_to, c.reattest_days, c.requires_comment FROM capabilities c JOIN pillars p ON p.id = c.pillar_id
     WHERE c.retired = 0 ORDER BY p.position, c.position`,
  );
  const levels = db.all<{ capability_id: number; level: number; name: string; criteria: string }>(
    'SELECT * FROM levels ORDER BY level',
  );
  const questions = db.all<{
    capability_id: number;
    level: number;
    text: string;
    applies_to: string;
    source_id: string;
    guidance: string;
    reattest_days: number | null;
    requires_comment: number;
  }>(
    'SELECT capability_id, level, text, applies_to, source_id, guidance, reattest_days, requires_comment FROM questions ORDER BY level, position',
  );
  const capabilities: Capability[] = caps.map((c) => ({
    key: c.key,
    name: c.name,
    pillar: c.pillar,
    ...scopesOf(
      c.applies_to,
      questions.filter((q) => q.capability_id === c.id && q.applies_to !== ''),
    ),
    ...sourcesOf(questions.filter((q) => q.capability_id === c.id && q.source_id !== '')),
    ...guidanceOf(questions.filter((q) => q.capability_id === c.id && q.guidance !== '')),
    ...attestationOf(
      c,
      questions.filter((q) => q.capability_id === c.id && (q.reattest_days !== null || q.requires_comment)),
    ),
    levels: levels
      .filter((l) => l.capability_id === c.id)
      .map((l) => ({
        level: l.level,
        name: l.name,
        criteria: l.criteria,
        questions: questions.filter((q) => q.capability_id === c.id && q.level === l.level).map((q) => q.text),
      })),
  }));
  return { pillars: pillars.filter((p) => capabilities.some((c) => c.pillar === p)), capabilities };
}

/** A capability's stored scopes (domain/kinds.ts), left out entirely where it has none. */
function scopesOf(
  appliesTo: string,
  narrowed: readonly { level: number; text: string; applies_to: string }[],
): Pick<Capability, 'appliesTo' | 'questionScopes'> {
  return {
    ...(appliesTo ? { appliesTo: appliesTo.split(';') } : {}),
    ...(narrowed.length
      ? {
          questionScopes: Object.fromEntries(
            narrowed.map((q) => [questionKey(q.level, q.text), q.applies_to.split(';')]),
          ),
        }
      : {}),
  };
}

/** Where a capability's imported questions came from, left out where none was imported. */
function sourcesOf(
  imported: readonly { level: number; text: string; source_id: string }[],
): Pick<Capability, 'questionSources'> {
  return imported.length
    ? { questionSources: Object.fromEntries(imported.map((q) => [questionKey(q.level, q.text), q.source_id])) }
    : {};
}

/** What to do for a capability's questions, left out where none says. */
function guidanceOf(
  guided: readonly { level: number; text: string; guidance: string }[],
): Pick<Capability, 'questionGuidance'> {
  return guided.length
    ? { questionGuidance: Object.fromEntries(guided.map((q) => [questionKey(q.level, q.text), q.guidance])) }
    : {};
}

/** How long a capability's answers hold and which need notes, left out where the model says nothing. */
function attestationOf(
  cap: { reattest_days: number | null; requires_comment: number },
  rows: readonly { level: number; text: string; reattest_days: number | null; requires_comment: number }[],
): Pick<Capability, 'reattestDays' | 'questionReattestDays' | 'requiresComment' | 'questionsNeedingComment'> {
  const shorter = rows.filter((q) => q.reattest_days !== null);
  const commented = rows.filter((q) => q.requires_comment);
  return {
    ...(cap.reattest_days !== null ? { reattestDays: cap.reattest_days } : {}),
    ...(cap.requires_comment ? { requiresComment: true } : {}),
    ...(shorter.length
      ? {
          questionReattestDays: Object.fromEntries(
            shorter.map((q) => [questionKey(q.level, q.text), Number(q.reattest_days)]),
          ),
        }
      : {}),
    ...(commented.length ? { questionsNeedingComment: commented.map((q) => questionKey(q.level, q.text)) } : {}),
  };
}
