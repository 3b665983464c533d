import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { executeCell, settle } from "../execute";
import type { ExecuteResult, KernelClient } from "../kernel/types";
import { parseNotebook } from "../nbformat/read";
import {
  CELL_EVENTS,
  type CellEventKind,
  deathKind,
  type EventDetail,
  HOW_STOPPED,
  isStopped,
  MESSAGING_BUILTINS,
  missingFileHint,
} from "./cell-events";
import { type GradingKey, realmFor } from "./key";
import { callSource, cellOutputBudget, type OracleReply, outputCutMarker, preludeSource, VALUES_MIME } from "./kernel-prelude";
import { type PlannedCell, planRun } from "./merge";
import { Oracle } from "./oracle";
import { createSandboxKernel, type SandboxLimits } from "./sandbox";
import { KERNEL_SUSPENDED_LINE, OUT_OF_MEMORY_EXIT, OUTPUT_CAP_EXIT } from "./sandbox-launcher";

export type TestStatus = "passed" | "failed" | "timeout" | "dead" | "not-run" | "missing-solution";

export interface TestResult {
  gradeId: string;
  points: number;
  score: number;
  hidden: boolean;
  status: TestStatus;
  /** Why it failed, in one line. */
  message?: string;
  /** Outputs of the student's code while the test's calls ran (prints of the student's functions), cut short. */
  outputs?: IOutput[];
}

/** A cell of the submission that did not end normally: an error, or a cell the grader had to stop (cell-events.ts). */
export interface CellRecord {
  /** The cell's number as Jupyter shows it: 1-based, markdown cells counted (a setup cell: its number in the key). */
  cellNumber: number;
  id: string;
  /** What happened, a kind of CELL_EVENTS; those marked `stopped` are counted in grades.csv's stopped_cells. */
  event: CellEventKind;
  /** How its request ended, in the kernel client's terms. */
  status: ExecuteResult["status"];
  /** The event in words, for the feedback page and the terminal. */
  message?: string;
  /** The event in a few words, for the terminal's line (with the exit code or signal that ended the kernel). */
  summary?: string;
}

export interface StudentResult {
  student: string;
  file: string;
  fileHash: string;
  keyHash: string;
  /** "graded": the notebook ran (maybe with errors); "error": it could not be run at all (malformed file...). */
  status: "graded" | "error";
  message?: string;
  /**
   * The failure was the grader's (kernel start, server, sandbox), not the submission's: the result is reported but
   * never saved for reuse, so the next run grades the submission again.
   */
  graderError?: boolean;
  /** Things the student should know that cost no points (duplicate cells, cells that had to be stopped, by number). */
  warnings?: string[];
  score: number;
  maxScore: number;
  tests: TestResult[];
  /** Cells of the submission that failed or had to be stopped, for the feedback page and grades.csv. */
  cells: CellRecord[];
  durationMs: number;
  gradedAt: string;
}

export interface GradeOptions {
  /** Per-cell timeout (s); a master cell's metadata.dl4nlp.timeout overrides it for that cell. */
  cellTimeout: number;
  /** Whole-notebook timeout (s). */
  notebookTimeout: number;
  limits: SandboxLimits;
  /** Starts the kernel; default: the sandboxed tslab (createSandboxKernel). Used for --server. */
  kernelFactory?: (workDir: string, slot: number) => Promise<KernelClient>;
  /** Job slot (0..jobs-1): selects the sandbox user, so two kernels never share a uid. */
  slot?: number;
  /** Texts never to show in results (the server's token): replaced by "[redacted]". */
  redact?: string[];
  /** Aborts the submission's grading (Ctrl-C): the kernel is ended, the result is a grader error. */
  signal?: AbortSignal;
  /**
   * A fresh kernel started for this submission while the one before it was graded (grade-all.ts): taken by the first
   * start in place of a new one (a rejection counts as a failed attempt). Never used before, and shut down here with
   * the submission's other kernels; the caller shuts it down too when the submission never started one.
   */
  prestarted?: Promise<KernelClient>;
}

const MAX_OUTPUT_TEXT = 4000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The folder of the dl4nlp package (lib/; node_modules/dl4nlp points here), from the compiled or the source file. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "dist"))) return dir;
    dir = dirname(dir);
  }
  return join(__dirname, "..", "..", "..");
}

