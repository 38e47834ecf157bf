// Builds src/plebiscite/server/static/booth/booth-crypto.js: one standalone ES module with
// @noble/curves and @noble/hashes bundled, from src/crypto/index.js. The options are fixed, so
// the same sources and lockfile give the same bytes; the banner records the SHA-256 of the
// sources (tests/test_booth_js.py recomputes it to catch a bundle built from other sources).
// Run through scripts/build_booth.sh (npm ci first).

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, version } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Where built files go: the project or, with `--root DIR`, the same layout under DIR (the
 * reproducibility test, tests/test_web_build.py). */
export function outputRoot(argv) {
  const at = argv.indexOf('--root');
  return at >= 0 && argv[at + 1] ? argv[at + 1] : join(here, '..');
}

/** The esbuild options every bundle is built with (build-pages.mjs uses them too). */
export const FIXED = Object.freeze({
  absWorkingDir: here,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: false,
  sourcemap: false,
  charset: 'utf8',
  legalComments: 'inline',
  treeShaking: true,
  logLevel: 'warning',
});

/** SHA-256 over "path\n sha256(content)\n" for each of `paths` (relative to web/). */
export function digestOf(paths) {
  const outer = createHash('sha256');
  for (const path of paths) {
    const inner = createHash('sha256').update(readFileSync(join(here, path))).digest('hex');
    outer.update(`${path}\n${inner}\n`);
  }
  return outer.digest('hex');
}

/** The files a bundle is built from, relative to web/, in a fixed order. */
export function sourceFiles() {
  const crypto = readdirSync(join(here, 'src', 'crypto'))
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => `src/crypto/${name}`);
  return ['build.mjs', 'package-lock.json', 'package.json', ...crypto];
}

/** SHA-256 over "path\n sha256(content)\n" for each source file. */
export function sourcesDigest() {
  return digestOf(sourceFiles());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = join(outputRoot(process.argv), 'src', 'plebiscite', 'server', 'static', 'booth', 'booth-crypto.js');
  const banner =
    `// plebiscite booth-crypto: built by scripts/build_booth.sh from web/ with esbuild ${version}\n` +
    `// sources-sha256: ${sourcesDigest()}`;
  await build({ ...FIXED, entryPoints: ['src/crypto/index.js'], outfile, banner: { js: banner } });
  const bytes = readFileSync(outfile);
  const digest = createHash('sha256').update(bytes).digest('hex');
  console.log(`${outfile}: ${bytes.length} bytes, sha256 ${digest}`);
}
