import type { JunitOutcome } from "../report/junit";
import type { CellStatus } from "./types";

/**
 * Every cell status, what it means and how reports count it: the one table the runner's verdict, progress display and
 * JUnit writer read. `satisfies Record<CellStatus, …>`: a status added to CellStatus without a row here does not
 * compile.
 */
export const CELL_STATUSES = {
  ok: { passes: true, junit: "passed", about: "ran without error" },
  "expected-error": { passes: true, junit: "passed", about: "failed as expected (tagged raises-exception)" },
  error: { passes: false, junit: "failure", about: "raised an error" },
  timeout: { passes: false, junit: "error", about: "ran past its timeout" },
  dead: { passes: false, junit: "error", about: "the kernel died" },
  skipped: { passes: true, junit: "skipped", about: "not executed: skip-execution or empty" },
  "not-run": { passes: true, junit: "skipped", about: "not run: an earlier cell failed" },
} as const satisfies Record<CellStatus, { passes: boolean; junit: JunitOutcome; about: string }>;

/** Whether a cell with this status lets its notebook pass. */
export const cellPasses = (status: CellStatus): boolean => CELL_STATUSES[status].passes;
