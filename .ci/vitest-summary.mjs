// The closing line of a CI run, from vitest's JSON report: tests passed/failed/skipped AND test files that failed (a
// file that fails to load or to collect has no failed test, but the run fails), plus the run's own success flag.
// Usage: node .ci/vitest-summary.mjs REPORT.json EXIT_CODE_OF_NPM_TEST
import { existsSync, readFileSync } from "node:fs";

const [file, exitCode] = process.argv.slice(2);
if (!existsSync(file)) {
  console.log(`vitest: no report (${file}): the tests did not run; npm test exited with ${exitCode}`);
  process.exit(0);
}
const r = JSON.parse(readFileSync(file, "utf8"));
const failedFiles = (r.testResults ?? []).filter((t) => t.status === "failed");
const files = (r.testResults ?? []).length;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const parts = [
  `${r.numPassedTests} passed`,
  `${r.numFailedTests} failed`,
  `${skipped} skipped`,
  `${failedFiles.length} of ${files} test files failed`,
];
if (r.success === false && r.numFailedTests === 0 && failedFiles.length === 0) parts.push("errors outside tests (see above)");
console.log(`vitest: ${parts.join(", ")}; npm test exited with ${exitCode}`);
for (const f of failedFiles) {
  const why = String(f.message ?? "").split("\n")[0];
  console.log(`  failed: ${f.name}${why ? `: ${why}` : ""}`);
}
