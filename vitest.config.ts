import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './scripts/slow-first-sequencer.ts';

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
    // Budgets for a busy machine (`npm run test:stress` runs beside four CPU hogs): a test
    // that passes takes what it needs; these only bound one that hangs.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // expect.poll waits for a condition; vitest's default of one second is an idle machine's.
    expect: { poll: { timeout: 30_000 } },
    // One two-shard ClickHouse cluster for the run; each file takes databases of its own on it.
    // The `flashlight` command compiled once from the sources, for the processes tests start.
    globalSetup: ['apps/server/src/testing/clickhouse-global-setup.ts', 'apps/server/src/testing/compiled-cli-global-setup.ts'],
    pool: 'forks',
    // Most of the suite waits on what it starts (servers, engines, browsers), so four files
    // at a time finish sooner than vitest's default of one per core less one; on a machine
    // shared with other work, more files at once also keep the suite's share of the CPU.
    maxWorkers: 4,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
