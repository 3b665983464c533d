/**
 * What can happen to a submission's cell that is not a test, and what the grader does about it: the one table from which
 * the per-cell records of results, the warnings and feedback lines (`about`), the terminal's line per submission
 * (`short`: a few words, with the exit code or signal that ended the kernel), and the `stopped_cells` column of grades.csv (`stopped`) are derived.
 *
 * The policy is one for every way a cell can misbehave outside the graded code (an endless loop, a promise that never
 * settles, a flood of output, a kernel it silences or ends): the cell is stopped (an interrupt; when that is not
 * enough, or the kernel is gone, a fresh kernel runs the earlier cells again without it), its output is cut, the event
 * is reported with the cell's number, and the rest is graded. No such event costs a point by itself. An interrupted
 * cell keeps what it defined before the interrupt (the graded kernel keeps an unfinished cell's declarations, as the
 * student's own Run All does); a cell whose kernel had to be restarted is gone, its definitions missing after it, as
 * had it not been run (THREAT-MODEL.md). A flood is not
 * stopped: the kernel drops the cell's output past its budget ("output-cut") and the cell ends normally. The kinds (CellEventKind) are this table's keys; `satisfies` makes every row say all three things.
 */
export const CELL_EVENTS = {
  error: {
    short: () => "error",
    stopped: false,
    about: (d: EventDetail) => d.error ?? "raised an error",
  },
  interrupted: {
    short: () => "interrupted at the time limit",
    stopped: true,
    about: (d: EventDetail) =>
      `was still running at the time limit of ${seconds(d.timeoutMs)} per cell and was interrupted (a computation that ` +
      "needs longer than that, an endless loop, or a promise that never settles)",
  },
  "kernel-stopped": {
    short: () => "kernel stopped responding, restarted",
    stopped: true,
    about: (d: EventDetail) =>
      `stopped responding: its kernel process was suspended (SIGSTOP or SIGTSTP, e.g. process.kill(process.pid, "SIGSTOP")), ` +
      `so it could not finish within the time limit of ${seconds(d.timeoutMs)} per cell nor be interrupted`,
  },
  "no-reply": {
    short: () => "no reply, kernel restarted",
    stopped: true,
    about: (d: EventDetail) =>
      `sent no reply within ${seconds(d.timeoutMs)}, even after an interrupt: an endless loop after an await or in a ` +
      `promise callback, an error whose getters never return, or built-ins the kernel needs to send its replies replaced (${MESSAGING_BUILTINS})`,
  },
  "output-cut": {
    short: () => "output cut",
    stopped: false,
    about: (d: EventDetail) =>
      `printed more than ${d.cellOutputBytes ?? "the cell's output limit of"} bytes: the rest of its output was dropped, and it ran on to its end`,
  },
  "output-cap": {
    short: () => "output cap, kernel restarted",
    stopped: true,
    about: (d: EventDetail) =>
      `printed more than the output cap of ${d.outputCapBytes} bytes${d.after ? ` in ${d.after}` : ""}${d.late ? " from a timer or callback it started" : ""} (the output was cut there)`,
  },
  "out-of-memory": {
    short: (d: EventDetail) => `out of memory${d.memoryMb ? ` (limit ${d.memoryMb} MB)` : ""}, kernel restarted`,
    stopped: true,
    about: (d: EventDetail) => `ran out of memory (limit ${d.memoryMb} MB)${d.after ? ` after ${d.after}` : ""}`,
  },
  "kernel-exit": {
    short: (d: EventDetail) =>
      `ended the kernel (${d.exitCode === undefined ? "" : `exit code ${d.exitCode}: `}process.exit?), restarted`,
    stopped: true,
    about: (d: EventDetail) =>
      `ended the kernel process (${d.exitCode === undefined ? "" : `exit code ${d.exitCode}: `}process.exit?)${d.after ? ` after ${d.after}` : ""}${d.late ? " from a timer or callback it started" : ""}`,
  },
  "kernel-killed": {
    short: (d: EventDetail) => `killed the kernel (${d.signal ?? "a signal"}), restarted`,
    stopped: true,
    about: (d: EventDetail) =>
      `killed the kernel process (${d.signal ?? "a signal"})${d.after ? ` after ${d.after}` : ""}${d.late ? " from a timer or callback it started" : ""}`,
  },
  "kernel-died": {
    short: () => "kernel died, restarted",
    stopped: true,
    about: (d: EventDetail) =>
      `the kernel died during it${d.after ? ` after ${d.after}` : ""} (${d.reason ?? "no reason known"})`,
  },
} as const satisfies Record<string, { short: (d: EventDetail) => string; stopped: boolean; about: (d: EventDetail) => string }>;

