import { defineConfig } from 'vitest/config';

// One suite: unit tests beside the code, and *.int.test.ts / *.e2e.test.ts that start
// real servers, engines and browsers. All of it runs under `npm test`.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/src/**/*.test.tsx', 'apps/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
