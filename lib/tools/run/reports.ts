import { jsonReport } from "./report-json";
import { junitReport } from "./report-junit";
import type { NotebookResult } from "./types";

/** A report the runner can write: what it is (for the help) and how its text is made. */
export interface ReportFormat {
  about: string;
  render(results: NotebookResult[], durationMs: number): string;
}

/**
 * The report formats of `dl4nlp run`, the one place they are listed: the CLI's `--report FORMAT FILE` and
 * `--report-FORMAT FILE` options and their help lines are derived from it.
 */
export const REPORT_FORMATS = {
  json: {
    about: "a JSON report: every notebook with its status, message, warnings and cells",
    render: (results, durationMs) => `${JSON.stringify(jsonReport(results, durationMs), null, 2)}\n`,
  },
  junit: {
    about: "a JUnit XML report, one testsuite per notebook, one testcase per code cell",
    render: (results) => junitReport(results),
  },
} as const satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof REPORT_FORMATS;
export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormatName[];
