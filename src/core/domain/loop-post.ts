/**
 * What the tracker loop says on a work item (issue 39): the item key, the level reached against the target, and
 * what the next level still needs, with a marker (key and assessment time) by which a later sync finds it.
 */
import { levelInfo, openQuestionsOfNextLevel } from '../../shared/maturity';
import { escapeXml } from './html-escape';
import { answersOf, type ItemView } from './items';

/** The assessment the item had before its latest, for a regression's post. */
export interface PreviousLevel {
  level: number;
  at: string;
}

/** "[SRE checkout/web/slis-slos · assessed 2026-12-07T10:00:00.000Z]": one per item and assessment. */
export function loopMarker(item: Pick<ItemView, 'key' | 'assessedAt'>): string {
  return `[SRE ${item.key} · assessed ${item.assessedAt ?? '?'}]`;
}

/** The post's lines, as plain text: the first is the marker. */
export function loopPostLines(
  item: ItemView,
  work: { displayId: string; state: string },
  previous: PreviousLevel | undefined,
  missingEvidence: readonly string[] = [],
): string[] {
  const level = item.level ?? 0;
  const by = `${item.assessedBy ?? 'someone'} on ${item.assessedAt?.slice(0, 10) ?? '?'}`;
  const next = levelInfo(item.capability, level + 1);
  const open = openQuestionsOfNextLevel(item.capability, level, answersOf(item));
  return [
    loopMarker(item),
    previous && previous.level > level
      ? `${item.key} regressed: level ${previous.level} (${previous.at.slice(0, 10)}) → level ${level}, re-assessed by ${by}; the target is ${item.target ?? '?'}.`
      : `${item.key} is still short after ${work.displayId} (${work.state}): re-assessed by ${by} at level ${level}, the target is ${item.target ?? '?'}.`,
    ...(next ? [`Level ${next.level} (${next.name}) still needs:`, ...open.map((q) => `- ${q}`)] : []),
    ...(missingEvidence.length
      ? ['The repository shows no evidence for:', ...missingEvidence.map((m) => `- ${m}`)]
      : []),
  ];
}

/** The lines as HTML paragraphs, runs of "- " lines as a list: what the trackers' adapters take for a comment. */
export function loopPostHtml(lines: readonly string[]): string {
  let html = '';
  let list: string[] = [];
  const flush = () => {
    if (list.length) html += `<ul>${list.join('')}</ul>`;
    list = [];
  };
  for (const line of lines) {
    if (line.startsWith('- ')) list.push(`<li>${escapeXml(line.slice(2))}</li>`);
    else {
      flush();
      html += `<p>${escapeXml(line)}</p>`;
    }
  }
  flush();
  return html;
}
