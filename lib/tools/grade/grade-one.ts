import { randomBytes } from "node:crypto";
import { chmod, chown, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { INotebookContent, IOutput } from "@jupyterlab/nbformat";
import type { ExecuteResult, KernelClient } from "../kernel/types";
import { parseNotebook } from "../nbformat/read";
import { planRun } from "./merge";
import { preludeSource, type TestTicket, wrapTest } from "./prelude";
import { createSandboxKernel, type SandboxLimits, sandboxSupport } from "./sandbox";
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
  /** The test cell's outputs (the pass token removed), cut to a few kilobytes each. */
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
  kernelFactory?: (cwd: string, slot: number) => Promise<KernelClient>;
  /** Job slot (0..jobs-1): selects the sandbox user, so two kernels never share a uid. */
  slot?: number;
}

const MAX_OUTPUT_TEXT = 4000;
const ABORT_WINDOW_MS = 300;
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
function trimOutputs(outputs: IOutput[], token?: string): IOutput[] {
  const cut = (s: string) =>
    s.length > MAX_OUTPUT_TEXT ? `${s.slice(0, MAX_OUTPUT_TEXT)}\n... (${s.length - MAX_OUTPUT_TEXT} more characters)` : s;
  return outputs.slice(0, 20).map((o) => {
    if (o.output_type === "stream") {
      const text = Array.isArray(o.text) ? o.text.join("") : String(o.text);
      return { ...o, text: cut(token ? text.split(`\n${token}\n`).join("\n") : text) };
    }
    if (o.output_type === "error") {
      return { output_type: "error", ename: String(o.ename), evalue: cut(String(o.evalue)), traceback: [] };
    }
    return { output_type: o.output_type, note: "rich output left out" } as unknown as IOutput;
  });
}

