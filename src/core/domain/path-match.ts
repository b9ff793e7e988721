/**
 * Path patterns the way git and GitHub read them, in one place: a CODEOWNERS line (gitignore-style, as GitHub
 * documents "About code owners") and a flows.csv `path` entry both name a file, a folder and everything under it,
 * or a glob. A folder ends at a `/`: `charts/prometheus` does not cover `charts/prometheus-node-exporter`.
 */
import picomatch from 'picomatch';

/**
 * Whether `file` (relative, forward slashes) is covered by `pattern`. `anchored`: the pattern starts at the root
 * (flows.csv paths always; a CODEOWNERS pattern when it starts with `/` or has a `/` before its end, as in
 * gitignore); otherwise it matches at any depth (`*.js`, `docs/`).
 */
export function pathMatcher(pattern: string, anchored: boolean): (file: string) => boolean {
  const bare = pattern.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (bare === '' || bare === '*' || bare === '**') return () => true;
  // A last segment with a wildcard names files (`docs/*` does not reach docs/a/b.md, GitHub's example); else it may
  // be a folder, covering everything under it.
  const last = bare.split('/').pop() ?? '';
  const names = last.includes('*') && last !== '**' ? [bare] : [bare, `${bare}/**`];
  const globs = names.map((g) => (anchored ? g : `**/${g}`));
  const match = picomatch(globs, { dot: true });
  return (file) => match(file.replace(/^\.\//, ''));
}

/** Whether a CODEOWNERS pattern is rooted: a leading `/`, or a `/` anywhere but at its end (gitignore's rule). */
export function codeownersAnchored(pattern: string): boolean {
  return pattern.startsWith('/') || pattern.replace(/\/+$/, '').includes('/');
}
