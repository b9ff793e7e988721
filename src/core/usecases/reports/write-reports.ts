/** Writes confluence_page.txt, rally_import.csv when the tracker is Rally, and, on request, maturity_report.html. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Grouping } from '../../../shared/heatmap-groups';
import { trackerAdapter } from '../../integrations/registry';
import { writeOutputFile } from '../../storage/output-file';
import { FILES, type Workspace } from '../../workspace';
import { heatmap } from './heatmap';
import { maturityReportHtml } from './heatmap-html';
import { itemsNeedingStories, rallyImportCsv } from './rally-csv';
import { type ReportData, reportData } from './report-data';
import { loadTemplates } from './story-template';
import { wikiPage } from './wiki-markup';

export interface WrittenReports {
  data: ReportData;
  /** rally_import.csv, written only for a tracker whose users import from it (its adapter says so). */
  rallyCsv: string | undefined;
  confluencePage: string;
  html: string | undefined;
  /** How many stories rally_import.csv holds. */
  stories: number;
}

export function writeReports(
  ws: Workspace,
  options: { outDir?: string; html?: boolean; now?: Date; by?: Exclude<Grouping, 'folder'> } = {},
): WrittenReports {
  const now = options.now ?? new Date();
  const outDir = options.outDir ?? ws.dir;
  fs.mkdirSync(outDir, { recursive: true });
  const data = reportData(ws, now);
  const templates = loadTemplates(ws.settings.storyNameTemplate, ws.file('storyTemplate'));
  const rallyCsv = trackerAdapter(ws.settings.tracker).importCsv ? path.join(outDir, FILES.rallyCsv) : undefined;
  if (rallyCsv) writeOutputFile(rallyCsv, rallyImportCsv(data, ws.settings.rally, templates));
  const confluencePage = path.join(outDir, FILES.confluencePage);
  writeOutputFile(confluencePage, wikiPage(data, ws.settings.confluence.title));
  let html: string | undefined;
  if (options.html) {
    html = path.join(outDir, FILES.htmlReport);
    writeOutputFile(
      html,
      maturityReportHtml(heatmap(data, ws.trends(data.items, now), now), 'SRE Maturity Report', options.by),
    );
  }
  return { data, rallyCsv, confluencePage, html, stories: itemsNeedingStories(data.items).length };
}
