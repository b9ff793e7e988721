/** Work item titles and descriptions from templates; the title always carries the item key, so sync can link work back. */
import { levelInfo, openQuestionsOfNextLevel } from '../../shared/maturity';
import { type Capability, questionKey } from '../../shared/model-types';
import { inputError } from '../errors';
import { type Campaign } from './campaigns';
import { escapeXml, escapeXmlLines } from './html-escape';
import { keysInName } from './item-keys';
import { answersOf, type ItemView } from './items';
import { MAX_KEY_LENGTH } from './keys';

export const DEFAULT_NAME_TEMPLATE = '[SRE {key}] Raise {capability} to level {nextLevel}';

export const DEFAULT_DESCRIPTION_TEMPLATE = `<p><b>{flow} / {asset}</b>: {capability} ({pillar}) is at level {level} of {target}, status {status}.</p>
<p><b>Next: level {nextLevel}</b>: {nextCriteria}</p>
<p>Questions still answered no:</p>{openQuestions}
<p>Notes: {notes}</p>
<p>Evidence: {evidence}</p>
{campaigns}<p>Item key: {key} (SRE Maturity Tracker)</p>`;

export const PLACEHOLDERS = [
  'key',
  'flow',
  'asset',
  'tier',
  'owner',
  'capability',
  'pillar',
  'level',
  'target',
  'nextLevel',
  'status',
  'nextCriteria',
  'openQuestions',
  'notes',
  'evidence',
  'campaigns',
  'due',
] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** The longest work item title a tracker we know takes; each tracker passes its own limit to storyName. */
export const LONGEST_TITLE = 256;

export interface StoryTemplates {
  name: string;
  description: string;
}

/** Checks a template names only known placeholders (and, for names, the key). `source` names where it came from. */
export function checkTemplate(template: string, source: string, needsKey: boolean): string {
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1] ?? '')) {
      throw inputError(
        `${source}: unknown placeholder {${m[1]}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
      );
    }
  }
  if (needsKey) keyMarker(template, source);
  return template;
}

const KEY_CHAR = /[\p{L}\p{N}/-]/u;

/**
 * The fixed text right before {key} in a name template ("[SRE " in the default): sync finds stories by it
 * anywhere in the project, since a tracker's CSV import may drop their parent and tags. It must end, and the key must be
 * followed by, a character that cannot be part of a key, so the key reads back whole from the name.
 */
export function keyMarker(template: string, source = 'story name template'): string {
  const at = template.indexOf('{key}');
  if (at < 0) throw inputError(`${source}: the story name must contain {key}, so sync can link stories to items`);
  // Names have their white space folded (storyName), so the marker is too.
  const marker = template
    .slice(template.lastIndexOf('}', at) + 1, at)
    .replace(/\s+/g, ' ')
    .trimStart();
  const after = template.slice(at + '{key}'.length, at + '{key}'.length + 1);
  if (!marker.trim() || KEY_CHAR.test(marker.slice(-1)) || after === '{' || KEY_CHAR.test(after)) {
    throw inputError(
      `${source}: put fixed text before {key} and a space or bracket after it, as in "${DEFAULT_NAME_TEMPLATE}", so sync can find work imported by hand by its title`,
    );
  }
  if (marker.length + MAX_KEY_LENGTH + 1 > LONGEST_TITLE)
    throw inputError(
      `${source}: the text before {key} is too long for a work item's title (${LONGEST_TITLE} characters)`,
    );
  return marker;
}

/** The placeholders by name, looked up for every placeholder of every story a report fills. */
const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDERS);

/** Templates split once into text and placeholder names (odd indexes): a report fills thousands of stories from two. */
const compiled = new Map<string, string[]>();

/** `template` with each placeholder replaced by `value(name)`, asked only for the placeholders it holds. */
function fill(template: string, value: (name: Placeholder) => string): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{([^{}]*)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    out += (KNOWN.has(name) ? value(name as Placeholder) : `{${name}}`) + (parts[i + 1] ?? '');
  }
  return out;
}

/** The open questions of an item's next level, as plain text and as the description's list. */
interface OpenQuestions {
  plain: string;
  html: string;
}

