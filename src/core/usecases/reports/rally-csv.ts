/** rally_import.csv: one new user story per Red item without a story, in the column layout of Rally's CSV import. */
import { toCsv } from '../../domain/csv-write';
import { type ItemView } from '../../domain/items';
import { inputError } from '../../errors';
import { parentIsStory } from '../../integrations/rally/rally-query';
import { type RallySettings } from '../../settings';
import { campaignsOf, type ReportData } from './report-data';
import { storyDescription, storyName, type StoryTemplates } from './story-template';

export const KNOWN_COLUMNS = [
  'Name',
  'Description',
  'Schedule State',
  'Project',
  'Parent',
  'Portfolio Item',
  'Tags',
  'Notes',
  'Owner',
] as const;

/** Items that need a story: Red and not yet linked to one. Exempt items are never Red. */
export function itemsNeedingStories(items: readonly ItemView[]): ItemView[] {
  return items.filter((i) => i.status === 'Red' && i.link === null);
}

interface Column {
  title: string;
  value: (item: ItemView) => string;
}

function columns(rally: RallySettings, data: ReportData, templates: StoryTemplates): Column[] {
  const hasPortfolioColumn = rally.csvColumns.some((c) => c === 'Portfolio Item');
  const known: Record<(typeof KNOWN_COLUMNS)[number], (item: ItemView) => string> = {
    Name: (i) => storyName(templates.name, i, campaignsOf(i, data.campaigns)),
    Description: (i) => storyDescription(templates.description, i, campaignsOf(i, data.campaigns)),
    'Schedule State': () => 'Defined',
    Project: () => rally.project,
    Parent: () => (!hasPortfolioColumn || parentIsStory(rally.parentId) ? rally.parentId : ''),
    'Portfolio Item': () => (parentIsStory(rally.parentId) ? '' : rally.parentId),
    Tags: (i) => [...rally.tags, ...campaignsOf(i, data.campaigns).map((c) => c.name)].join(','),
    Notes: (i) => `SRE item ${i.key}`,
    Owner: (i) => i.owner,
  };
  return rally.csvColumns.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq > 0) {
      const fixed = spec.slice(eq + 1);
      return { title: spec.slice(0, eq).trim(), value: () => fixed };
    }
    const value = known[spec as keyof typeof known];
    if (!value)
      throw inputError(
        `Rally CSV column "${spec}" is not one we fill (known: ${KNOWN_COLUMNS.join(', ')}; use "Title=value" for a fixed column)`,
      );
    return { title: spec, value };
  });
}

export function rallyImportCsv(data: ReportData, rally: RallySettings, templates: StoryTemplates): string {
  const cols = columns(rally, data, templates);
  return toCsv(
    cols.map((c) => c.title),
    itemsNeedingStories(data.items).map((item) => cols.map((c) => c.value(item))),
  );
}
