import { escapeHtml } from "../html/escape";
import { terminalSafe } from "../terminal-safe";
import { CELL_EVENTS, isStopped } from "./cell-events";
import type { StudentResult } from "./grade-one";

/**
 * A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, -, @ is neutralised (spreadsheets);
 * control characters and bidi marks (a student's file name, an error message) shown escaped (terminalSafe), so
 * `cat grades.csv` prints what the file holds.
 */
function csvField(value: string | number): string {
  let s = typeof value === "string" ? terminalSafe(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The numbers (1-based, as Jupyter shows them) of the cells the grader had to stop, in order: "4 9", or "". */
export function stoppedCells(r: StudentResult): string {
  return r.cells
    .filter((c) => isStopped(c.event))
    .map((c) => c.cellNumber)
    .join(" ");
}

/**
 * grades.csv: one row per student; columns student, score, max_score, percent, status ("graded", "graded: WHY" when
 * the run stopped early, "error: WHY"), one per test, and last stopped_cells: the numbers of the cells the grader had
 * to stop (cell-events.ts: interrupted, restarted without them), empty when none. Such cells cost no points by
 * themselves; the column tells staff which graded submissions had them.
 */
export function gradesCsv(results: StudentResult[]): string {
  const testIds = [...new Set(results.flatMap((r) => r.tests.map((t) => t.gradeId)))];
  const rows = [["student", "score", "max_score", "percent", "status", ...testIds, "stopped_cells"].map(csvField).join(",")];
  for (const r of results) {
    const percent = r.maxScore > 0 ? ((100 * r.score) / r.maxScore).toFixed(1) : "0.0";
    const byId = new Map(r.tests.map((t) => [t.gradeId, t.score]));
    const status = r.status === "error" ? `error: ${r.message ?? ""}` : r.message ? `graded: ${r.message}` : "graded";
    rows.push(
      [r.student, r.score, r.maxScore, percent, status, ...testIds.map((id) => byId.get(id) ?? 0), stoppedCells(r)]
        .map(csvField)
        .join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}

/**
 * The terminal's line for one submission: score, why the run stopped early, the cells the grader stopped (by number and
 * in a few words; the feedback page has the whole sentence) and the other warnings. Not yet made terminal-safe.
 */
export function resultLine(r: StudentResult, reused: boolean, done: number, total: number): string {
  const stopped = r.cells.filter((c) => isStopped(c.event));
  const numbers = new Set(stopped.map((c) => c.cellNumber));
  const others = (r.warnings ?? []).filter((w) => !numbers.has(Number(/^cell (\d+) /.exec(w)?.[1])));
  return [
    `[${done}/${total}] ${r.student}: ${r.score}/${r.maxScore}`,
    reused ? " (unchanged, kept)" : "",
    r.status === "error" || r.message ? ` (${r.status === "error" ? "error: " : ""}${r.message})` : "",
    stopped.length
      ? ` (stopped, the rest graded on: ${stopped.map((c) => `cell ${c.cellNumber} ${c.summary ?? CELL_EVENTS[c.event].short({})}`).join("; ")})`
      : "",
    others.length ? ` (warning: ${others.join("; ")})` : "",
  ].join("");
}

/** The JSON report: the run's settings and every student's result. */
export function reportJson(results: StudentResult[], run: Record<string, unknown>): string {
  return `${JSON.stringify({ ...run, students: results }, null, 2)}\n`;
}

/** Text of a test's recorded outputs (the student's own prints while the test's calls ran). */
function outputText(t: StudentResult["tests"][number]): string {
  return (t.outputs ?? [])
    .map((o) =>
      o.output_type === "stream" ? String(o.text) : o.output_type === "error" ? `${String(o.ename)}: ${String(o.evalue)}` : "",
    )
    .join("")
    .trim();
}

/**
 * One student's feedback page: score, each test once (a passed test: its points only; a failed visible test: its message
 * and what the student's code printed; a hidden test: points and pass/fail only, nothing of its inputs or expected
 * values), warnings, failed cells. Escaped, no scripts.
 */
export function feedbackHtml(r: StudentResult, title: string): string {
  const rows = r.tests
    .map((t) => {
      const passed = t.score > 0;
      let details = "";
      if (t.hidden) details = passed ? "" : "hidden test: details are not shown";
      else if (!passed) {
        const printed = outputText(t);
        details = `${escapeHtml(t.message ?? "")}${printed ? `<pre>${escapeHtml(printed)}</pre>` : ""}`;
      }
      return `<tr class="${passed ? "pass" : "fail"}"><td>${escapeHtml(t.gradeId)}${t.hidden ? " (hidden)" : ""}</td><td>${t.score} / ${t.points}</td><td>${escapeHtml(t.status)}</td><td>${t.hidden ? escapeHtml(details) : details}</td></tr>`;
    })
    .join("\n");
  const warnings = (r.warnings ?? []).map((w) => `<li>${escapeHtml(w)}</li>`).join("\n");
  const cells = r.cells
    .filter((c) => !isStopped(c.event)) // stopped cells are among the warnings, each said once
    .map((c) => `<li>cell ${c.cellNumber}: ${escapeHtml(c.message ?? c.event)}</li>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}: ${escapeHtml(r.student)}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em;vertical-align:top}.pass td:nth-child(2){color:#070}.fail td:nth-child(2){color:#a00}pre{white-space:pre-wrap;background:#f6f6f6;padding:.3em;margin:.3em 0 0}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Student: <b>${escapeHtml(r.student)}</b> — score <b>${r.score} / ${r.maxScore}</b></p>
${r.message ? `<p class="note">${escapeHtml(r.message)}</p>` : ""}
${warnings ? `<h2>Warnings</h2><ul>\n${warnings}\n</ul>` : ""}
<table><tr><th>test</th><th>points</th><th>result</th><th>details</th></tr>
${rows}
</table>
${cells ? `<h2>Cells that failed</h2><ul>\n${cells}\n</ul>` : ""}
<p><small>Graded ${escapeHtml(r.gradedAt)} in ${(r.durationMs / 1000).toFixed(1)} s.</small></p>
</body></html>
`;
}
