/**
 * sre_data.db as stable, sorted text for `git diff` (textconv) and reviews: one line per assessed item, then
 * exemptions, links and the latest history. Nothing in it depends on the day it is printed.
 */
import { levelOfTarget } from '../../../shared/status';
import { printable, quoted } from '../../domain/control-characters';
import { viewItems } from '../../domain/item-views';
import { requestSummary } from '../../domain/not-applicable';
import { readItems } from '../../storage/catalog';
import { readModel } from '../../storage/model-read';
import { readSnapshot } from '../../storage/snapshot';
import { type DataStore, type StatusSource } from '../ports';

/** History entries shown at the end, newest last. */
const HISTORY_LINES = 50;

/** One value on a line, every control character escaped: no stored text can forge a line of the diff. */
const one = quoted;
/** A name or address as it is, quoted and escaped only when it holds such a character. */
const word = printable;

export function dumpDatabase(ws: DataStore & StatusSource): string {
  const { model, records, snapshot } = ws.store.read((db) => ({
    model: readModel(db),
    records: readItems(db),
    snapshot: readSnapshot(db),
  }));
  // Staleness and expiry move with the calendar, not with the data: judged on a fixed day so the text does not.
  const rules = { ...ws.statusRules(new Date(0)), today: '0000-01-01' };
  const items = viewItems(model, records, ws.targets(model), rules, new Date(0), Number.MAX_SAFE_INTEGER);
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const assessed = items.filter((i) => i.level !== null).sort(byKey);
  const exempt = items.filter((i) => i.exemptReason !== null).sort(byKey);
  const links = [...snapshot.links].sort(([a], [b]) => (a < b ? -1 : 1));
  const lines = [
    `# SRE maturity data: ${items.length} items, ${assessed.length} assessed, ${exempt.length} not applicable, ${links.length} linked`,
    '',
    '## Assessments',
    ...assessed.map(
      (i) =>
        `${i.key}: level ${levelOfTarget(i.level ?? 0, i.target)} (${i.status === 'Not applicable' ? 'not applicable' : i.status}) by ${word(i.assessedBy ?? '?')} at ${i.assessedAt ?? '?'}` +
        (i.notes ? ` · notes ${one(i.notes)}` : '') +
        (i.evidenceUrl ? ` · evidence ${word(i.evidenceUrl)}` : '') +
        (i.remediationDoneAt ? ` · remediation done ${i.remediationDoneAt}` : ''),
    ),
    '',
    '## Not applicable',
    ...exempt.map((i) => `${i.key}: ${one(i.exemptReason ?? '')}${i.exemptUntil ? ` until ${i.exemptUntil}` : ''}`),
    // Requests a reviewer must see before they count: asked, or turned down.
    ...[...items].sort(byKey).flatMap((i) => {
      const r = i.notApplicableRequest;
      return r && (r.state === 'pending' || r.state === 'rejected') ? [`${i.key}: ${one(requestSummary(r))}`] : [];
    }),
    '',
    '## Links',
    ...links.map(
      ([key, l]) =>
        `${key}: ${l.tracker} ${word(l.displayId)}${l.state ? ` (${word(l.state)})` : ''}${l.done ? ' done' : ''}${l.url ? ` ${word(l.url)}` : ''}`,
    ),
    '',
    `## History (last ${HISTORY_LINES})`,
    ...snapshot.history
      .slice(-HISTORY_LINES)
      .map(
        (h) =>
          `${h.at} ${h.itemKey} ${h.kind}${h.level === null ? '' : ` level ${h.level}`} by ${word(h.by || '?')}${h.detail ? ` · ${one(h.detail)}` : ''}`,
      ),
  ];
  return `${lines.join('\n')}\n`;
}
