// Prints each built file's gzipped size and the total; fails when the total is over the budget.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 30 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let total = 0;
for (const file of ['widget.js', 'panel.js']) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`${file.padEnd(10)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KB  ${(gz / 1024).toFixed(1).padStart(5)} KB gzipped`);
}
console.log(`total      ${(total / 1024).toFixed(1).padStart(20)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('widget: over the size budget');
  process.exit(1);
}
