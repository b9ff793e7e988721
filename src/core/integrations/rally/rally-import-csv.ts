/** rally_import.csv: one new user story per Red item without a story, in the column layout of Rally's CSV import. */
import { type Campaign } from '../../domain/campaigns';
import { csvLines } from '../../domain/csv-write';
import { type ItemView } from '../../domain/items';
import { campaignsOf, itemsNeedingWork, type ReportData } from '../../domain/todo-list';
import { type StoryTemplates, StoryTexts } from '../../domain/work-template';
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

/** One story's row: the item and its campaigns, looked up once for every column. */
interface Row {
  item: ItemView;
  campaigns: readonly Campaign[];
}

interface Column {
  title: string;
  value: (row: Row) => string;
}

function columns(rally: RallySettings, templates: StoryTemplates): Column[] {
  const hasPortfolioColumn = rally.csvColumns.some((c) => c === 'Portfolio Item');
  const texts = new StoryTexts(templates);
  const known: Record<(typeof KNOWN_COLUMNS)[number], (row: Row) => string> = {
    Name: (r) => texts.name(r.item, r.campaigns, RALLY_NAME_LIMIT),
    Description: (r) => texts.description(r.item, r.campaigns),
    'Schedule State': () => 'Defined',
    Project: () => rally.project,
    Parent: () => (!hasPortfolioColumn || parentIsStory(rally.parentId) ? rally.parentId : ''),
    'Portfolio Item': () => (parentIsStory(rally.parentId) ? '' : rally.parentId),
    Tags: (r) => [...rally.tags, ...r.campaigns.map((c) => c.name)].join(','),
    Notes: (r) => `SRE item ${r.item.key}`,
    Owner: (r) => r.item.owner,
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
  return [...rallyImportLines(data, rally, templates)].join('');
}

/** The file line by line, each story made as its line is written: a report never holds them all at once. */
export function rallyImportLines(data: ReportData, rally: RallySettings, templates: StoryTemplates): Iterable<string> {
  const cols = columns(rally, templates);
  function* rows() {
    for (const item of itemsNeedingWork(data.items)) {
      const row = { item, campaigns: campaignsOf(item, data.campaigns) };
      yield cols.map((c) => c.value(row));
    }
  }
  return csvLines(
    cols.map((c) => c.title),
    rows(),
  );
}
