// Builds the web pages beside the booth's cryptography bundle:
//   - static/common/common.js: the one shared module (src/pages/common.js with the translations
//     of i18n/), imported by every page, never copied into one;
//   - one ES module per page (src/pages/<page>.js) that imports ../common/common.js and
//     ../booth/booth-crypto.js;
//   - third-party code copied from node_modules byte for byte as the lockfile pins it: jsQR's
//     UMD build (loaded by the booth as a classic script, it defines globalThis.jsQR), Chart.js's
//     UMD build, their licences and, for the browser tests, axe-core.
// The options are fixed, so the same sources and lockfile give the same bytes; tests/
// test_web_build.py rebuilds into a temporary folder (--root DIR) and compares with the committed
// files. Run through scripts/build_booth.sh (npm ci first).

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, version } from 'esbuild';

import { FIXED, digestOf, outputRoot } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** page module → the folder under static/ its bundle goes to. */
export const PAGES = {
  booth: 'booth',
  tracking: 'tracking',
  dashboard: 'dashboard',
  'challenge-checker': 'challenge-checker',
  'fake-sheet': 'fake-sheet',
};

/** The shared module: every page imports it from this path, relative to static/. */
export const SHARED = 'common/common.js';

/** Files copied from node_modules as they are: [source under web/, target under the project]. */
export const COPIED = [
  ['node_modules/jsqr/dist/jsQR.js', 'src/plebiscite/server/static/vendor/jsQR.js'],
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
  return ['build-pages.mjs', 'build.mjs', 'package-lock.json', 'package.json', ...listed('i18n', '.json'), ...listed('src/pages', '.js')];
}

/** SHA-256 over "path\n sha256(content)\n" for each source file of the pages. */
export function sourcesDigest() {
  return digestOf(sourceFiles());
}

/** booth-crypto.js stays a separate module: the pages import the one committed bundle, from
 * the page's folder (a module shared by pages, such as election-check.js, imports it from any). */
function cryptoExternal(folder) {
  const path = folder === 'booth' ? './booth-crypto.js' : '../booth/booth-crypto.js';
  return {
    name: 'booth-crypto-external',
    setup(b) {
      b.onResolve({ filter: /booth-crypto\.js$/ }, () => ({ path, external: true }));
    },
  };
}

/** The pages import the shared module from static/common/, never a copy of it. */
const sharedExternal = {
  name: 'shared-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/common\.js$/ }, () => ({ path: `../${SHARED}`, external: true }));
  },
};

async function bundle(entry, outfile, plugins, banner) {
  await build({ ...FIXED, entryPoints: [entry], outfile, plugins, banner: { js: banner } });
  const digest = createHash('sha256').update(readFileSync(outfile)).digest('hex');
  console.log(`${outfile}: sha256 ${digest}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = outputRoot(process.argv);
  const staticDir = join(root, 'src', 'plebiscite', 'server', 'static');
  const banner =
    `// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild ${version}\n` +
    `// sources-sha256: ${sourcesDigest()}`;
  await bundle('src/pages/common.js', join(staticDir, SHARED), [], banner);
  for (const [page, folder] of Object.entries(PAGES)) {
    const outfile = join(staticDir, folder, `${page}.js`);
    await bundle(`src/pages/${page}.js`, outfile, [cryptoExternal(folder), sharedExternal], banner);
  }
  for (const [from, to] of COPIED) {
    const target = join(root, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(here, from), target);
  }
}
