import { basename } from "node:path";
import { cellPasses } from "./statuses";
import type { NotebookResult, ProgressEvent } from "./types";
import { count } from "../../tensor/plural";
import { terminalSafe } from "../terminal-safe";

/** A notebook's path as printed: on one line, control characters shown escaped (a file name is anyone's text). */
const shown = (path: string) => terminalSafe(path, "escape");

/** Where progress goes: a TTY gets one redrawn bar line; otherwise (or with CI=true) plain lines. */
export interface ProgressOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  tty?: boolean;
  total: number;
}

/** A progress display for a run; `handle` is the runner's onProgress, `end` clears the bar. */
export function createProgress(options: ProgressOptions) {
  const { stream, total } = options;
  const tty = options.tty ?? ((stream as NodeJS.WriteStream).isTTY === true && process.env.CI !== "true");
  const running = new Map<string, { done: number; cells: number }>();
  let finished = 0;
  let drawn = false;
  const draw = () => {
    const cellsDone = [...running.values()].reduce((n, r) => n + r.done / Math.max(1, r.cells), 0);
    const fraction = total === 0 ? 1 : (finished + cellsDone) / total;
    const width = 24;
    const filled = Math.round(fraction * width);
    const names = [...running.keys()].map((p) => shown(basename(p))).join(", ");
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${finished}/${total} notebooks ${names}`;
    const columns = (stream as NodeJS.WriteStream).columns ?? 100;
    stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  const handle = (e: ProgressEvent) => {
    if (e.type === "notebook-start") {
      running.set(e.path, { done: 0, cells: e.cells });
      if (!tty) stream.write(`start  ${shown(e.path)} (${count(e.cells, "cell")})\n`);
    } else if (e.type === "cell-done") {
      const r = running.get(e.path);
      if (r) r.done = e.done;
      if (!tty && !cellPasses(e.cell.status)) {
        const err = e.cell.error ? terminalSafe(`: ${e.cell.error.ename}: ${e.cell.error.evalue.split("\n")[0]}`, "escape") : "";
        stream.write(`  cell ${e.cell.cellNumber} ${e.cell.status}${err}\n`);
      }
    } else {
      running.delete(e.result.path);
      finished++;
      if (tty) clear();
      stream.write(
        `${statusWord(e.result)} ${shown(e.result.path)} (${(e.result.durationMs / 1000).toFixed(1)} s)${e.result.message ? `: ${terminalSafe(e.result.message)}` : ""}\n`,
      );
    }
    if (tty) draw();
  };
  return { handle, end: clear, tty };
}

function statusWord(r: NotebookResult): string {
  return { passed: "ok    ", failed: "FAILED", error: "ERROR " }[r.status];
}

/** The summary table at the end of a run: one row per notebook. */
export function summaryTable(results: NotebookResult[]): string {
  const rows = results.map((r) => {
    const code = r.cells.filter((c) => c.cellType === "code");
    const ok = code.filter((c) => c.status === "ok" || c.status === "expected-error").length; // ran and passed
    const figures = r.staticFigures ? `${r.staticFigures.rendered}/${r.staticFigures.figures}` : "-";
    const problem = terminalSafe(firstLine(r.message), "escape");
    return [shown(r.path), r.status, `${ok}/${code.length}`, figures, `${(r.durationMs / 1000).toFixed(1)} s`, problem];
  });
  const header = ["notebook", "status", "cells ok", "figures", "time", "problem"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const fmt = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const passed = results.filter((r) => r.status === "passed").length;
  return [
    fmt(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(fmt),
    "",
    `${passed} of ${count(results.length, "notebook")} passed`,
  ].join("\n");
}

function firstLine(text?: string): string {
  const line = (text ?? "").split("\n")[0];
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
