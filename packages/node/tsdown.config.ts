// dist/: ESM and CommonJS, with declarations and source maps, so `import`, `require`,
// `node --import @flashlight/node/register` and `node --require ...` all work.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/register.ts'],
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  // The ESM loader hook is registered relative to import.meta.url, which CommonJS lacks.
  shims: true,
});
