/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  setupFiles: ['<rootDir>/test/setup/network-guard.ts'],
  // `import … from 'depvet'` in the documentation's examples resolves to the source.
  moduleNameMapper: { '^depvet$': '<rootDir>/src/index.ts' },
  testTimeout: 30000,
};
