import { defineConfig } from 'vitest/config';

// One suite: unit tests beside the code, and *.int.test.ts / *.e2e.test.ts that start
// real servers, engines and browsers. All of it runs under `npm test`.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/src/**/*.test.tsx', 'apps/*/test/**/*.test.ts'],
    // Budgets for a busy machine (`npm run test:stress` runs beside four CPU hogs): a test
    // that passes takes what it needs; these only bound one that hangs.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // expect.poll waits for a condition; vitest's default of one second is an idle machine's.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
  },
});
