// Builds dist/ (ESM and IIFE, minified) and prints the size a user ships: raw, minified
// and gzipped bytes of the ESM bundle, against the budget.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleKit, GZIP_BUDGET_BYTES, measureKit } from './bundle-kit.ts';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');

const size = await measureKit();
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'flashlight-browser.js'), size.minified);
await writeFile(path.join(dist, 'flashlight-browser.iife.js'), await bundleKit({ format: 'iife', minify: true }));

console.log(
  `@flashlight/browser: raw ${size.rawBytes} B, min ${size.minifiedBytes} B, gzip ${size.gzipBytes} B (budget ${GZIP_BUDGET_BYTES} B)`,
);
if (size.gzipBytes > GZIP_BUDGET_BYTES) {
  console.error('@flashlight/browser is over its size budget');
  process.exitCode = 1;
}
