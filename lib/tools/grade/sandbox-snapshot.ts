/**
 * Faster starts of graded kernels: a V8 start-up snapshot of tslab (the TypeScript compiler loaded, the declaration
 * files every kernel parses already parsed: ../kernel/snapshot/entry.ts) built for the grading sandbox itself. A graded
 * kernel spends most of its start parsing those files (profile in README, "Grading throughput"); from the snapshot it
 * skips that. Results are unchanged: a frozen parse is used only for a file whose text and parse options are identical.
 *
 * Why graded kernels have a snapshot of their own rather than the notebook kernels' (../kernel/snapshot): the sandbox's
 * working folder is always the same fresh /home/student holding only `node_modules/dl4nlp` (a link to the package),
 * and only the sandbox's view of the files exists there, so the snapshot is built in that very view, by the grader.
 *
 * Rules of this cache:
 * - built by the grader, never by a graded kernel: `node --build-snapshot` runs confined as a kernel is (same view,
 *   same node flags, empty environment), as the grader's own user, from the project's files only (no notebook, no
 *   key, no submission); the sandbox user gets the file bound read-only and cannot write it or its folder (which is
 *   not in the sandbox at all);
 * - where: `$DL4NLP_KERNEL_CACHE/grade` when that names a folder, else `$XDG_CACHE_HOME/dl4nlp/grade-snapshot`, else
 *   `~/.cache/dl4nlp/grade-snapshot`, else `<tmpdir>/dl4nlp-<uid>/grade-snapshot`; a folder of this user, closed to
 *   others (the file itself is readable, so the sandbox user can read it through its bind); `DL4NLP_KERNEL_CACHE=off`
 *   (or 0) turns it off;
 * - keyed by node (version, binary), tslab, the compiler, the snapshot entry, the library's declarations and the
 *   kernel's node flags: anything else is another file; a file is used only once complete (size record beside it);
 * - built in the background on the first graded kernel that finds none (kernels started meanwhile start the ordinary
 *   way); a kernel that fails to start from it (a corrupt file) is started again the ordinary way at once and the
 *   file is removed (see createSandboxKernel): a bad cache costs time, never a student's result.
 */
import { createHash } from "node:crypto";
import { chmodSync, existsSync, realpathSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { tslabBin } from "../kernel/kernel-process";
import { entryScript, fileStamp, makeOurDir, ours, runBuilder, takeLock } from "../kernel/snapshot";
import { completeSnapshot } from "../kernel/snapshot/record";
import type { BuildConfig } from "../kernel/snapshot/config";
import { confine, gradedKernelPath, kernelNodeFlags, SANDBOX_WORKDIR, type SandboxLimits } from "./sandbox-confine";

/** Bumped when what a sandbox snapshot holds changes in a way its key does not see. */
const FORMAT = 2;

/** The cache folder of sandbox snapshots for this environment, or null when caching is off. */
export function sandboxSnapshotDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.DL4NLP_KERNEL_CACHE;
  if (setting === "off" || setting === "0") return null;
  if (setting && setting !== "on") {
    const dir = join(resolve(setting), "grade");
    return (existsSync(dir) ? ours(dir, true) : makeOurDir(dir)) ? dir : null;
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  let home = env.HOME ?? "";
  try {
    home ||= homedir();
  } catch {
    // no home: the temporary folder below
  }
  const cache = env.XDG_CACHE_HOME || (home ? join(home, ".cache") : "");
  for (const dir of [cache && join(cache, "dl4nlp", "grade-snapshot"), join(tmpdir(), `dl4nlp-${uid}`, "grade-snapshot")]) {
    if (dir && (existsSync(dir) ? ours(dir, true) : makeOurDir(dir))) return dir;
  }
  return null;
}

interface Place {
  file: string;
  config: BuildConfig;
}

/** The snapshot file for a graded kernel with these limits, and what its build must freeze. */
function place(packageRoot: string, limits: SandboxLimits, env: NodeJS.ProcessEnv): Place | null {
  const dir = sandboxSnapshotDir(env);
  if (dir === null) return null;
  let config: BuildConfig;
  try {
    const program = gradedKernelPath();
    const tslab = dirname(dirname(realpathSync(tslabBin())));
    const typescript = require.resolve("@tslab/typescript-for-tslab", { paths: [join(tslab, "dist")] });
    const types = join(realpathSync(packageRoot), "dist", "index.d.ts");
    config = {
      typescript,
      program,
      start: "require",
      cwd: SANDBOX_WORKDIR,
      roots: existsSync(types) ? [types] : [],
      tslabTypes: join(tslab, "node_modules", "@types"),
    };
  } catch {
    return null; // no tslab or compiler where expected: ordinary starts
  }
  const key = createHash("sha256");
  key.update(JSON.stringify([FORMAT, process.version, process.arch, process.execPath, kernelNodeFlags(limits), config]));
  for (const f of [process.execPath, config.typescript, config.program, entryScript(), ...config.roots]) {
    key.update(`${f}:${fileStamp(f)}`);
  }
  return { file: join(dir, `tslab-${key.digest("hex").slice(0, 24)}.blob`), config };
}

/** The snapshot a graded kernel with these limits can start from now, or undefined (none yet, or caching off). */
export function sandboxSnapshot(packageRoot: string, limits: SandboxLimits, env = process.env): string | undefined {
  const p = place(packageRoot, limits, env);
  if (p === null || !ours(dirname(p.file), true) || !ours(p.file, false)) return undefined;
  try {
    if (!completeSnapshot(p.file)) return undefined;
    // the sandbox user reads it through its bind: readable by others (its folder stays closed)
    if ((statSync(p.file).mode & 0o004) === 0) chmodSync(p.file, 0o644);
    return p.file;
  } catch {
    return undefined;
  }
}

/** A snapshot a kernel failed to start from: removed, so the next build makes a new one. */
export function discardSandboxSnapshot(file: string): void {
  rmSync(`${file}.size`, { force: true });
  rmSync(file, { force: true });
}

/**
 * Builds the snapshot for graded kernels with these limits (confined, see the rules above) and resolves to its file,
 * or to undefined with the build's log when there is no cache folder, another build runs, or the build failed.
 * `background`: the build outlives this process (a grader that is done exits; the file is put in place anyway).
 */
export function buildSandboxSnapshot(
  packageRoot: string,
  limits: SandboxLimits,
  { env = process.env, background = false }: { env?: NodeJS.ProcessEnv; background?: boolean } = {},
): Promise<{ file?: string; log: string }> {
  const p = place(packageRoot, limits, env);
  if (p === null) return Promise.resolve({ log: "snapshot cache off or unavailable" });
  const lock = `${p.file}.building`;
  if (!takeLock(lock)) return Promise.resolve({ log: "another build is running" });
  const prefix = confine({
    writable: [dirname(p.file)],
    limits: { ...limits, diskMb: Math.max(limits.diskMb ?? 64, 512) },
    slot: 0,
    packageRoot,
    asSandboxUser: false,
    env: { DL4NLP_SNAPSHOT_BUILD: JSON.stringify(p.config) },
  });
  const fd = prefix.indexOf("--info-fd");
  const command = { prefix: prefix.filter((_, i) => i !== fd && i !== fd + 1), nodeFlags: kernelNodeFlags(limits) };
  const builderEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", DL4NLP_SNAPSHOT_COMMAND: JSON.stringify(command) };
  return runBuilder(p.file, lock, { env: builderEnv, background }).then(({ exited, log }) =>
    exited ? { file: sandboxSnapshot(packageRoot, limits, env), log } : { log },
  );
}
