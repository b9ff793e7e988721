/**
 * The data folder's .gitattributes line for sre_data.db: binary to git (`-text`, so `* text eol=crlf` never
 * rewrites its bytes in a checkout) and merged and diffed through sre-tracker. Added when missing, repaired when
 * an older or hand-written line for the database lacks any of it; every other line is kept as it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { writeFileAtomic } from '../../storage/atomic-file';
import { DB_FILE } from '../../storage/store';
import { readTextFile } from '../../storage/text-file';

const GITATTRIBUTES_LINE = `${DB_FILE} -text merge=sre-tracker diff=sre-tracker`;
const COMMENT = `# SRE Maturity Tracker: ${DB_FILE} is binary to git, merged and diffed row by row through sre-tracker (run "sre-tracker git-setup" once per clone)`;

/** A line whose pattern names the database itself (`sre_data.db`, `/sre_data.db`). */
const forDatabase = (line: string) => {
  const pattern = line.trim().split(/\s+/)[0] ?? '';
  return pattern === DB_FILE || pattern === `/${DB_FILE}`;
};

/** Writes the line into `dir`/.gitattributes when it is missing or wrong; the file's path when it changed it. */
export function ensureGitAttributes(dir: string): string | undefined {
  const file = path.join(dir, '.gitattributes');
  const existing = fs.existsSync(file) ? readTextFile(file) : '';
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  const ours = lines.filter(forDatabase);
  if (ours.length === 1 && ours[0]?.trim() === GITATTRIBUTES_LINE) return undefined;
  const kept = lines.filter((l) => !forDatabase(l));
  const at = lines.findIndex(forDatabase);
  const next =
    at < 0
      ? [...kept, ...(kept.includes(COMMENT) ? [] : [COMMENT]), GITATTRIBUTES_LINE]
      : [...kept.slice(0, at), GITATTRIBUTES_LINE, ...kept.slice(at)];
  writeFileAtomic(file, `${next.join(eol)}${eol}`);
  return file;
}
