/**
 * Packages the VSIX with @vscode/vsce (`npm run package`).
 *
 * VS Code's extension page shows a README image only from an https address: its markdown sanitizer drops relative
 * and data: sources, and the page's policy is `img-src https: data:` (VS Code 1.139, extensionEditor). So the
 * README's relative image links are rewritten to where this repository's files are published:
 * SRE_TRACKER_IMAGES_URL (the https address of the repository's root at the released commit), else package.json's
 * `repository` (vsce's own rewriting). Without either, the VSIX still builds, for local use, and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What users install; the e2e run packages its own VSIX (another image host) under SRE_TRACKER_VSIX_OUT. */
export const RELEASE_VSIX = 'sre-maturity-tracker.vsix';
const OUT = process.env.SRE_TRACKER_VSIX_OUT || RELEASE_VSIX;
const VSCE = ['package', '--no-dependencies', '--skip-license', '--out', OUT];

/** The README's relative image links: what vsce rewrites. */
export function relativeImages(readme) {
  return [...readme.matchAll(/!\[[^\]]*\]\(\s*(?:<([^>]+)>|([^)\s]+))/g)]
    .map((m) => m[1] ?? m[2])
    .filter((src) => !/^[a-z][a-z0-9+.-]*:/i.test(src));
}

/**
 * vsce's arguments for this README and manifest, with a warning when the extension page will not show the images.
 * Throws, naming the link or the variable, when the images could not be published as linked.
 */
export function packagingPlan({ readme, manifest, imagesUrl, exists }) {
  const images = relativeImages(readme);
  const missing = images.filter((src) => !exists(src));
  if (missing.length > 0)
    throw new Error(`README.md links images that are not in the repository: ${missing.join(', ')}`);
  if (imagesUrl) {
    let url;
    try {
      url = new URL(imagesUrl);
    } catch {
      throw new Error(`SRE_TRACKER_IMAGES_URL is not a URL: "${imagesUrl}"`);
    }
    if (url.protocol !== 'https:')
      throw new Error(
        `SRE_TRACKER_IMAGES_URL must be an https address (VS Code shows README images only from https): "${imagesUrl}"`,
      );
    const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
    return { args: [...VSCE, '--allow-missing-repository', '--baseImagesUrl', base] };
  }
  if (manifest.repository) return { args: VSCE };
  return {
    args: [...VSCE, '--allow-missing-repository', '--no-rewrite-relative-links'],
    warning:
      images.length === 0
        ? undefined
        : `The extension page will show README.md's ${images.length} images as broken (VS Code shows them only from https). ` +
          'For a release, set SRE_TRACKER_IMAGES_URL to the https address this repository is served from at the released commit ' +
          '(for example https://raw.githubusercontent.com/ORG/REPO/TAG/), or add "repository" to package.json.',
  };
}

/**
 * The image addresses of a packaged README that are not under the release address (`imagesUrl`, else none may be
 * https): a VSIX repackaged for a test host, shipped by mistake, would show users broken images.
 */
export function foreignImages(readme, imagesUrl) {
  const base = imagesUrl ? (imagesUrl.endsWith('/') ? imagesUrl : `${imagesUrl}/`) : undefined;
  return [...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)]
    .map((m) => m[1])
    .filter((src) => /^https?:/i.test(src) && !(base && src.startsWith(base)));
}

/** `node package-vsix.mjs --verify [FILE]`: fails when the VSIX's README images point anywhere but the release address. */
function verify(file) {
  const readme = spawnSync('unzip', ['-p', file, 'extension/readme.md'], { encoding: 'utf8' });
  if (readme.status !== 0) throw new Error(`could not read extension/readme.md from ${file}: ${readme.stderr}`);
  const foreign = foreignImages(readme.stdout, process.env.SRE_TRACKER_IMAGES_URL);
  if (foreign.length > 0)
    throw new Error(
      `${file} shows README images from another host than the release's: ${[...new Set(foreign)].join(', ')}`,
    );
  console.log(`${file}: every README image is the release's`);
}

function main() {
  const at = process.argv.indexOf('--verify');
  if (at >= 0) return verify(process.argv[at + 1] ?? RELEASE_VSIX);
  const root = path.dirname(fileURLToPath(import.meta.url));
  const plan = packagingPlan({
    readme: fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
    manifest: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')),
    imagesUrl: process.env.SRE_TRACKER_IMAGES_URL,
    exists: (src) => fs.existsSync(path.join(root, decodeURI(src))),
  });
  if (plan.warning) console.warn(`warning: ${plan.warning}`);
  const vsce = spawnSync(path.join(root, 'node_modules', '.bin', 'vsce'), plan.args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(vsce.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`${process.argv.includes('--verify') ? 'package-vsix --verify' : 'npm run package'}: ${e.message}`);
    process.exit(1);
  }
}
