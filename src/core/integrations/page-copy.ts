/**
 * The To-Do page as a file to paste by hand (Insert → Markup), written by every report. Apart from the page's client,
 * so writing reports loads no HTTP or HTML parsing code.
 */
import { type ReportData } from '../domain/todo-list';
import { wikiPage } from './confluence/wiki-markup';
import { type TrackerSettings } from './settings';

export const PAGE_COPY = {
  name: 'confluence_page.txt',
  render: (data: ReportData, settings: TrackerSettings) => wikiPage(data, settings.confluence.title),
};
