import { type JunitCase, type JunitSuite, junitXml } from "../report/junit";
import { CELL_STATUSES } from "./statuses";
import type { CellResult, NotebookResult } from "./types";

export { xmlEscape } from "../report/junit";

/**
 * JUnit XML: one <testsuite> per notebook, one <testcase> per code cell (name "cell N: first line"); the outcome of
 * each status comes from CELL_STATUSES (an unexpected error a <failure>, a timeout or a dead kernel an <error>, a cell
 * skipped or not reached <skipped/>). A notebook that could not be run at all is one <testcase name="notebook"> with an
 * <error>. Warnings go to <system-err>.
 */
export function junitReport(results: NotebookResult[]): string {
  return junitXml("dl4nlp run", results.map(suite));
}

function suite(r: NotebookResult): JunitSuite {
  const cases: JunitCase[] = [];
  if (r.status === "error") {
    cases.push({
      classname: r.path,
      name: "notebook",
      timeMs: r.durationMs,
      outcome: "error",
      message: r.message ?? "could not run",
      type: "NotebookError",
    });
  }
  const code = r.cells.filter((c) => c.cellType === "code");
  cases.push(...code.map((cell) => cellCase(r.path, cell)));
  if (r.warnings?.length && cases.length > 0) cases[0].warnings = [...(cases[0].warnings ?? []), ...r.warnings];
  return { name: r.path, timeMs: r.durationMs, cases };
}

function cellCase(path: string, cell: CellResult): JunitCase {
  const status = CELL_STATUSES[cell.status];
  const error = cell.error ? `${cell.error.ename}: ${cell.error.evalue}` : undefined;
  const type = cell.status === "timeout" ? "CellTimeoutError" : cell.status === "dead" ? "DeadKernelError" : cell.error?.ename;
  return {
    classname: path,
    name: `cell ${cell.cellNumber}: ${cell.title}`,
    timeMs: cell.durationMs,
    outcome: status.junit,
    message: status.junit === "passed" ? undefined : (error ?? status.about),
    type,
    detail: status.junit === "failure" ? error : undefined,
    warnings: cell.warnings,
  };
}
