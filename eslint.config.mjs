import nx from '@nx/eslint-plugin';

export default [
  { ignores: ['**/node_modules', '**/dist', '.data/**', '.cache/**', '.nx/**', 'coverage/**', 'apps/portal/src/graphql/generated.ts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      // Project tags are the architecture: contracts depend on nothing, apps never import apps.
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
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Configuration is read once, in the app\'s env.ts.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The testing lib is for tests only; production code never imports it.
      'no-restricted-imports': ['error', { paths: [{ name: '@ekyc/testing', message: 'only test files may import @ekyc/testing' }] }],
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
            { name: '@ekyc/testing', message: 'only test files may import @ekyc/testing' },
          ],
          patterns: [{ group: ['@ekyc/document-reader/*', '**/libs/document-reader/**'], message: 'the card generator must not share anything with the reader it is used to measure' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'apps/platform-e2e/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/*/src/env.ts', 'apps/portal/vite.config.mts', 'tools/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts', 'apps/platform-e2e/**/*.ts', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
