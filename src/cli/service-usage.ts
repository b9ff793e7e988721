/** The usage lines that name the services: their options and names come from the registry, loaded only to print them. */
import { orList } from '../core/domain/setting-declarations';
import { pageService, trackerAdapters } from '../core/integrations/registry';

export const syncUsage = () =>
  `sre-tracker sync [--dir DIR] [--dry-run] [--json] [${['tracker', ...trackerAdapters().map((a) => a.kind)].map((k) => `--no-${k}`).join('|')}] [--no-${pageService().kind}]`;
export const createWorkUsage = () =>
  `sre-tracker create-work [--dir DIR] --flow F --asset A --capability C [--dry-run] [--json] [--by NAME]   (a ${orList(trackerAdapters().map((a) => a.workName))} for the item; exit 0 created or found, 1 refused, 2 bad input)`;
