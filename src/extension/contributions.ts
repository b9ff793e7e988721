/**
 * package.json's `contributes`, made from one source each: contributions.json holds what is written by hand (the
 * views, the walkthrough, the extension's own commands and their menus); the settings come from their declarations
 * and each service's commands, menus and walkthrough text from the registry. `npm run contributions` writes it, and
 * CI fails when package.json differs (`npm run contributions:check`). Nothing here imports vscode.
 */
import { orList, schemaOf, type SettingSchema } from '../core/domain/setting-declarations';
import { pageService, serviceNames, services, trackerAdapters } from '../core/integrations/registry';
import { settingSections } from '../core/integrations/settings';
import { PREFIX, VIEW } from './ids';
import { storedSecrets, syncTitle, workCommands } from './service-commands';

interface CommandEntry {
  command: string;
  title: string;
  category: string;
  icon?: string;
}

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Step {
  id: string;
  title?: string;
  description?: string;
}

/** What contributions.json holds: package.json's `contributes` less what the declarations make. */
export interface BaseContributions {
  commands: CommandEntry[];
  menus: Record<string, MenuEntry[]>;
  walkthroughs: { steps: Step[] }[];
  [key: string]: unknown;
}

const command = (id: string, title: string, icon: string): CommandEntry => ({
  command: `${PREFIX}.${id}`,
  title,
  category: 'SRE',
  icon,
});

/** Each tracker's Create and Open, Sync, and every Set … for a credential. */
function serviceCommands(): CommandEntry[] {
  return [
    ...workCommands().map((c) => command(c.id, c.title, c.action === 'create' ? '$(rocket)' : '$(link-external)')),
    command('sync', syncTitle(), '$(cloud-upload)'),
    ...storedSecrets().map((s) => command(s.id, s.title, '$(key)')),
  ];
}

/** Create on a gap and Open on a linked item, for the configured tracker only; in the palette, Create alone. */
function serviceMenus(): Record<string, MenuEntry[]> {
  const item = `view == ${VIEW.items} && viewItem =~ `;
  const works = workCommands();
  const tracker = (kind: string) => `config.${PREFIX}.tracker == ${kind}`;
  return {
    'view/item/context': works.map((c) => ({
      command: `${PREFIX}.${c.id}`,
      when: `${item}${c.action === 'create' ? '/^capability\\.gap/' : '/^capability\\.story/'} && ${tracker(c.tracker)}`,
      group: c.action === 'create' ? '2_work@1' : '2_work@2',
    })),
    commandPalette: works.map((c) => ({
      command: `${PREFIX}.${c.id}`,
      when: c.action === 'create' ? tracker(c.tracker) : 'false',
    })),
  };
}

/** The Settings editor's sections: each declared setting with a schema, numbered in its section's order. */
function configuration(): {
  title: string;
  id: string;
  properties: Record<string, SettingSchema & { order: number }>;
}[] {
  const names = serviceNames();
  return settingSections().flatMap((section) => {
    const shown = section.settings.flatMap((s) => {
      const schema = schemaOf(s, names);
      return schema ? [[s.key, schema] as const] : [];
    });
    if (shown.length === 0) return [];
    return [
      {
        title: section.title,
        id: `${PREFIX}.${section.id}`,
        properties: Object.fromEntries(shown.map(([key, schema], order) => [`${PREFIX}.${key}`, { ...schema, order }])),
      },
    ];
  });
}

/** The walkthrough's steps that name the services: the report's files, and connecting each service. */
function serviceSteps(): Record<string, Omit<Step, 'id'>> {
  const page = pageService();
  const written = [
    ...trackerAdapters().flatMap((a) => (a.importFile ? [a.importFile.name] : [])),
    `the ${page.name} to-do page`,
  ];
  const secrets = services().map((s) => s.secret);
  return {
    report: {
      title: 'Generate the reports',
      description: `Write ${orList(written, 'and')}.\n[Generate Report](command:${PREFIX}.generateReport)`,
    },
    sync: {
      title: `Connect your tracker and ${page.name}`,
      description: `Store your ${orList(secrets.slice(0, -1).map((s) => s.name))}, and your ${page.secret.name}, in VS Code's secret storage, then sync.\n${secrets
        .map((s) => `[${s.title}](command:${PREFIX}.${s.command})`)
        .join('\n')}\n[Sync](command:${PREFIX}.sync)`,
    },
  };
}

/** The whole of `contributes`, in contributions.json's order with the settings before the commands. */
export function contributions(base: BaseContributions): Record<string, unknown> {
  const menus = serviceMenus();
  const steps = serviceSteps();
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (key === 'commands') {
      merged.configuration = configuration();
      merged.commands = [...base.commands, ...serviceCommands()];
    } else if (key === 'menus')
      merged.menus = Object.fromEntries(
        Object.entries(base.menus).map(([where, entries]) => [where, [...entries, ...(menus[where] ?? [])]]),
      );
    else if (key === 'walkthroughs')
      merged.walkthroughs = base.walkthroughs.map((w) => ({
        ...w,
        steps: w.steps.map((s) => ({ ...s, ...steps[s.id] })),
      }));
    else merged[key] = value;
  }
  return merged;
}
