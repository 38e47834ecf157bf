// Builds the web pages beside the booth's cryptography bundle: one ES module per page
// (src/pages/*.js with the translations of i18n/ and jsQR bundled in; booth-crypto.js imported,
// never copied), the locally served chart library (Chart.js's UMD build and its licence) and,
// for the browser tests, axe-core. The options are fixed, so the same sources and lockfile give
// the same bytes. Run through scripts/build_booth.sh (npm ci first).

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, version } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const staticDir = join(root, 'src', 'plebiscite', 'server', 'static');

/** page module → the folder under static/ its bundle goes to. */
export const PAGES = {
  booth: 'booth',
  tracking: 'tracking',
  dashboard: 'dashboard',
  'challenge-checker': 'challenge-checker',
};

/** Files copied from node_modules as they are: [source under web/, target under the project]. */
export const COPIED = [
  ['node_modules/chart.js/dist/chart.umd.min.js', 'src/plebiscite/server/static/vendor/chart.umd.min.js'],
  ['node_modules/chart.js/LICENSE.md', 'src/plebiscite/server/static/vendor/chart.js-LICENSE.md'],
  ['node_modules/jsqr/LICENSE', 'src/plebiscite/server/static/vendor/jsqr-LICENSE.txt'],
  ['node_modules/axe-core/axe.min.js', 'tests/browser/assets/axe.min.js'],
  ['node_modules/axe-core/LICENSE', 'tests/browser/assets/axe-core-LICENSE.txt'],
];

function sourceFiles() {
  const listed = (dir, ext) =>
    readdirSync(join(here, dir))
      .filter((name) => name.endsWith(ext))
      .sort()
      .map((name) => `${dir}/${name}`);
  return ['build-pages.mjs', 'package-lock.json', 'package.json', ...listed('i18n', '.json'), ...listed('src/pages', '.js')];
}

/** SHA-256 over "path\n sha256(content)\n" for each source file of the pages. */
export function sourcesDigest() {
  const outer = createHash('sha256');
  for (const path of sourceFiles()) {
    const inner = createHash('sha256').update(readFileSync(join(here, path))).digest('hex');
    outer.update(`${path}\n${inner}\n`);
  }
  return outer.digest('hex');
}

/** booth-crypto.js stays a separate module: the pages import the one committed bundle. */
const cryptoExternal = {
  name: 'booth-crypto-external',
  setup(b) {
    b.onResolve({ filter: /booth-crypto\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const banner =
    `// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild ${version}\n` +
    `// sources-sha256: ${sourcesDigest()}`;
  for (const [page, folder] of Object.entries(PAGES)) {
    const outfile = join(staticDir, folder, `${page}.js`);
    await build({
      absWorkingDir: here,
      entryPoints: [`src/pages/${page}.js`],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2020'],
      minify: false,
      sourcemap: false,
      charset: 'utf8',
      legalComments: 'inline',
      treeShaking: true,
      plugins: [cryptoExternal],
      banner: { js: banner },
      logLevel: 'warning',
    });
    const digest = createHash('sha256').update(readFileSync(outfile)).digest('hex');
    console.log(`${outfile}: sha256 ${digest}`);
  }
  for (const [from, to] of COPIED) {
    const target = join(root, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(here, from), target);
  }
}
