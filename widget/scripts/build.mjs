// Builds dist/widget.js (the loader) and dist/panel.js (the chat panel, Preact) as minified IIFEs.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'src/loader/main.ts')], outfile: join(root, 'dist/widget.js') }),
  build({ ...common, entryPoints: [join(root, 'src/panel/main.tsx')], outfile: join(root, 'dist/panel.js') }),
]);
console.log('widget: built dist/widget.js and dist/panel.js');
