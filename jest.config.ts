import type { Config } from 'jest';
import { readFileSync } from 'node:fs';

const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

// swc keeps decorator metadata, which type-graphql and TypeORM need.
const transform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node', setupFiles: ['reflect-metadata'] };

const config: Config = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'], testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/', '<rootDir>/apps/platform-e2e/'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/platform-e2e/'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/platform-e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/apps/platform-e2e/src/global-setup.ts',
      globalTeardown: '<rootDir>/apps/platform-e2e/src/global-teardown.ts',
    },
  ],
};

export default config;
