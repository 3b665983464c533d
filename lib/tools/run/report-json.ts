import type { NotebookResult } from "./types";

/** The JSON report of a run: every notebook with its status, message and cells (without the notebook contents). */
export interface JsonReport {
  tool: "dl4nlp run";
  /** true when every notebook passed (the exit code is 0 exactly then). */
  passed: boolean;
  durationMs: number;
  counts: { notebooks: number; passed: number; failed: number; error: number };
  notebooks: Omit<NotebookResult, "notebook">[];
}

export function jsonReport(results: NotebookResult[], durationMs: number): JsonReport {
  const count = (s: NotebookResult["status"]) => results.filter((r) => r.status === s).length;
  return {
    tool: "dl4nlp run",
    passed: results.every((r) => r.status === "passed"),
    durationMs,
    counts: { notebooks: results.length, passed: count("passed"), failed: count("failed"), error: count("error") },
    notebooks: results.map(({ notebook: _nb, ...rest }) => rest),
  };
}
