// Bundles the kit with esbuild, as the build and the browser tests both ship it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');

/** ESM for bundlers; IIFE exposing `FlashlightBrowser` for a plain `<script>` tag. */
export async function bundleKit(options: { format: 'esm' | 'iife'; minify: boolean }): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: options.format,
    globalName: options.format === 'iife' ? 'FlashlightBrowser' : undefined,
    minify: options.minify,
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}
