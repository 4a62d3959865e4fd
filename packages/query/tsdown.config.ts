// dist/: ESM with declarations and source maps, what users of the package install.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', 'clauses/index': 'src/clauses/index.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
});
