/**
 * `.env.example`, made from the setting declarations (`npm run contributions` writes it): every variable the CLI
 * reads, section by section, under the comment its declaration gives, with its default (or the example it gives).
 */
import { schemaOf, type SettingDeclaration, textOf } from '../core/domain/setting-declarations';
import { serviceNames } from '../core/integrations/registry';
import { settingSections } from '../core/integrations/settings';

const HEADER = [
  'Settings for the sre-tracker CLI. Copy to .env in the data folder (or the current folder) and fill in.',
  'Real environment variables win over this file. Never commit .env: it holds secrets.',
];
const WIDTH = 118;

/** `text` as comment lines of at most WIDTH characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** What the example shows: the value it names, else the default as the CLI writes it (a list comma-separated). */
function exampleOf(setting: SettingDeclaration): string {
  if (setting.envExample !== undefined) return setting.envExample;
  const value = schemaOf(setting, serviceNames())?.default;
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function envExample(): string {
  const names = serviceNames();
  const paragraphs = settingSections().flatMap((section) => {
    const lines = section.settings.flatMap((s) => {
      if (!s.env) return [];
      const above = textOf(s.envComment, names);
      return [...(above ? comment(above) : []), `${s.env}=${exampleOf(s)}`];
    });
    return lines.length ? [lines.join('\n')] : [];
  });
  return `${[HEADER.map((l) => `# ${l}`).join('\n'), ...paragraphs].join('\n\n')}\n`;
}
