import { type JunitCase, type JunitSuite, junitXml } from "../report/junit";
import type { StudentResult } from "./grade-one";

/**
 * The grader's junit.xml (for the teacher, through the one JUnit writer of lib/tools/report): one <testsuite> per
 * student, one <testcase> per test of the key (classname the student, name the grade_id); a test that scored 0 is a
 * <failure> whose type is its status ("failed", "timeout", "not-run"...) and whose message is the status and the reason.
 * A submission that could not be run, and the student's warnings, go to <system-err> (on the first test case; a
 * submission without any test case gets one <testcase name="submission"> with an <error>). Text is escaped and characters
 * XML forbids (ANSI escapes from file names or outputs) are dropped by the writer.
 */
export function gradeJunit(results: StudentResult[]): string {
  return junitXml("dl4nlp grade", results.map(suite));
}

function suite(r: StudentResult): JunitSuite {
  const cases: JunitCase[] = r.tests.map((t) => ({
    classname: r.student,
    name: t.gradeId,
    timeMs: 0,
    outcome: t.score === 0 ? "failure" : "passed",
    message: t.score === 0 ? `${t.status}: ${t.message ?? ""}` : undefined,
    type: t.score === 0 ? t.status : undefined,
  }));
  const notes = [...(r.status === "error" ? [r.message ?? "could not be run"] : []), ...(r.warnings ?? [])];
  if (cases.length > 0) {
    if (notes.length > 0) cases[0].warnings = notes;
  } else if (r.status === "error") {
    cases.push({
      classname: r.student,
      name: "submission",
      timeMs: r.durationMs,
      outcome: "error",
      message: r.message ?? "could not be run",
      type: "SubmissionError",
      warnings: r.warnings,
    });
  }
  return { name: r.student, timeMs: r.durationMs, cases };
}
