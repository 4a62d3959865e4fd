// Builds the UI into apps/web/dist, which `flashlight serve` serves at `/` beside its APIs.
// In development, API and ingest calls go to a Flashlight on the default port.
import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const flashlight = process.env.FLASHLIGHT_URL ?? 'http://127.0.0.1:4318';

export default defineConfig({
  base: '/',
  plugins: [react()],
  // The workspace packages are built from their sources, not from their dist/.
  resolve: { conditions: ['@flashlight/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': flashlight, '/1': flashlight, '/v1': flashlight } },
});
