import type { CellResult, NotebookResult } from "./types";

/** Escapes text for an XML attribute or element (and drops characters XML 1.0 forbids, e.g. ANSI escapes). */
export function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these control characters
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML: one <testsuite> per notebook, one <testcase> per code cell (name "cell N: first line"). An unexpected error is
 * a <failure>, a timeout or a dead kernel an <error>, a cell skipped or not reached <skipped/>. A notebook that could not
 * be run at all is one <testcase name="notebook"> with an <error>.
 */
export function junitReport(results: NotebookResult[]): string {
  const suites = results.map(suite);
  const total = (k: "tests" | "failures" | "errors" | "skipped") => suites.reduce((n, s) => n + s.counts[k], 0);
  const time = seconds(results.reduce((t, r) => t + r.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dl4nlp run" tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}" skipped="${total("skipped")}" time="${time}">`,
    ...suites.map((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

function suite(r: NotebookResult): { xml: string; counts: Record<"tests" | "failures" | "errors" | "skipped", number> } {
  const name = xmlEscape(r.path);
  const cases: string[] = [];
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  if (r.status === "error") {
    counts.tests = 1;
    counts.errors = 1;
    cases.push(`    <testcase classname="${name}" name="notebook" time="${seconds(r.durationMs)}">`);
    cases.push(`      <error message="${xmlEscape(r.message ?? "could not run")}" type="NotebookError"/>`);
    cases.push("    </testcase>");
  }
  for (const cell of r.cells.filter((c) => c.cellType === "code")) {
    counts.tests++;
    const open = `    <testcase classname="${name}" name="${xmlEscape(`cell ${cell.index + 1}: ${cell.title}`)}" time="${seconds(cell.durationMs)}"`;
    const body = caseBody(cell);
    if (body.kind !== "passed") counts[body.kind]++;
    cases.push(body.xml ? `${open}>\n      ${body.xml}\n    </testcase>` : `${open}/>`);
  }
  const attrs = `name="${name}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(r.durationMs)}"`;
  return { xml: [`  <testsuite ${attrs}>`, ...cases, "  </testsuite>"].join("\n"), counts };
}

function caseBody(cell: CellResult): { kind: "passed" | "failures" | "errors" | "skipped"; xml?: string } {
  const message = cell.error ? xmlEscape(`${cell.error.ename}: ${cell.error.evalue}`) : "";
  const type = xmlEscape(cell.error?.ename ?? "");
  switch (cell.status) {
    case "ok":
    case "expected-error":
      return { kind: "passed" };
    case "error":
      return { kind: "failures", xml: `<failure message="${message}" type="${type}">${message}</failure>` };
    case "timeout":
      return { kind: "errors", xml: `<error message="${message || "timed out"}" type="CellTimeoutError"/>` };
    case "dead":
      return { kind: "errors", xml: `<error message="${message || "kernel died"}" type="DeadKernelError"/>` };
    case "skipped":
      return { kind: "skipped", xml: '<skipped message="skip-execution or empty"/>' };
    default:
      return { kind: "skipped", xml: '<skipped message="not run: an earlier cell failed"/>' };
  }
}
