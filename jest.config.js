/** Type-checking runs once in `tsc --noEmit` (npm test); jest only transpiles, which keeps the suite fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
