// Bundles the storefront script with the browser kit, as a shop would ship it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { STOREFRONT_BUNDLE } from './pages.ts';

export async function buildStorefront(outDir: string): Promise<string> {
  const outfile = path.join(outDir, STOREFRONT_BUNDLE);
  await build({
    entryPoints: [fileURLToPath(new URL('./storefront-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
