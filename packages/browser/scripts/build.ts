// Builds dist/ (ESM and IIFE, minified) and prints the size a user ships: raw, minified
// and gzipped bytes of the ESM bundle, against the 25 KB budget.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleKit } from './bundle-kit.ts';

const BUDGET_GZIP_BYTES = 25 * 1024;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');

const raw = await bundleKit({ format: 'esm', minify: false });
const minified = await bundleKit({ format: 'esm', minify: true });
const iife = await bundleKit({ format: 'iife', minify: true });
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'flashlight-browser.js'), minified);
await writeFile(path.join(dist, 'flashlight-browser.iife.js'), iife);

const gzipBytes = gzipSync(minified, { level: 9 }).length;
const bytes = (text: string) => Buffer.byteLength(text);
console.log(`@flashlight/browser: raw ${bytes(raw)} B, min ${bytes(minified)} B, gzip ${gzipBytes} B (budget ${BUDGET_GZIP_BYTES} B)`);
if (gzipBytes > BUDGET_GZIP_BYTES) {
  console.error('@flashlight/browser is over its size budget');
  process.exitCode = 1;
}
