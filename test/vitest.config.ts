import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests live in test/, mirroring lib/. Kernel, Jupyter and browser tests are slow by nature: generous timeouts,
// and at most two test files at once on the 2-core CI machine.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    // the console report, plus JSON (for the plain "N passed, N failed" line .ci/run prints) and JUnit (CI artifact)
    reporters: ["default", "json", "junit"],
    outputFile: { json: "build/test-results/vitest.json", junit: "build/test-results/junit.xml" },
  },
});
