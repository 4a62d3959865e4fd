// Bundles the kit with esbuild, as the build and the browser tests both ship it, and
// measures what a user ships against the size budget.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');

/** The kit must stay small enough to load on every page: minified and gzipped, at most this. */
export const GZIP_BUDGET_BYTES = 25 * 1024;

/** The global a `<script>` tag of the IIFE build defines: `FlashlightBrowser.init({...})`. */
export const GLOBAL_NAME = 'FlashlightBrowser';

/** ESM for bundlers; IIFE exposing `FlashlightBrowser` for a plain `<script>` tag. */
export async function bundleKit(options: { format: 'esm' | 'iife'; minify: boolean }): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: options.format,
    globalName: options.format === 'iife' ? GLOBAL_NAME : undefined,
    minify: options.minify,
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}

export interface KitSize {
  rawBytes: number;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Sizes of the ESM bundle: as written, minified, and minified then gzipped. */
export async function measureKit(): Promise<KitSize & { minified: string }> {
  const raw = await bundleKit({ format: 'esm', minify: false });
  const minified = await bundleKit({ format: 'esm', minify: true });
  return {
    minified,
    rawBytes: Buffer.byteLength(raw),
    minifiedBytes: Buffer.byteLength(minified),
    gzipBytes: gzipSync(minified, { level: 9 }).length,
  };
}