/** Outputs as stored in reports: texts cut to MAX_OUTPUT_TEXT characters, rich data left out. */
function trimOutputs(outputs: IOutput[]): IOutput[] {
  const cut = (s: string) =>
    s.length > MAX_OUTPUT_TEXT ? `${s.slice(0, MAX_OUTPUT_TEXT)}\n... (${s.length - MAX_OUTPUT_TEXT} more characters)` : s;
  return outputs.slice(0, 20).map((o) => {
    if (o.output_type === "stream") {
      const text = Array.isArray(o.text) ? o.text.join("") : String(o.text);
      return { ...o, text: cut(text) };
    }
    if (o.output_type === "error") {
      return { output_type: "error", ename: String(o.ename), evalue: cut(String(o.evalue)), traceback: [] };
    }
    return { output_type: o.output_type, note: "rich output left out" } as unknown as IOutput;
  });
}

/** The student's own outputs of a call cell: everything but the oracle's values. */
function studentOutputs(outputs: IOutput[]): IOutput[] {
  return outputs.filter((o) => !(o.output_type === "display_data" && VALUES_MIME in ((o.data as object) ?? {})));
}

/** The oracle's reply in a call cell's outputs: exactly one display_data of VALUES_MIME carrying the nonce. */
function oracleReply(outputs: IOutput[], nonce: string): OracleReply | string {
  const found: OracleReply[] = [];
  let garbled = false;
  for (const o of outputs) {
    if (o.output_type !== "display_data") continue;
    const raw = (o.data as Record<string, unknown> | undefined)?.[VALUES_MIME];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join("") : String(raw);
    try {
      const reply = JSON.parse(text) as OracleReply;
      if (reply && reply.nonce === nonce && Array.isArray(reply.gets) && Array.isArray(reply.calls)) found.push(reply);
      else if (text.includes(nonce)) garbled = true; // ours, but its arrays were serialised as something else
    } catch {
      // not ours (a submission printing the same MIME type), or ours garbled
      if (text.includes(nonce)) garbled = true;
    }
  }
  if (found.length === 1) return found[0];
  if (found.length > 1) return "the submission sent conflicting answers for one request";
  return garbled
    ? `the submission's answers came back garbled: it replaced built-ins the kernel uses to send values (${MESSAGING_BUILTINS})`
    : "the submission's answers did not come back (the kernel's output was cut or replaced)";
}

export function streamText(outputs: IOutput[]): string {
  return outputs
    .filter((o) => o.output_type === "stream")
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text)))
    .join("");
}

function errorLine(result: ExecuteResult): string | undefined {
  const e = result.outputs.find((o) => o.output_type === "error");
  if (!e) return undefined;
  return `${String(e.ename)}: ${String(e.evalue).split("\n")[0]}`;
}

/** A kernel death in words: output cap, memory limit, exit code. */
function deathReason(reason: string, limits: SandboxLimits): string {
  const { kind, detail } = deathKind(reason, DEATH_EXITS);
  switch (kind) {
    case "output-cap":
      return `output cap exceeded (more than ${limits.outputCapBytes} bytes): the kernel was stopped`;
    case "out-of-memory":
      return `memory limit exceeded (${limits.memoryMb} MB): the kernel ran out of memory`;
    case "kernel-killed":
      return `the kernel was killed by ${detail.signal}`;
    case "kernel-exit":
      return `the kernel exited (code ${detail.exitCode}): the notebook ended the process (process.exit?)`;
    default:
      return `the kernel died: ${detail.reason ?? reason.split("\n")[0].slice(0, 200)}`;
  }
}

const DEATH_EXITS = { outputCap: OUTPUT_CAP_EXIT, outOfMemory: OUT_OF_MEMORY_EXIT };

/** Characters of output a cell's request received (its own and what came late, from its timers): whose flood it was. */
function outputSize(outputs: IOutput[]): number {
  let n = 0;
  for (const o of outputs) {
    if (o.output_type === "stream") n += Array.isArray(o.text) ? o.text.join("").length : String(o.text).length;
    else if (o.output_type === "error") n += String(o.evalue).length;
    else n += JSON.stringify((o as { data?: unknown }).data ?? null).length;
  }
  return n;
}

/** After a kernel stopped at the output cap, each cell run again is watched this long for output from its timers. */
const FLOOD_PROBE_MS = 250;
/** Characters of output in that pause that make a cell the flood's source (an honest timer's progress line is far less). */
const FLOOD_PROBE_CHARS = 20_000;
/** After an interrupt, how long the cell's queued output may keep coming before it is judged. */
const DRAIN_MS = 3000;

const inSeconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** Rounds of questions to the kernel for one test before it is given up (each round answers at least one call). */
const MAX_ROUNDS = 25;
/**
 * Kernel restarts for one submission after cells that had to be stopped that way (a cell that ignored the interrupt,
 * ended or flooded the kernel); the notebook timeout bounds them too.
 */
const MAX_RESTARTS = 4;
/** Attempts to start a kernel before the grader gives up on the submission (a grader error, never saved). */
const START_ATTEMPTS = 3;

/**
 * Grades one submission (its file text) against the key: plans the run (the student's cells in their order, the
 * master's setup and test positions put back), starts a fresh sandboxed kernel, installs the answer oracle
 * (kernel-prelude.ts), runs the student's cells; at each test's position asks the kernel for the student's answers to
 * the test's calls and runs the test itself in the grader's trusted realm (key.ts, oracle.ts). Never throws for
 * problems of the submission; failures of the grader are marked `graderError`.
 */
export async function gradeSubmission(
  key: GradingKey,
  master: INotebookContent,
  text: string,
  meta: { student: string; file: string; fileHash: string; keyHash: string },
  options: GradeOptions,
): Promise<StudentResult> {
  const started = Date.now();
  const result: StudentResult = {
    ...meta,
    status: "graded",
    score: 0,
    maxScore: 0,
    tests: [],
    cells: [],
    durationMs: 0,
    gradedAt: new Date().toISOString(),
  };
  const redact = (s: string | undefined) =>
    s === undefined ? s : (options.redact ?? []).filter((r) => r.length > 0).reduce((t, r) => t.split(r).join("[redacted]"), s);
  const done = () => {
    result.score = result.tests.reduce((s, t) => s + t.score, 0);
    result.durationMs = Date.now() - started;
    result.message = redact(result.message);
    for (const t of result.tests) {
      t.message = redact(t.message);
      for (const o of t.outputs ?? []) if (o.output_type === "stream") o.text = redact(String(o.text)) as string;
    }
    for (const c of result.cells) c.message = redact(c.message);
    if (result.warnings?.length === 0) delete result.warnings;
    return result;
  };
  const testsById = new Map<string, TestResult>();
  for (const t of key.tests.values()) {
    const r: TestResult = {
      gradeId: t.gradeId,
      points: t.meta.points ?? 0,
      score: 0,
      hidden: t.meta.hidden === true,
      status: "not-run",
    };
    result.tests.push(r);
    testsById.set(t.gradeId, r);
  }
  result.maxScore = result.tests.reduce((s, t) => s + t.points, 0);

  let submission: INotebookContent;
  try {
    submission = parseNotebook(text, meta.file);
  } catch (err) {
    result.status = "error";
    result.message = `malformed notebook: ${(err as Error).message}`;
    for (const t of result.tests) t.message = "not run: the notebook could not be read";
    return done();
  }
  const { plan, warnings } = planRun(master, submission);
  result.warnings = warnings;
  const { realm, tests: compiled } = realmFor(key);
  const library = require(key.libraryRoot) as { Tensor: new (s: number[], d: Float64Array) => unknown };
  const makeTensor = (shape: number[], data: Float64Array) => new library.Tensor(shape, data);

  const slot = options.slot ?? 0;
  const work = await mkdtemp(join(tmpdir(), "dl4nlp-grade-"));
  let kernel: KernelClient | undefined;
  /** The current kernel's death: in words, and the raw reason (for its kind). */
  let death: string | undefined;
  let deathRaw: string | undefined;
  const oracleName = `__dl4nlp_${randomBytes(16).toString("hex")}`;
  /** A cell's output budget in the kernel, so that a chatty or flooding cell ends normally (kernel-prelude.ts). */
  const cellOutputBytes = cellOutputBudget(options.limits.outputCapBytes);
  const cutMarker = outputCutMarker(cellOutputBytes).trim();
  const onAbort = () => void kernel?.shutdown().catch(() => {});
  options.signal?.addEventListener("abort", onAbort);
  const deadline = started + options.notebookTimeout * 1000;

  let prestarted = options.prestarted;
  /** A fresh kernel with the oracle installed; retried: a failure here is the grader's. */
  const startKernel = async (): Promise<string | undefined> => {
    let why = "";
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      if (options.signal?.aborted) return "grading was interrupted";
      death = undefined;
      deathRaw = undefined;
      const given = prestarted;
      prestarted = undefined;
      try {
        const k = given
          ? await given
          : options.kernelFactory
            ? await options.kernelFactory(work, slot)
            : await createSandboxKernel({
                workDir: join(work, `k${restarts}-${attempt}`),
                limits: { ...options.limits },
                slot,
                packageRoot: key.libraryRoot,
              });
        kernel = k;
        void k.died.then((d) => {
          if (kernel !== k) return;
          death = deathReason(d.reason, options.limits);
          deathRaw = d.reason;
        });
        const prelude = await k.execute(preludeSource(oracleName, options.limits.outputCapBytes), { timeoutMs: 60_000 });
        if (prelude.status === "ok") return undefined;
        why = `the grading prelude failed (${prelude.status}: ${errorLine(prelude) ?? death ?? "no output"})`;
      } catch (err) {
        why = `the kernel did not start: ${(err as Error).message.split("\n")[0]}`;
      }
      await kernel?.shutdown().catch(() => {});
      kernel = undefined;
      await pause(500 * attempt);
    }
    return why;
  };

  /** Student and setup cells that ran to their end (ok or error): what a fresh kernel runs again. */
  const replay: PlannedCell[] = [];
  let restarts = 0;
  /** The kernel was stopped (killed, or it died): the next cell that runs needs a fresh one. */
  let needsKernel = false;
  /**
   * A fresh kernel that runs the earlier cells again (without the stopped ones), before the next cell. With `watch`,
   * after the kernel was stopped or died: each cell run again is followed by a pause in which the kernel runs nothing,
   * and a cell that ends the kernel again, or whose request keeps receiving output then (a timer or callback it
   * started that floods or exits), is returned as the source; it is left out, and the earlier cells run once more on
   * another fresh kernel.
   */
  const recover = async (watch = false): Promise<{ failed?: string; flooder?: PlannedCell }> => {
    needsKernel = false;
    let flooder: PlannedCell | undefined;
    for (;;) {
      if (restarts >= MAX_RESTARTS)
        return { failed: `the kernel had to be stopped ${restarts + 1} times; the rest was not run`, flooder };
      restarts++;
      await kernel?.shutdown().catch(() => {});
      const failed = await startKernel();
      if (failed) return { failed, flooder };
      let found: PlannedCell | undefined;
      for (const p of replay) {
        const left = deadline - Date.now();
        if (left <= 0) return { failed: `the notebook timeout of ${options.notebookTimeout} s was reached`, flooder };
        const r = await runCode(p.source, Math.min(cellTimeoutOf(p), left));
        if (watch && !flooder) {
          const before = outputSize(r.outputs);
          if (r.status === "ok" || r.status === "error") await pause(FLOOD_PROBE_MS);
          if (death !== undefined || outputSize(r.outputs) - before > FLOOD_PROBE_CHARS) {
            found = p;
            break;
          }
        }
        if (r.status === "dead" || (r.status === "timeout" && (await stuck()))) {
          return {
            failed: `the kernel was stopped again while the earlier cells ran again (cell ${p.index + 1}: ${r.status === "dead" ? death : "no reply"})`,
            flooder,
          };
        }
      }
      if (!found) return { flooder };
      flooder = found;
      replay.splice(replay.indexOf(found), 1);
    }
  };
  const cellTimeoutOf = (p: PlannedCell) =>
    (p.meta?.timeout ?? (p.role === "setup" ? Math.max(60, options.cellTimeout) : options.cellTimeout)) * 1000;
  /** One request through the shared execution core (abort-window retry, deadline), then its settling pause. */
  const runCode = async (code: string, timeoutMs: number): Promise<ExecuteResult> => {
    const r = await executeCell(kernel as KernelClient, code, { timeoutMs, deadlineAt: deadline });
    if (r.status === "dead" && !death) await pause(200); // let the death reason arrive
    await settle(r.status);
    return r;
  };
  /** The state after a timeout: the kernel survived (interrupted), or it had to be killed. */
  const stuck = async () => {
    await pause(300);
    return death !== undefined;
  };
  /**
   * How a request that did not end normally is classed by the one policy of cell-events.ts, or undefined if it ended.
   * After an interrupt, the output the cell had queued (a print loop blocks the kernel's sending) is let through
   * first: if that ends the kernel (the output cap), the cell is classed by the kernel's death.
   */
  const judge = async (
    r: ExecuteResult,
    timeoutMs: number,
  ): Promise<{ kind: CellEventKind; detail: EventDetail } | undefined> => {
    if (r.status === "timeout") {
      if (await stuck())
        return { kind: deathRaw?.includes(KERNEL_SUSPENDED_LINE) ? "kernel-stopped" : "no-reply", detail: { timeoutMs } };
      for (let waited = 0, size = -1; waited < DRAIN_MS && death === undefined && size !== outputSize(r.outputs); waited += 300) {
        size = outputSize(r.outputs);
        await pause(300);
      }
      if (death === undefined) return { kind: "interrupted", detail: { timeoutMs } };
    } else if (r.status !== "dead") return undefined;
    return deathKind(deathRaw ?? "", DEATH_EXITS);
  };
  /** Records a stopped (or failed) cell: its record, and for a stopped one a warning with the cell's number. */
  const warn = (line: string) => {
    result.warnings = [...(result.warnings ?? []), line];
  };
  const record = (p: PlannedCell, r: ExecuteResult | undefined, kind: CellEventKind, detail: EventDetail) => {
    const full: EventDetail = {
      ...detail,
      outputCapBytes: options.limits.outputCapBytes,
      cellOutputBytes,
      memoryMb: options.limits.memoryMb,
      after: r && r.status === "dead" ? inSeconds(r.durationMs) : undefined,
    };
    const message = CELL_EVENTS[kind].about(full);
    const summary = CELL_EVENTS[kind].short(full);
    result.cells.push({ cellNumber: p.index + 1, id: p.id, event: kind, status: r?.status ?? "dead", message, summary });
    const missing = kind === "error" ? missingFileHint(detail.error) : undefined;
    if (missing) warn(`cell ${p.index + 1} ${missing}`);
    if (isStopped(kind)) {
      const how = kind === "interrupted" ? HOW_STOPPED.interrupted : HOW_STOPPED.restarted;
      warn(`cell ${p.index + 1} ${message}; ${how}`);
    } else if (kind === "output-cut") warn(`cell ${p.index + 1} ${message}`);
  };

  try {
    const failed = await startKernel();
    if (failed) {
      result.status = "error";
      result.graderError = true;
      result.message = `grader error: ${failed}`;
      return done();
    }
    let stop: string | undefined;
    /** Steps run again once because another cell's flood stopped the kernel under them. */
    const rerun = new Set<number>();
    for (let step = 0; step < plan.length; step++) {
      const p = plan[step];
      const test = p.role === "test" && p.meta ? testsById.get(p.meta.grade_id) : undefined;
      if (test && p.skip) {
        test.status = "missing-solution";
        test.message = p.skip;
        continue;
      }
      if (!stop && deadline - Date.now() <= 0) stop = `the notebook timeout of ${options.notebookTimeout} s was reached`;
      if (!stop && needsKernel) stop = (await recover()).failed;
      if (stop) {
        if (test) {
          test.status = death ? "dead" : "timeout";
          test.message = `not run: ${stop}`;
        }
        continue;
      }
      if (options.signal?.aborted) throw new Error("grading was interrupted");
      const timeoutMs = Math.min(cellTimeoutOf(p), deadline - Date.now());
      const timeoutWords = () =>
        timeoutMs < cellTimeoutOf(p)
          ? `notebook timeout of ${options.notebookTimeout} s reached`
          : `timed out after ${timeoutMs / 1000} s`;
      /**
       * After a request that did not end normally: the record and warning of the cell to blame, and a fresh kernel
       * (after a death at once, to find its source; after no reply, before the next cell). A death is blamed on the
       * cell running then, unless an earlier cell, run again, ends the kernel on its own (a timer it started that
       * floods or exits: the kernel sends a timer's prints under whatever request is current): then that cell is
       * blamed and this step runs again.
       */
      const handle = async (r: ExecuteResult): Promise<{ again: boolean; kind?: CellEventKind; detail?: EventDetail }> => {
        const j = await judge(r, timeoutMs);
        if (!j) return { again: false };
        if (j.kind === "interrupted") {
          if (!test) record(p, r, j.kind, j.detail);
          return { again: false, kind: j.kind, detail: j.detail };
        }
        if (j.kind === "no-reply" || j.kind === "kernel-stopped") {
          needsKernel = true;
          if (!test) record(p, r, j.kind, j.detail);
          return { again: false, kind: j.kind, detail: j.detail };
        }
        const { failed, flooder } = await recover(true);
        if (failed) stop = failed;
        if (flooder) record(flooder, undefined, j.kind, { ...j.detail, late: true });
        if (flooder && !rerun.has(step) && !failed) {
          rerun.add(step);
          return { again: true };
        }
        if (!test) record(p, r, j.kind, j.detail);
        return { again: false, kind: j.kind, detail: j.detail };
      };
      if (!test) {
        const r = await runCode(p.source, timeoutMs);
        if (r.status === "ok" || r.status === "error") replay.push(p);
        if (r.status === "error" || r.status === "abort") record(p, r, "error", { error: errorLine(r) });
        if (r.outputs.some((o) => o.output_type === "stream" && String(o.text).includes(cutMarker)))
          record(p, r, "output-cut", {});
        if ((await handle(r)).again) step--;
        continue;
      }
      // A test: the student's answers from the kernel, the verdict here.
      const keyTest = key.tests.get(test.gradeId);
      const fn = compiled.get(test.gradeId);
      if (!keyTest || !fn) continue;
      const oracle = new Oracle(makeTensor);
      oracle.want(keyTest.names, keyTest.calls);
      const outputs: IOutput[] = [];
      let verdict: { status: TestResult["status"]; message?: string } | undefined;
      let again = false;
      for (let round = 0; round < MAX_ROUNDS && !verdict; round++) {
        const request = oracle.takeRequest();
        if (request) {
          const nonce = randomBytes(12).toString("hex");
          const left = Math.min(timeoutMs, deadline - Date.now());
          const r = await runCode(callSource(oracleName, nonce, request), Math.max(1000, left));
          outputs.push(...studentOutputs(r.outputs));
          if (r.status === "timeout" || r.status === "dead") {
            const h = await handle(r);
            again = h.again;
            if (h.kind === undefined) break; // another cell's timer flooded: this test runs again on the fresh kernel
            const about =
              h.kind === "interrupted"
                ? timeoutWords()
                : CELL_EVENTS[h.kind].about({
                    ...h.detail,
                    timeoutMs,
                    outputCapBytes: options.limits.outputCapBytes,
                    memoryMb: options.limits.memoryMb,
                  });
            verdict = {
              status: r.status === "timeout" ? "timeout" : "dead",
              message: `the submission's code ${about} on this test's inputs${h.kind === "interrupted" ? "" : "; the kernel was stopped and a fresh one ran the submission's cells again for the tests after this one"}`,
            };
            if (h.kind !== "interrupted") {
              warn(`test ${test.gradeId} (cell ${p.index + 1} of the key): ${verdict.message}`);
            }
            break;
          }
          if (r.status !== "ok") {
            verdict = { status: "failed", message: `the submission's answers could not be read (${errorLine(r) ?? r.status})` };
            break;
          }
          const reply = oracleReply(r.outputs, nonce);
          if (typeof reply === "string") {
            verdict = { status: "failed", message: reply };
            break;
          }
          oracle.store(request, reply.gets, reply.calls);
        }
        let bindings: unknown[];
        try {
          bindings = oracle.bindings(fn.names);
        } catch {
          continue; // kinds not known yet: ask
        }
        const message = realm.runTest(fn, bindings, Math.max(1000, timeoutMs));
        if (oracle.missed()) continue;
        verdict = message === undefined ? { status: "passed" } : { status: "failed", message };
      }
      if (again) {
        step--;
        continue;
      }
      verdict ??= { status: "failed", message: `the test needed more than ${MAX_ROUNDS} rounds of answers` };
      test.status = verdict.status;
      test.message = verdict.message;
      test.score = verdict.status === "passed" ? test.points : 0;
      if (outputs.length > 0) test.outputs = trimOutputs(outputs);
    }
    if (stop) result.message = stop;
    return done();
  } catch (err) {
    result.status = "error";
    result.graderError = true;
    result.message = `grader error: ${(err as Error).message}`;
    return done();
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await kernel?.shutdown().catch(() => {});
    await rm(work, { recursive: true, force: true }).catch(() => {});
  }
}
