// dist/: ESM for bundlers (with declarations and source maps) and a minified IIFE for a
// plain `<script>` tag that defines the global `FlashlightBrowser`.
import { defineConfig } from 'tsdown';
import { GLOBAL_NAME } from './scripts/bundle-kit.ts';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/headless.ts'],
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    dts: true,
    sourcemap: true,
  },
  {
    entry: { 'flashlight-browser': 'src/index.ts' },
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
  },
]);
