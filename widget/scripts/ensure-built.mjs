// Builds the widget (scripts/build.mjs) only when widget/dist is missing or older than any source
// file: widget/src, widget/package.json, widget/scripts/build.mjs. Run before `npm start`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

const widgetDir = join(dirname(fileURLToPath(import.meta.url)), '..');

ensureBuilt({
  name: 'widget',
  dir: widgetDir,
  sources: ['src', 'package.json', 'scripts/build.mjs'],
  outputs: ['dist/widget.js', 'dist/panel.js'],
  build: [process.execPath, [join(widgetDir, 'scripts', 'build.mjs')]],
});
