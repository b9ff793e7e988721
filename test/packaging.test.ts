import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

interface Plan {
  args: string[];
  warning?: string;
}
interface Packaging {
  relativeImages: (readme: string) => string[];
  packagingPlan: (input: {
    readme: string;
    manifest: Record<string, unknown>;
    imagesUrl?: string;
    exists: (src: string) => boolean;
  }) => Plan;
  foreignImages: (readme: string, imagesUrl: string | undefined) => string[];
  RELEASE_VSIX: string;
}

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
let packaging: Packaging;

describe('packaging the VSIX', () => {
  before(async () => {
    packaging = (await import(pathToFileURL(path.join(root, 'package-vsix.mjs')).href)) as Packaging;
  });

  it("finds the README's relative images, not its https ones or links", () => {
    assert.deepEqual(
      packaging.relativeImages('![a](media/a.png) ![b](https://x.test/b.png) [c](docs/c.md) ![d]( <media/d e.png> )'),
      ['media/a.png', 'media/d e.png'],
    );
    assert.ok(packaging.relativeImages(readme).length >= 13, 'the README has its screenshots');
  });

  it('rewrites the images to SRE_TRACKER_IMAGES_URL, the extension page showing images only from https', () => {
    const plan = packaging.packagingPlan({
      readme,
      manifest: {},
      imagesUrl: 'https://raw.example.test/org/repo/v1',
      exists: () => true,
    });
    assert.deepEqual(plan.args.slice(-2), ['--baseImagesUrl', 'https://raw.example.test/org/repo/v1/']);
    assert.ok(!plan.args.includes('--no-rewrite-relative-links'));
    assert.equal(plan.warning, undefined);
  });

  it('refuses an address the extension page would not load, naming the variable', () => {
    const plan = (imagesUrl: string) => () =>
      packaging.packagingPlan({ readme, manifest: {}, imagesUrl, exists: () => true });
    assert.throws(plan('http://raw.example.test/'), /SRE_TRACKER_IMAGES_URL must be an https address/);
    assert.throws(plan('raw.example.test/repo'), /SRE_TRACKER_IMAGES_URL is not a URL: "raw.example.test\/repo"/);
  });

  it('finds README images the release does not serve: a VSIX repackaged for a test host fails the check (issue 43)', () => {
    const packed =
      '![t](https://media.sre-tracker.test:43073/media/t.png) ![d](https://raw.example.test/org/repo/v1/media/d.png)';
    assert.deepEqual(packaging.foreignImages(packed, 'https://raw.example.test/org/repo/v1'), [
      'https://media.sre-tracker.test:43073/media/t.png',
    ]);
    assert.deepEqual(packaging.foreignImages('![a](media/a.png)', undefined), [], 'relative images: a local build');
    assert.equal(packaging.foreignImages(packed, undefined).length, 2, 'no release address: no https image is ours');
    // The e2e run packages its own VSIX elsewhere, and CI checks the one users get after it.
    const harness = fs.readFileSync(path.join(root, 'test/e2e/harness.ts'), 'utf8');
    assert.match(harness, /SRE_TRACKER_VSIX_OUT: VSIX/);
    assert.doesNotMatch(harness, new RegExp(`path\\.join\\(ROOT, '${packaging.RELEASE_VSIX}'\\)`));
    assert.match(
      fs.readFileSync(path.join(root, '.ci/run'), 'utf8'),
      /package-vsix\.mjs --verify sre-maturity-tracker\.vsix/,
    );
  });

  it('refuses a README image that is not in the repository, so no published link is dead', () => {
    assert.throws(
      () =>
        packaging.packagingPlan({
          readme,
          manifest: {},
          imagesUrl: 'https://x.test/',
          exists: (src) => !src.endsWith('tree-dark.png'),
        }),
      /README.md links images that are not in the repository: media\/screenshots\/tree-dark.png/,
    );
  });

  it('leaves the rewriting to vsce when package.json names a repository, and otherwise builds for local use with a warning', () => {
    assert.ok(
      !packaging
        .packagingPlan({ readme, manifest: { repository: 'https://github.com/o/r' }, exists: () => true })
        .args.includes('--no-rewrite-relative-links'),
    );
    const local = packaging.packagingPlan({ readme, manifest: {}, exists: () => true });
    assert.ok(local.args.includes('--no-rewrite-relative-links'));
    assert.match(local.warning ?? '', /show README.md's \d+ images as broken .* set SRE_TRACKER_IMAGES_URL/);
  });

  it('every image the README links is in the repository', () => {
    for (const src of packaging.relativeImages(readme)) assert.ok(fs.existsSync(path.join(root, src)), src);
  });

  it('opens the details page (the README) with what a user does; developer material is in CONTRIBUTING and ARCHITECTURE (issue 28.21)', () => {
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.equal(sections[0], 'In VS Code', 'the first section');
    assert.match(readme.split('\n## ')[1] ?? '', /\*\*Getting started\*\*/);
    assert.ok(!sections.some((s) => /WebAssembly/.test(s ?? '')), 'why WebAssembly is an architecture matter');
    assert.ok(
      sections.indexOf('Quick start (fresh machine, Node 20)') > 0,
      'the two-command set-up is still there, after the user sections',
    );
    assert.doesNotMatch(readme, /\| `npm run lint` \|/, 'the developer commands table moved to CONTRIBUTING.md');
  });
});

describe('the bundled CLI (issue 35)', () => {
  // test/run.mjs builds dist/ before the tests; the chunks are what `npm link` and the VSIX ship.
  const chunks = fs.readdirSync(path.join(root, 'dist')).filter((n) => /^cli-.*\.mjs$/.test(n));

  it('loads every chunk, and none is a CommonJS package split off with only a default export', async () => {
    assert.ok(chunks.length > 5, `the CLI is split into chunks: ${chunks.join(', ')}`);
    for (const name of chunks) {
      const file = path.join(root, 'dist', name);
      const exported = Object.keys((await import(pathToFileURL(file).href)) as object);
      // esbuild gives a CommonJS package reached by import() a chunk of its own whose only export is `default`
      // (evanw/esbuild#3245): its named exports are then undefined to the code that reads them.
      const wrapped = /export\s*\{\s*require_[\w$]+\s+as\s+default\s*\}|export default require_/.test(
        fs.readFileSync(file, 'utf8'),
      );
      assert.ok(!(wrapped && exported.join() === 'default'), `${name} is a CommonJS package behind import()`);
    }
  });
});

describe('the extension bundle (issue 44)', () => {
  const dist = path.join(root, 'dist');
  const extension = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
  const required = [...extension.matchAll(/require\("\.\/([\w.-]+)"\)/g)].map((m) => m[1] ?? '');

  it('leaves the HTTP packages to network.js, which the VSIX ships and which exports what http.ts reads', async () => {
    assert.deepEqual([...new Set(required)].sort(), [
      'lazy-parse5.js',
      'lazy-prom-client.js',
      'lazy-yaml.js',
      'network.js',
    ]);
    // test/run.mjs builds dist/ unminified: each bundled module is named by a comment with its path.
    assert.doesNotMatch(
      extension,
      /node_modules\/(axios|mime-db|yaml|prom-client|parse5)\//,
      'axios and the lazy libraries are not compiled with the extension',
    );
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const file of required) assert.match(shipped, new RegExp(`^!dist/${file.replace('.', '\\.')}$`, 'm'));
    // module.exports, as the extension's require() sees it (tsx may hand it over without a `default`).
    const loaded = (await import(pathToFileURL(path.join(dist, 'network.js')).href)) as Record<string, unknown>;
    const network = (loaded.default ?? loaded) as Record<string, unknown>;
    for (const name of ['axios', 'proxyAgent', 'proxyRefusal'])
      assert.equal(typeof network[name], 'function', `network.js exports ${name}`);
  });

  it('stands in for yaml, prom-client and parse5 with every export, each loaded from its own file on first use', async () => {
    for (const name of ['yaml', 'prom-client', 'parse5']) {
      const loaded = (await import(pathToFileURL(path.join(dist, `lazy-${name}.js`)).href)) as Record<string, unknown>;
      const own = (loaded.default ?? loaded) as Record<string, unknown>;
      const real = (await import(name)) as Record<string, unknown>;
      const exported = Object.keys((real.default ?? real) as object).sort();
      assert.deepEqual(Object.keys(own).sort(), exported, `lazy-${name}.js exports what ${name} does`);
      // The stand-in in extension.js (unminified here) makes each of those names a getter that loads the file.
      const standIn = extension.split(`// lazy:${name}\n`)[1]?.split('\n// ')[0] ?? '';
      assert.match(standIn, new RegExp(`require\\("\\./lazy-${name}\\.js"\\)`));
      for (const key of exported)
        assert.ok(standIn.includes(`"${key}", { enumerable: true, get: () => load()["${key}"] }`), `${name}.${key}`);
    }
  });
});
