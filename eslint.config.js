// Lint for the whole tree: typescript-eslint's recommended rules, plus the import rules
// that keep the layering (clients speak the HTTP contract, libraries never reach into apps,
// features never reach up into the HTTP root).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVER_SOURCE = {
  regex: '(^|/)(apps/)?server/src(/|$)',
  message: "Import the HTTP contract from @flashlight/api (tests: @flashlight/server/testing), never the server's source.",
};
const SERVER_PACKAGE = {
  regex: '^@flashlight/server(/.*)?$',
  message: 'Client code speaks HTTP: import the contract from @flashlight/api, not the server.',
};
/** Tests may start a real server through the server's testing entry, and only through it. */
const SERVER_BUT_TESTING = {
  regex: '^@flashlight/server(/(?!testing$).*)?$',
  message: 'Tests outside the server start one through @flashlight/server/testing.',
};
/** The server's public entries are `@flashlight/server`, `/config` (for the flags) and `/testing`. */
const SERVER_INTERNALS = {
  regex: '^@flashlight/server/(?!(config|testing)$).+',
  message: 'Import the server through its public entries: @flashlight/server, @flashlight/server/config, @flashlight/server/testing.',
};
/** Benchmarks drive the server through @flashlight/server and @flashlight/server/testing alone. */
const BENCH_SERVER = {
  regex: '^@flashlight/server/(?!testing$).+',
  message: 'Benchmarks import the server through @flashlight/server or @flashlight/server/testing.',
};
const OTHER_APPS = {
  regex: '(^|/)apps/|^@flashlight/(web|cli|demo)(/|$)|^flashlight$',
  message: 'Packages are libraries: they may not import apps.',
};
const APP_ROOT = {
  regex: '^(\\.\\./)+app/',
  message: "Features are composed by the app's root (app/); they may not import it.",
};
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
// The CLI's client commands speak HTTP alone. `keys --data` (keys/offline-key-client.ts) and
// `doctor` work on a data directory's files, so they load the server's public entry.
const CLIENT_COMMANDS = ['apps/cli/src/commands/{query,send,export,keys}.ts', 'apps/cli/src/{query,send,export}/**', 'apps/cli/src/keys/key-client.ts'];

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', 'data/', '**/.test-output/', 'bench/.data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      'no-undef': 'off', // TypeScript checks names, with the right globals per file
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Tests read JSON answers of many shapes.
  { files: TESTS, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['apps/web/**'], ignores: TESTS, rules: restrict(SERVER_SOURCE, SERVER_PACKAGE) },
  { files: ['apps/cli/**', 'apps/demo/**'], ignores: TESTS, rules: restrict(SERVER_SOURCE, SERVER_INTERNALS) },
  { files: ['bench/**'], rules: restrict(SERVER_SOURCE, BENCH_SERVER) },
  { files: CLIENT_COMMANDS, ignores: TESTS, rules: restrict(SERVER_SOURCE, SERVER_PACKAGE) },
  { files: ['packages/**'], ignores: TESTS, rules: restrict(OTHER_APPS, SERVER_PACKAGE) },
  { files: TESTS.map((test) => `apps/web/${test}`), rules: restrict(SERVER_SOURCE, SERVER_BUT_TESTING) },
  { files: TESTS.map((test) => `apps/{cli,demo}/${test}`), rules: restrict(SERVER_SOURCE, SERVER_INTERNALS) },
  { files: TESTS.map((test) => `packages/${test}`), rules: restrict(SERVER_SOURCE, OTHER_APPS, SERVER_BUT_TESTING) },
  { files: ['apps/server/src/**'], ignores: ['apps/server/src/app/**', 'apps/server/src/*.ts'], rules: restrict(APP_ROOT) },
);
