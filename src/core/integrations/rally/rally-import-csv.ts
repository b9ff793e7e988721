/** rally_import.csv: one new user story per Red item without a story, in the column layout of Rally's CSV import. */
import { toCsv } from '../../domain/csv-write';
import { type ItemView } from '../../domain/items';
import { campaignsOf, itemsNeedingWork, type ReportData } from '../../domain/todo-list';
import { storyDescription, storyName, type StoryTemplates } from '../../domain/work-template';
import { inputError } from '../../errors';
import { parentIsStory } from './rally-query';
import { type RallySettings } from './rally-settings';
import { RALLY_NAME_LIMIT } from './rally-tracker';

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

interface Column {
  title: string;
  value: (item: ItemView) => string;
}

function columns(rally: RallySettings, data: ReportData, templates: StoryTemplates): Column[] {
  const hasPortfolioColumn = rally.csvColumns.some((c) => c === 'Portfolio Item');
  const known: Record<(typeof KNOWN_COLUMNS)[number], (item: ItemView) => string> = {
    Name: (i) => storyName(templates.name, i, campaignsOf(i, data.campaigns), RALLY_NAME_LIMIT),
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
    itemsNeedingWork(data.items).map((item) => cols.map((c) => c.value(item))),
  );
}
