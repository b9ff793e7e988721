/**
 * The To-Do page as a file to paste by hand (Insert → Markup), written by every report. Apart from the page's client,
 * so writing reports loads no HTTP or HTML parsing code.
 */
import { type ReportData } from '../domain/todo-list';
import { wikiPageLines } from './confluence/wiki-markup';
import { type TrackerSettings } from './settings';

export const PAGE_COPY = {
  name: 'confluence_page.txt',
  // Written line by line as it is made: the page runs to megabytes on a large workspace.
  render: (data: ReportData, settings: TrackerSettings) => wikiPageLines(data, settings.confluence.title),
};
