// Builds the console (src/console, Preact + TSX) into dist/console: one minified bundle
// app.js plus the static index.html and style.css, all served by the server itself under
// /_local/console/. No CDN: everything the page needs is in these files.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** the repository root: this file runs as dist/scripts/build-console.js */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SRC = join(ROOT, 'src/console');
const OUT = join(ROOT, 'dist/console');

/** the files besides app.js; the server serves exactly these (see src/services/local/console.ts) */
const STATIC = ['index.html', 'style.css'];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  entryPoints: [join(SRC, 'main.tsx')],
  outfile: join(OUT, 'app.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of STATIC) copyFileSync(join(SRC, f), join(OUT, f));
console.log(`console built into ${OUT}`);