function streamText(outputs: IOutput[]): string {
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
export function deathReason(reason: string, limits: SandboxLimits): string {
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

/**
 * Grades one submission (its file text) against the master: plans the run (master tests put back), starts a fresh
 * sandboxed kernel in a private temporary folder, runs the lockdown prelude, then every cell; a test scores its points
 * only when its cell finished "ok" AND its own output carries the token that only the prelude's reporter writes, after
 * the test body returned. Never throws for problems of the submission.
 */
export async function gradeSubmission(
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
  const done = () => {
    result.score = result.tests.reduce((s, t) => s + t.score, 0);
    result.durationMs = Date.now() - started;
    return result;
  };
  // Every test of the master is in the result, 0 points until proven.
  const testsById = new Map<string, TestResult>();
  for (const cell of master.cells) {
    const m = cell.metadata?.dl4nlp as { kind?: string; grade_id?: string; points?: number; hidden?: boolean } | undefined;
    if (m?.kind === "test" && typeof m.grade_id === "string") {
      const t: TestResult = {
        gradeId: m.grade_id,
        points: m.points ?? 0,
        score: 0,
        hidden: m.hidden === true,
        status: "not-run",
      };
      result.tests.push(t);
      testsById.set(m.grade_id, t);
    }
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
  const plan = planRun(master, submission);

  const support = sandboxSupport();
  const slot = options.slot ?? 0;
  const uid = support.dropUser && options.limits.dropUser !== false ? 61000 + slot : undefined;
  const work = await mkdtemp(join(tmpdir(), "dl4nlp-grade-"));
  let kernel: KernelClient | undefined;
  try {
    const cwd = join(work, "work");
    await mkdir(join(cwd, "node_modules"), { recursive: true });
    await symlink(packageRoot(), join(cwd, "node_modules", "dl4nlp"));
    if (uid !== undefined) {
      await chmod(work, 0o711); // the sandbox user may pass through to its folder, not list the grader's
      await chown(cwd, uid, uid);
      await chown(join(cwd, "node_modules"), uid, uid);
    }
    try {
      kernel = options.kernelFactory
        ? await options.kernelFactory(cwd, slot)
        : await createSandboxKernel({ cwd, socketDir: join(work, "sockets"), limits: { ...options.limits }, uid });
    } catch (err) {
      result.status = "error";
      result.message = `the kernel did not start: ${(err as Error).message.split("\n")[0]}`;
      return done();
    }
    let death: string | undefined;
    void kernel.died.then((d) => {
      death = deathReason(d.reason, options.limits);
    });
    const deadline = started + options.notebookTimeout * 1000;

    // Per-run secrets: the reporter's global name, the ready line, one ticket and one token per test.
    const secret = () => randomBytes(16).toString("hex");
    const reporter = `__dl4nlp_${secret()}`;
    const ready = `ready-${secret()}`;
    const tickets = new Map<string, TestTicket>();
    for (const p of plan) {
      if (p.role === "test" && p.meta)
        tickets.set(p.meta.grade_id, { gradeId: p.meta.grade_id, ticket: secret(), token: secret() });
    }
    const prelude = await kernel.execute(preludeSource({ reporter, ready, tickets: [...tickets.values()] }), {
      timeoutMs: 60_000,
    });
    if (prelude.status !== "ok" || !streamText(prelude.outputs).includes(ready)) {
      result.status = "error";
      result.message = `grader error: the lockdown cell failed (${prelude.status}: ${errorLine(prelude) ?? death ?? "no output"})`;
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
      if (stop) {
        if (test) {
          test.status = death ? "dead" : "timeout";
          test.message = `not run: ${stop}`;
        }
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        stop = `the notebook timeout of ${options.notebookTimeout} s was reached`;
        if (test) {
          test.status = "timeout";
          test.message = `not run: ${stop}`;
        }
        continue;
      }
      // Setup cells compile the most (the first TypeScript program of the kernel): never less than 60 s.
      const cellTimeout =
        (p.meta?.timeout ?? (p.role === "setup" ? Math.max(60, options.cellTimeout) : options.cellTimeout)) * 1000;
      const timeoutMs = Math.min(cellTimeout, left);
      const ticket = test ? tickets.get(test.gradeId) : undefined;
      const code = ticket ? wrapTest(p.source, reporter, ticket.ticket) : p.source;
      let r = await kernel.execute(code, { timeoutMs });
      if (r.status === "abort") {
        await pause(ABORT_WINDOW_MS);
        r = await kernel.execute(code, { timeoutMs: Math.max(1000, Math.min(cellTimeout, deadline - Date.now())) });
      }
      if (r.status === "dead" && !death) await pause(200); // let the death reason arrive
      const what =
        r.status === "timeout"
          ? timeoutMs < cellTimeout
            ? `notebook timeout of ${options.notebookTimeout} s reached`
            : `timed out after ${timeoutMs / 1000} s`
          : r.status === "dead"
            ? (death ?? "the kernel died")
            : errorLine(r);
      if (test && ticket) {
        const passed = r.status === "ok" && streamText(r.outputs).includes(`\n${ticket.token}\n`);
        test.status = passed ? "passed" : r.status === "timeout" ? "timeout" : r.status === "dead" ? "dead" : "failed";
        test.score = passed ? test.points : 0;
        test.outputs = trimOutputs(r.outputs, ticket.token);
        if (!passed) test.message = what ?? (r.status === "ok" ? "the test did not report completion" : r.status);
      } else if (r.status !== "ok") {
        result.cells.push({ index: p.index, id: p.id, status: r.status, message: what });
      }
      if (r.status === "dead") stop = death ?? "the kernel died";
      else if (r.status === "timeout" && timeoutMs < cellTimeout)
        stop = `the notebook timeout of ${options.notebookTimeout} s was reached`;
      else if (r.status === "timeout")
        await pause(3 * ABORT_WINDOW_MS); // a late SIGINT must not hit the next cell
      else if (r.status !== "ok") await pause(ABORT_WINDOW_MS);
    }
    if (stop) result.message = stop;
    return done();
  } catch (err) {
    result.status = "error";
    result.message = `grader error: ${(err as Error).message}`;
    return done();
  } finally {
    await kernel?.shutdown().catch(() => {});
    await rm(work, { recursive: true, force: true }).catch(() => {});
  }
}