/**
 * Fills the work templates for many items. What depends only on the capability, level and answers (the open
 * questions and their guidance) is built once per combination, and a value is worked out only when the template
 * names it: a report writes thousands of stories that share a few dozen such combinations.
 */
export class StoryTexts {
  private readonly open = new Map<Capability, Map<string, OpenQuestions>>();

  constructor(private readonly templates: StoryTemplates) {}

  /** The title, at most `limit` characters, with the key kept whole. */
  name(item: ItemView, campaigns: readonly Campaign[], limit: number): string {
    const template = this.templates.name;
    const name = fill(template, (p) => this.plain(p, item, campaigns))
      .replace(/\s+/g, ' ')
      .trim();
    if (name.length <= limit) return name;
    const cut = `${name.slice(0, limit - 1)}…`;
    if (keysInName(cut).includes(item.key)) return cut;
    // The key must survive the cut: marker and key first, then as much of the rest as fits (keys are bounded, so they fit).
    const marker = keyMarker(template);
    return `${`${marker}${item.key} ${name.replace(`${marker}${item.key}`, '')}`.slice(0, limit - 1)}…`;
  }

  /** The HTML description: every value escaped, lists as <ul>, line breaks kept. */
  description(item: ItemView, campaigns: readonly Campaign[]): string {
    return fill(this.templates.description, (p) => {
      switch (p) {
        case 'openQuestions':
          return this.openQuestions(item).html;
        case 'evidence':
          return item.evidenceUrl
            ? `<a href="${escapeXml(item.evidenceUrl)}">${escapeXml(item.evidenceUrl)}</a>`
            : 'none';
        case 'notes':
          return item.notes ? escapeXmlLines(item.notes) : 'none';
        case 'campaigns':
          return campaigns.length
            ? `<p>Campaign${campaigns.length > 1 ? 's' : ''}: ${campaigns.map((c) => `${escapeXml(c.name)} (level ${c.targetLevel} due ${escapeXml(c.due)})`).join('; ')}</p>\n`
            : '';
        default:
          return escapeXmlLines(this.plain(p, item, campaigns));
      }
    });
  }

  private plain(p: Placeholder, item: ItemView, campaigns: readonly Campaign[]): string {
    const level = item.level ?? 0;
    switch (p) {
      case 'key':
        return item.key;
      case 'flow':
        return item.flowName;
      case 'asset':
        return item.assetName;
      case 'tier':
        return item.tier === undefined ? '' : String(item.tier);
      case 'owner':
        return item.owner;
      case 'capability':
        return item.capability.name;
      case 'pillar':
        return item.pillar;
      case 'level':
        return String(level);
      case 'target':
        return item.target === undefined ? '' : String(item.target);
      case 'nextLevel':
        return String(levelInfo(item.capability, level + 1)?.level ?? level);
      case 'status':
        return item.status;
      case 'nextCriteria':
        return levelInfo(item.capability, level + 1)?.criteria ?? 'the top level is reached';
      case 'openQuestions':
        return this.openQuestions(item).plain;
      case 'notes':
        return item.notes;
      case 'evidence':
        return item.evidenceUrl;
      case 'campaigns':
        return campaigns.map((c) => c.name).join(', ');
      case 'due':
        return campaigns.map((c) => c.due).sort()[0] ?? '';
    }
  }

  private openQuestions(item: ItemView): OpenQuestions {
    let byAnswers = this.open.get(item.capability);
    if (!byAnswers) this.open.set(item.capability, (byAnswers = new Map()));
    const level = item.level ?? 0;
    const key = `${level}:${item.answersJson ?? ''}`;
    let found = byAnswers.get(key);
    if (!found) {
      const open = openQuestionsOfNextLevel(item.capability, level, answersOf(item));
      // What to do, where the model says (an imported lens's improvement plan), under the question it answers.
      const guidance = (q: string) => item.capability.questionGuidance?.[questionKey(level + 1, q)];
      found = {
        plain: open.join('; '),
        html: open.length
          ? `<ul>${open.map((q) => `<li>${escapeXml(q)}${guidance(q) ? `<br/>What to do: ${escapeXmlLines(guidance(q) ?? '')}` : ''}</li>`).join('')}</ul>`
          : '<p>none</p>',
      };
      byAnswers.set(key, found);
    }
    return found;
  }
}
