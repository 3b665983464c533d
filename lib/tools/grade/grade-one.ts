import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { executeCell, settle } from "../execute";
import type { ExecuteResult, KernelClient } from "../kernel/types";
import { parseNotebook } from "../nbformat/read";
import { type GradingKey, realmFor } from "./key";
import { callSource, type OracleReply, preludeSource, VALUES_MIME } from "./kernel-prelude";
import { type PlannedCell, planRun } from "./merge";
import { Oracle } from "./oracle";
import { createSandboxKernel, type SandboxLimits } from "./sandbox";
import { OUT_OF_MEMORY_EXIT, OUTPUT_CAP_EXIT } from "./sandbox-launcher";

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

export interface CellRecord {
  index: number;
  id: string;
  status: ExecuteResult["status"];
  message?: string;
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
  /** Things the student should know that cost no points (duplicate cells, restarts after a stuck cell). */
  warnings?: string[];
  score: number;
  maxScore: number;
  tests: TestResult[];
  /** Cells of the submission that failed (errors, timeouts), for the feedback page. */
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
  if (reason.includes("output cap exceeded") || reason.includes(`code ${OUTPUT_CAP_EXIT}`)) {
    return `output cap exceeded (more than ${limits.outputCapBytes} bytes): the kernel was killed`;
  }
  if (
    /out of memory|heap limit|Allocation failed|std::bad_alloc|OOM/i.test(reason) ||
    reason.includes(`code ${OUT_OF_MEMORY_EXIT}`)
  ) {
    return `memory limit exceeded (${limits.memoryMb} MB): the kernel ran out of memory`;
  }
  const sig = /killed by (SIG[A-Z]+)/.exec(reason);
  if (sig) return `the kernel was killed by ${sig[1]}`;
  const exit = /kernel exited with code (\d+)/.exec(reason) ?? /exited with code (\d+)/.exec(reason);
  if (exit) return `the kernel exited (code ${exit[1]}): the notebook ended the process (process.exit?)`;
  return `the kernel died: ${reason.split("\n")[0].slice(0, 200)}`;
}

/** Rounds of questions to the kernel for one test before it is given up (each round answers at least one call). */
const MAX_ROUNDS = 25;
/** What a cell can replace to break the kernel's own messages (their JSON), named in the messages that say so. */
const MESSAGING_BUILTINS = "toJSON or Symbol.toPrimitive on a prototype, JSON.stringify, Function.prototype.call";
/** Kernel restarts after a cell that could not be interrupted (endless loop after an await, a stuck error getter). */
const MAX_RESTARTS = 2;
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
  let death: string | undefined;
  const oracleName = `__dl4nlp_${randomBytes(16).toString("hex")}`;
  const onAbort = () => void kernel?.shutdown().catch(() => {});
  options.signal?.addEventListener("abort", onAbort);
  const deadline = started + options.notebookTimeout * 1000;

  /** A fresh kernel with the oracle installed; retried: a failure here is the grader's. */
  const startKernel = async (): Promise<string | undefined> => {
    let why = "";
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      if (options.signal?.aborted) return "grading was interrupted";
      death = undefined;
      try {
        const k = options.kernelFactory
          ? await options.kernelFactory(work, slot)
          : await createSandboxKernel({
              workDir: join(work, `k${restarts}-${attempt}`),
              limits: { ...options.limits },
              slot,
              packageRoot: key.libraryRoot,
            });
        kernel = k;
        void k.died.then((d) => {
          if (kernel === k) death = deathReason(d.reason, options.limits);
        });
        const prelude = await k.execute(preludeSource(oracleName), { timeoutMs: 60_000 });
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

  /** Cells run so far that a restarted kernel runs again (those that did not get stuck). */
  const replay: PlannedCell[] = [];
  let restarts = 0;
  /** After a cell that timed out and took the kernel with it: a new kernel, the earlier cells again. */
  const recover = async (culprit: PlannedCell): Promise<string | undefined> => {
    if (restarts >= MAX_RESTARTS) return `the kernel was stuck ${restarts + 1} times`;
    restarts++;
    await kernel?.shutdown().catch(() => {});
    const failed = await startKernel();
    if (failed) return failed;
    result.warnings = result.warnings ?? [];
    result.warnings.push(
      `cell ${culprit.index + 1} sent no reply, even after an interrupt: an endless loop after an await, an error whose getters never return, or built-ins the kernel needs to send its replies replaced (${MESSAGING_BUILTINS}); the kernel was restarted and the earlier cells run again without it`,
    );
    for (const p of replay) {
      const left = deadline - Date.now();
      if (left <= 0) return `the notebook timeout of ${options.notebookTimeout} s was reached`;
      await runCode(p.source, Math.min(cellTimeoutOf(p), left));
    }
    return undefined;
  };
  const cellTimeoutOf = (p: PlannedCell) =>
    (p.meta?.timeout ?? (p.role === "setup" ? Math.max(60, options.cellTimeout) : options.cellTimeout)) * 1000;
  /** One cell through the shared execution core (abort-window retry, deadline), then its settling pause. */
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

  try {
    const failed = await startKernel();
    if (failed) {
      result.status = "error";
      result.graderError = true;
      result.message = `grader error: ${failed}`;
      return done();
    }
    let stop: string | undefined;
    for (const p of plan) {
      const test = p.role === "test" && p.meta ? testsById.get(p.meta.grade_id) : undefined;
      if (test && p.skip) {
        test.status = "missing-solution";
        test.message = p.skip;
        continue;
      }
      if (!stop && deadline - Date.now() <= 0) stop = `the notebook timeout of ${options.notebookTimeout} s was reached`;
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
      if (!test) {
        const r = await runCode(p.source, timeoutMs);
        if (r.status === "ok" || r.status === "error") replay.push(p);
        if (r.status !== "ok") {
          const what =
            r.status === "timeout" ? timeoutWords() : r.status === "dead" ? (death ?? "the kernel died") : errorLine(r);
          result.cells.push({ index: p.index, id: p.id, status: r.status, message: what });
        }
        if (r.status === "dead") stop = death ?? "the kernel died";
        else if (r.status === "timeout" && (await stuck())) stop = await recover(p);
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
      for (let round = 0; round < MAX_ROUNDS && !verdict; round++) {
        const request = oracle.takeRequest();
        if (request) {
          const nonce = randomBytes(12).toString("hex");
          const left = Math.min(timeoutMs, deadline - Date.now());
          const r = await runCode(callSource(oracleName, nonce, request), Math.max(1000, left));
          outputs.push(...studentOutputs(r.outputs));
          if (r.status === "timeout") {
            verdict = { status: "timeout", message: `the submission's code ${timeoutWords()} on this test's inputs` };
            if (await stuck()) stop = await recover(p);
            break;
          }
          if (r.status === "dead") {
            verdict = { status: "dead", message: death ?? "the kernel died" };
            stop = death ?? "the kernel died";
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
