/** Writes the page's offline copy, the tracker's import file when it has one, and, on request, maturity_report.html. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Grouping } from '../../../shared/heatmap-groups';
import { itemsNeedingWork, type ReportData } from '../../domain/todo-list';
import { pageService, trackerAdapter } from '../../integrations/registry';
import { FILES } from '../../storage/data-files';
import { writeOutputFile } from '../../storage/output-file';
import { type DataFiles, type ItemSource, type SettingsSource, type TemplateSource, type TrendSource } from '../ports';
import { heatmap } from './heatmap';
import { maturityReportHtml } from './heatmap-html';
import { reportData } from './report-data';

export interface WrittenReports {
  data: ReportData;
  /** The tracker's import file, written only when its adapter declares one. */
  importFile: string | undefined;
  /** The page's copy to paste by hand. */
  pageFile: string;
  html: string | undefined;
  /** How many new work items the import file holds. */
  stories: number;
}

export function writeReports(
  ws: ItemSource & TrendSource & TemplateSource & DataFiles & SettingsSource,
  options: { outDir?: string; html?: boolean; now?: Date; by?: Exclude<Grouping, 'folder'> } = {},
): WrittenReports {
  const now = options.now ?? new Date();
  const outDir = options.outDir ?? ws.dir;
  fs.mkdirSync(outDir, { recursive: true });
  const data = reportData(ws, now);
  const templates = ws.templates();
  const exporter = trackerAdapter(ws.settings.tracker).importFile;
  const importFile = exporter ? path.join(outDir, exporter.name) : undefined;
  if (exporter && importFile) writeOutputFile(importFile, exporter.render(data, ws.settings, templates));
  const copy = pageService().copy;
  const pageFile = path.join(outDir, copy.name);
  writeOutputFile(pageFile, copy.render(data, ws.settings));
  let html: string | undefined;
  if (options.html) {
    html = path.join(outDir, FILES.htmlReport);
    writeOutputFile(
      html,
      maturityReportHtml(heatmap(data, ws.trends(data.items, now), now), 'SRE Maturity Report', options.by),
    );
  }
  return { data, importFile, pageFile, html, stories: itemsNeedingWork(data.items).length };
}