export type CellEventKind = keyof typeof CELL_EVENTS;

/** The facts an event's description may use. */
export interface EventDetail {
  timeoutMs?: number;
  error?: string;
  outputCapBytes?: number;
  /** A cell's own output budget in the kernel (half the output cap): past it the kernel drops the cell's prints. */
  cellOutputBytes?: number;
  /** It came after the cell's reply, from a timer or callback the cell started. */
  late?: boolean;
  memoryMb?: number;
  /** How long the cell ran before it ended the kernel, in words ("0.4 s"). */
  after?: string;
  exitCode?: string;
  signal?: string;
  reason?: string;
}

/** What the kernel's messages are sent with; replacing one can silence the kernel (named in messages that say so). */
export const MESSAGING_BUILTINS = "toJSON or Symbol.toPrimitive on a prototype, JSON.stringify, Function.prototype.call";

/** How a stopped cell was dealt with, in words appended to its description. */
export const HOW_STOPPED = {
  interrupted: "what it defined before the interrupt was kept, and the rest was graded after it",
  restarted: "the kernel was restarted without it (the earlier cells ran again); the rest was graded without it",
} as const;

/** Whether an event of this kind means the cell was stopped (counted in grades.csv's stopped_cells). */
export const isStopped = (kind: CellEventKind): boolean => CELL_EVENTS[kind].stopped;

function seconds(ms: number | undefined): string {
  if (ms === undefined) return "time limit";
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** A kernel's death, from the reason its client reports (the sandbox launcher's last line), as an event kind. */
export function deathKind(
  reason: string,
  exits: { outputCap: number; outOfMemory: number },
): { kind: CellEventKind; detail: EventDetail } {
  if (reason.includes("output cap exceeded") || reason.includes(`code ${exits.outputCap}`))
    return { kind: "output-cap", detail: {} };
  if (
    /out of memory|heap limit|Allocation failed|std::bad_alloc|OOM/i.test(reason) ||
    reason.includes(`code ${exits.outOfMemory}`)
  ) {
    return { kind: "out-of-memory", detail: {} };
  }
  const sig = /killed by (SIG[A-Z]+)/.exec(reason);
  if (sig) return { kind: "kernel-killed", detail: { signal: sig[1] } };
  const exit = /kernel exited with code (\d+)/.exec(reason) ?? /exited with code (\d+)/.exec(reason);
  if (exit) return { kind: "kernel-exit", detail: { exitCode: exit[1] } };
  return { kind: "kernel-died", detail: { reason: reason.split("\n")[0].slice(0, 200) } };
}

/** What graded notebooks must be, said wherever a submission leans on a file beside it (grade-all.ts, grade-one.ts). */
export const SELF_CONTAINED =
  "graded notebooks must be self-contained: grading runs the notebook alone, without the files beside it";

/**
 * The hint for a cell that failed because it imports or reads a file of the submission's folder (relative path):
 * `Cannot find module './mathutil.ts'` (an import or require, tslab's type check included), or `ENOENT … './data.json'`
 * (fs on a relative path); undefined for any other error (a package name, an absolute path).
 */
export function missingFileHint(error: string | undefined): string | undefined {
  if (!error) return undefined;
  const module = /Cannot find module ['"](\.{1,2}\/[^'"]*)['"]/.exec(error);
  if (module) return `imports ${module[1]}, a file beside the notebook: ${SELF_CONTAINED}; put that code into the notebook`;
  const file = /ENOENT[^']*'((?!\/)[^']+)'/.exec(error);
  if (file) return `reads ${file[1]}, a file beside the notebook: ${SELF_CONTAINED}; put that data into the notebook`;
  return undefined;
}
