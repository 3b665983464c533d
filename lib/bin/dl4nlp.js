#!/usr/bin/env node
// The `dl4nlp` command: runs the compiled CLI, or says how to build it.
const path = require("node:path");
const cli = path.join(__dirname, "..", "dist", "tools", "cli.js");
try {
  require.resolve(cli);
} catch {
  console.error(`dl4nlp: ${cli} is missing; build the package first with \`npm run build\` in the project root.`);
  process.exit(2);
}
require(cli);
