// @ts-check
const { readFileSync } = require('node:fs');

const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) =>
    alias.endsWith('/*') ? [`^${alias.slice(0, -2)}/(.*)$`, `<rootDir>/${target.slice(0, -2)}/$1`] : [`^${alias}$`, `<rootDir>/${target}`],
  ),
);

// swc keeps decorator metadata, which type-graphql and TypeORM need.
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @param {Record<string, unknown>} options */
const transformWith = (options) => ({
  '^.+\\.ts$': ['@swc/jest', options],
  // jose and mrz ship only ES modules, which Jest on Node 20 cannot require: compile them to CommonJS.
  '^.+/node_modules/(jose|mrz)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
});

const transform = transformWith(swcOptions);

/**
 * The path aliases rewritten to relative paths at compile time. Jest loads globalSetup (and everything it requires,
 * e.g. tools/stack) outside its module registry, where moduleNameMapper does not apply; this does.
 */
const transformWithPaths = transformWith({ ...swcOptions, jsc: { ...swcOptions.jsc, baseUrl: __dirname, paths: compilerOptions.paths } });

const common = {
  rootDir: __dirname,
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(jose|mrz)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/', '<rootDir>/apps/platform-e2e/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/platform-e2e/'],
    },
    {
      ...common,
      displayName: 'e2e',
      transform: transformWithPaths,
      testMatch: ['<rootDir>/apps/platform-e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/apps/platform-e2e/src/global-setup.ts',
      globalTeardown: '<rootDir>/apps/platform-e2e/src/global-teardown.ts',
    },
  ],
};
