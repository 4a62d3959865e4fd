import { defineConfig } from 'vitest/config';

/** The export condition under which the workspace packages resolve to their TypeScript sources. */
const SOURCE_CONDITION = '@flashlight/source';

// Tests run on sources, never on a stale dist/: the bundler resolves the packages with the
// source condition, and so do the processes the tests start (servers, services under the
// node kit), which inherit NODE_OPTIONS.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--conditions=${SOURCE_CONDITION}`].filter(Boolean).join(' ');

// One suite: unit tests beside the code, and *.int.test.ts / *.e2e.test.ts that start
// real servers, engines and browsers. All of it runs under `npm test`.
export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION], externalConditions: [SOURCE_CONDITION] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/src/**/*.test.tsx', 'apps/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
