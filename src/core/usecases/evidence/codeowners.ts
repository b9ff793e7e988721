/**
 * CODEOWNERS as GitHub reads it: where the file is, which line owns a path, and the findings for an asset's paths.
 * Apart from the collectors, so asking who owns the data folder (Not applicable's approvers) loads no evidence
 * format.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import picomatch from 'picomatch';

import { codeownersAnchored, pathMatcher } from '../../domain/path-match';
import { FILES } from '../../storage/data-files';
import { type Finding } from './finding';
import { fingerprintOf } from './fingerprint';
import { repositoryRoot, slashed } from './repository-reader';

/** Where GitHub looks for CODEOWNERS, in its order (the first found is used), then GitLab's own place. */
export const CODEOWNERS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/**
 * Who CODEOWNERS says owns the data folder `dir` (its database file, as a review of a change to it would ask):
 * the file, the line and the owners; undefined without a CODEOWNERS or an owning line.
 */
export function ownersOfFolder(dir: string): { file: string; line: number; owners: string[] } | undefined {
  const repo = repositoryRoot(dir);
  const file = CODEOWNERS.find((f) => fs.existsSync(path.join(repo, f)));
  if (!file) return undefined;
  const db = slashed(path.relative(repo, path.join(path.resolve(dir), FILES.db)));
  const owner = codeownersOf(fs.readFileSync(path.join(repo, file), 'utf8'), db);
  return owner && owner.owners.length > 0 ? { file, ...owner } : undefined;
}

/** A CODEOWNERS file's rules, as GitHub reads them: gitignore-style patterns, comments and blank lines left out. */
function codeownerRules(content: string) {
  return content.split('\n').flatMap((l, i) => {
    const [pattern, ...owners] = l
      .replace(/(^|\s)#.*/, '')
      .trim()
      .split(/\s+/);
    return pattern ? [{ line: i + 1, owners, matches: pathMatcher(pattern, codeownersAnchored(pattern)) }] : [];
  });
}

/** The line that owns `path` (relative to the repository root) and its owners: the last matching line wins. */
export function codeownersOf(content: string, path: string): { line: number; owners: string[] } | undefined {
  const folder = picomatch.scan(path.replace(/^\.\//, '')).base || path;
  return codeownerRules(content).findLast((r) => r.matches(folder));
}

/**
 * The CODEOWNERS line that owns each of `paths` (relative to the repository root), as GitHub applies the file:
 * a later line with no owners leaves the path unowned.
 */
export function codeownerFindings(file: string, content: string, paths: readonly string[]): Finding[] {
  const found = new Map<number, Finding>();
  for (const p of paths) {
    const owner = codeownersOf(content, p);
    if (owner && owner.owners.length > 0)
      found.set(owner.line, {
        kind: 'codeowners',
        file,
        line: owner.line,
        detail: `owned by ${owner.owners.join(' ')}`,
        fingerprint: fingerprintOf('codeowners', `owned by ${owner.owners.join(' ')}`),
      });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}
