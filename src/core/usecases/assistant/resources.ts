/**
 * What an assistant may read as resources: the maturity model, the flows and assets, one item, the HTML report.
 * Each is named by a fixed `sre://` address; nothing else of the data folder, nor any file path, can be asked for.
 */
import { flowsOf } from '../flows-file';
import { heatmap } from '../reports/heatmap';
import { maturityReportHtml } from '../reports/heatmap-html';
import { reportData } from '../reports/report-data';
import { itemDetail } from './item-detail';
import { type ToolHost } from './tool-kit';

export interface ResourceText {
  uri: string;
  mimeType: string;
  text: string;
}

export const RESOURCES = [
  {
    uri: 'sre://model',
    name: 'Maturity model',
    description: 'Pillars, capabilities, levels and their questions.',
    mimeType: 'application/json',
  },
  {
    uri: 'sre://flows',
    name: 'Flows and assets',
    description: 'Each flow with its assets, owners, tiers and repository paths.',
    mimeType: 'application/json',
  },
  {
    uri: 'sre://report',
    name: 'Maturity report',
    description: 'The HTML report: heatmap, scores and trends.',
    mimeType: 'text/html',
  },
] as const;

export const ITEM_RESOURCE = {
  uriTemplate: 'sre://item/{key}',
  name: 'Maturity item',
  description:
    'One item by its key (flow/asset/capability, as list_items gives it): questions, answers, history, next step.',
  mimeType: 'application/json',
} as const;

const json = (uri: string, value: unknown): ResourceText => ({
  uri,
  mimeType: 'application/json',
  text: `${JSON.stringify(value, null, 2)}\n`,
});

/** The resource at `uri`, or undefined when there is none by that address. */
export function readResource(host: ToolHost, uri: string): ResourceText | undefined {
  const { ws, now } = host;
  if (uri === 'sre://model') return json(uri, ws.model());
  if (uri === 'sre://flows')
    return json(
      uri,
      flowsOf(ws).map((f) => ({
        name: f.name,
        assets: f.assets.map((a) => ({
          name: a.name,
          owner: a.owner,
          tier: a.tier ?? null,
          description: a.description,
          paths: a.paths,
        })),
      })),
    );
  if (uri === 'sre://report') {
    const data = reportData(ws, now);
    return {
      uri,
      mimeType: 'text/html',
      text: maturityReportHtml(heatmap(data, ws.trends(data.items, now), now), 'SRE Maturity Report'),
    };
  }
  const key = /^sre:\/\/item\/(.+)$/.exec(uri)?.[1];
  if (key === undefined) return undefined;
  const item = ws.item(decodeURIComponent(key), now);
  return item && json(uri, itemDetail(ws, item));
}
