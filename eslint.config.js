// Lint for the whole tree: typescript-eslint's recommended rules, plus the import rules
// that keep the layering (clients speak the HTTP contract, libraries never reach into apps,
// features never reach up into the HTTP root).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVER_SOURCE = {
  regex: '(^|/)(apps/)?server/src(/|$)',
  message: 'Import the HTTP contract from @flashlight/api (or @flashlight/server/testing in tests), never the server\'s source.',
};
const SERVER_PACKAGE = {
  regex: '^@flashlight/server(/.*)?$',
  message: 'Client code speaks HTTP: import the contract from @flashlight/api, not the server.',
};
const APPS = {
  regex: '(^|/)apps/|^@flashlight/(server|web|cli|demo)(/|$)|^flashlight$',
  message: 'Packages are libraries: they may not import apps.',
};
const HTTP_ROOT = {
  regex: '(^|/)http/app(\\.ts)?$',
  message: 'Features are composed by the HTTP root; they may not import it.',
};

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
      'no-control-regex': 'off', // control characters are matched on purpose: to strip them from hostile input
    },
  },
  // Tests read JSON answers of many shapes.
  { files: ['**/*.test.ts', '**/*.test.tsx'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['apps/web/**'], rules: restrict(SERVER_SOURCE, SERVER_PACKAGE) },
  { files: ['apps/cli/**', 'apps/demo/**'], rules: restrict(SERVER_SOURCE) },
  {
    files: ['apps/cli/src/commands/{query,send,export,keys,doctor}.ts', 'apps/cli/src/{query,send,export,keys,doctor}/**'],
    rules: restrict(SERVER_SOURCE, SERVER_PACKAGE),
  },
  { files: ['packages/**'], rules: restrict(APPS) },
  { files: ['apps/server/src/**'], ignores: ['apps/server/src/http/**', 'apps/server/src/*.ts'], rules: restrict(HTTP_ROOT) },
);
