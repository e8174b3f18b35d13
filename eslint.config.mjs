import nx from '@nx/eslint-plugin';

// The scope tag of each app (in its project.json); the two sandboxes share `scope:sandbox`.
const APP_SCOPES = [
  'scope:gateway',
  'scope:identity-document',
  'scope:biometric',
  'scope:provider-nid',
  'scope:provider-cdp',
  'scope:audit-billing',
  'scope:sandbox',
  'scope:portal',
];

/** The `type:testing` libs: tests, tools and the e2e suite import them, production code never. */
const TESTING_LIBS = ['@ekyc/testing', '@ekyc/smtp-sink'].map((name) => ({
  name,
  message: 'only tests, tools and the e2e suite may import the type:testing libs',
}));

export default [
  { ignores: ['**/node_modules', '**/dist', '.data/**', '.cache/**', '.nx/**', 'coverage/**', 'apps/portal/src/graphql/generated.ts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      // Project tags are the architecture. By type: contracts depend on nothing, apps never import apps, testing libs
      // are for tests (production code is kept from them by no-restricted-imports below). By scope: shared libs use only
      // shared libs, an app only shared libs and its own scope, the e2e suite shared libs and tools, tools anything.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:tool'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:app'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...APP_SCOPES.map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: ['scope:shared', scope] })),
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: "Configuration is read once, in the app's env.ts." }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The testing libs are for tests only; production code never imports them.
      'no-restricted-imports': ['error', { paths: TESTING_LIBS }],
    },
  },
  {
    // Type-aware rules: each file is checked with the program of its tsconfig (the root one, or the portal's).
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection: await it, hand it a .catch, or mark a deliberate fire-and-forget with void.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Measure on what you did not tune on: the card generator shares no layout, label or constant with the reader.
    files: ['tools/cardgen/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@ekyc/document-reader', message: 'the card generator must not share anything with the reader it is used to measure' },
            ...TESTING_LIBS,
          ],
          patterns: [
            {
              group: ['@ekyc/document-reader/*', '**/libs/document-reader/**'],
              message: 'the card generator must not share anything with the reader it is used to measure',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      'apps/platform-e2e/**/*.ts',
      'libs/testing/**/*.ts',
      'libs/smtp-sink/**/*.ts',
      'tools/stack/**/*.ts',
      'tools/smtp-sink/**/*.ts',
      'tools/bench/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: [
      'apps/*/src/env.ts',
      'apps/portal/vite.config.mts',
      'tools/**/*.ts',
      'libs/testing/**/*.ts',
      '**/*.spec.ts',
      'apps/platform-e2e/**/*.ts',
      'jest.config.js',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
];
