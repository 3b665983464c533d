import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { ownPackageRoot, packageFrom } from "../own-package";
import type { BuildConfig } from "./config";
import { completeSnapshot } from "./record";

/**
 * Faster tslab kernel starts from a V8 start-up snapshot (Node's `--snapshot-blob`): the TypeScript compiler already
 * loaded and the declaration files every kernel parses already parsed (./entry.ts says what and why). Measured here:
 * a kernel's start-up CPU falls from about 3.7 s to about 1 s; results are unchanged (a parsed file is reused only
 * when its text and parse options are identical, the compiler is the same file, and what the compiler took from the
 * building process, its working folder above all, is taken again from the kernel's: entry.ts, `rebase`).
 *
 * One snapshot serves every folder with the same type roots and the same dl4nlp declarations: all notebooks of a
 * project, and all folders that lie in no project (a copy in /tmp), whatever folder it was built in. Its users: the
 * kernels the dl4nlp tools start (../kernel-process.ts) and those Jupyter starts from the kernelspec
 * (kernel-setup/kernel.sh asks ./select.ts at each start).
 *
 * `tslabNodeArgs()` gives the node arguments that start tslab: `[--snapshot-blob, FILE]` when a valid snapshot for
 * this node, tslab and project exists, else `[tslab's bin script]`, and then (unless told not to) builds the snapshot
 * in the background for the next kernel. Only tslab's own bin script (`<tslab>/bin/tslab`) is ever replaced: another
 * program in its place (the grading sandbox's launcher) is started as it is. The snapshot is a per-user cache:
 * - on unless `DL4NLP_KERNEL_CACHE=off`: the first kernel for a key starts the ordinary way and builds the snapshot in
 *   the background (about 15 s of CPU once, ~45 MB; the newest KEEP of build.ts are kept);
 * - where: `$DL4NLP_KERNEL_CACHE` (a folder), else (unset or `on`) `$XDG_CACHE_HOME/dl4nlp/kernel-snapshot`, else
 *   `~/.cache/dl4nlp/…`, else
 *   `<tmpdir>/dl4nlp-<uid>/kernel-snapshot`; a folder is used only if it is ours (owned by this user, not writable by
 *   group or others, not a symbolic link), and so is each file in it: a snapshot is code, and another user's would run
 *   as ours;
 * - `DL4NLP_KERNEL_CACHE=off` never reads or writes one (a graded kernel of an untrusted submission); with
 *   `DL4NLP_KERNEL_CACHE_READONLY=1` an existing snapshot is used but nothing is ever written (a kernel in a read-only
 *   sandbox: what it reads was built outside by the trusted process, from the project's files only, never from a
 *   notebook);
 * - a folder that cannot be created or written, a failed build, a snapshot made by another node, with other V8 flags
 *   or for another tslab: the kernel starts the ordinary way (a snapshot V8 rejects would end the kernel, so the key
 *   below covers everything V8 checks, and a file is used only once it is complete: written aside, then renamed).
 */
export function tslabNodeArgs(options: SnapshotOptions): string[] {
  const snapshot = usableSnapshot(options);
  if (snapshot !== null) return ["--snapshot-blob", snapshot];
  if (options.build !== false) buildInBackground(options);
  return [options.tslabBin];
}

export interface SnapshotOptions {
  /** tslab's bin script (bin/tslab), which a kernel without a snapshot runs. */
  tslabBin: string;
  /** The kernel's working folder: its node_modules/@types are what the snapshot parses. */
  cwd: string;
  /** The environment the kernel will get (read for DL4NLP_KERNEL_CACHE, DL4NLP_KERNEL_CACHE_READONLY, NODE_OPTIONS). */
  env?: NodeJS.ProcessEnv;
  /** false: never start a build (use a snapshot only if one exists). Default true. */
  build?: boolean;
}

/** The snapshot file for these options if it exists and may be used, else null. */
export function usableSnapshot(options: SnapshotOptions): string | null {
  const place = snapshotPlace(options);
  if (place === null || !ours(place.dir, true) || !ours(place.file, false)) return null;
  // the record written beside it after a complete build: a truncated or changed snapshot would crash node
  return completeSnapshot(place.file) ? place.file : null;
}

/**
 * Builds the snapshot for these options now (a few seconds of CPU) and resolves to its file, or to null when there
 * is no writable cache folder or the build fails (the reason is in the rejection-free result's log, not thrown:
 * kernels then start the ordinary way).
 */
export function buildSnapshot(
  options: SnapshotOptions,
  { background = false }: { background?: boolean } = {},
): Promise<{ file: string | null; log: string }> {
  const place = snapshotPlace(options);
  if (place === null || readOnly(options.env ?? process.env))
    return Promise.resolve({ file: null, log: "cache off or read-only" });
  if (!makeOurDir(place.dir)) return Promise.resolve({ file: null, log: `${place.dir}: not a private folder of this user` });
  const lock = `${place.file}.building`;
  if (!takeLock(lock)) return Promise.resolve({ file: null, log: "another build is running" });
  const env = { ...nodeEnv(options.env ?? process.env), DL4NLP_SNAPSHOT_BUILD: JSON.stringify(place.config) };
  return runBuilder(place.file, lock, { cwd: place.config.cwd, env, background }).then(({ exited, log }) => ({
    file: exited ? usableSnapshot(options) : null,
    log,
  }));
}

/**
 * Runs the snapshot builder (builder.ts, writing `file` while holding `lock`) as a process of its own, detached so a
 * runner that exits first does not end it: the build finishes and puts its file in place. Resolves once it exits
 * (`exited`), or could not start (the lock removed, the reason in `log`); `log` keeps the last 4,000 characters of its
 * stderr. With `background` it keeps no process alive: a runner that is done exits, the build goes on.
 */
export function runBuilder(
  file: string,
  lock: string,
  { cwd, env, background }: { cwd?: string; env: NodeJS.ProcessEnv; background: boolean },
): Promise<{ exited: boolean; log: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [builderScript(), file, lock, entryScript()], {
      cwd,
      env,
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    let log = "";
    child.stderr?.on("data", (c) => {
      log = (log + c).slice(-4000);
    });
    if (background) {
      child.unref();
      (child.stderr as { unref?: () => void } | null)?.unref?.();
    }
    child.once("error", (e) => {
      rmSync(lock, { force: true });
      done({ exited: false, log: e.message });
    });
    child.once("exit", () => done({ exited: true, log }));
  });
}

/** The cache folder in use for this environment, or null when caching is off. */
export function snapshotDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.DL4NLP_KERNEL_CACHE;
  if (setting === "off" || setting === "0") return null;
  if (setting && setting !== "on") return resolve(setting);
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  const home = env.XDG_CACHE_HOME || (env.HOME || safeHomedir() ? join(env.HOME || safeHomedir(), ".cache") : "");
  const candidates = [home && join(home, "dl4nlp", "kernel-snapshot"), join(tmpdir(), `dl4nlp-${uid}`, "kernel-snapshot")];
  for (const dir of candidates) {
    if (!dir) continue;
    if (existsSync(dir) ? ours(dir, true) : makeOurDir(dir)) return dir;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------

interface Place {
  dir: string;
  file: string;
  config: BuildConfig;
}

/** Where the snapshot for these options lives: a file named by a hash of everything that must match. */
function snapshotPlace(options: SnapshotOptions): Place | null {
  const env = options.env ?? process.env;
  const dir = snapshotDir(env);
  if (dir === null) return null;
  let config: BuildConfig;
  try {
    const program = kernelProgram(options.tslabBin);
    config = { ...program, cwd: projectRoot(options.cwd), roots: libraryTypes(options.cwd, program.start === "launch") };
  } catch {
    return null; // another program (the grading sandbox's launcher), or no tslab or compiler where expected
  }
  const key = createHash("sha256");
  // V8 refuses (and ends the process on) a snapshot of another node or other V8 flags: the kernel runs process.execPath
  // with no flags but the snapshot's, so its flags are NODE_OPTIONS (not this process's execArgv: a test runner's)
  key.update(JSON.stringify([process.version, process.arch, process.execPath, env.NODE_OPTIONS ?? ""]));
  // and the node binary itself (a node rebuilt or replaced at the same path and version)
  key.update(`node:${fileStamp(process.execPath)}`);
  key.update(JSON.stringify(config));
  // what the compiler reads from the environment as it loads: frozen in the snapshot (see entry.ts, rebase)
  key.update(JSON.stringify(compilerEnv(env)));
  for (const f of [config.typescript, config.program, entryScript()]) key.update(`${f}:${fileStamp(f)}`);
  for (const root of config.roots) key.update(`${root}:${fileStamp(root)}`);
  for (const dir of typeRoots(config.cwd)) key.update(`@types ${dir}:${typesStamp(dir)}`);
  return { dir, file: join(dir, `tslab-${key.digest("hex").slice(0, 24)}.blob`), config };
}

/**
 * What a snapshot may stand for: tslab's own bin script (`<tslab>/bin/tslab`) or the project's kernel launcher
 * (../launcher.js); anything else (the grading sandbox's launcher) throws and starts as it is.
 */
function kernelProgram(program: string): Pick<BuildConfig, "program" | "start" | "typescript" | "tslabTypes"> {
  const path = resolve(program);
  const launcher = join(
    __dirname.includes(`${sep}dist${sep}`) ? join(__dirname, "..") : join(__dirname, "..", "..", "..", "dist", "tools", "kernel"),
    "launcher.js",
  );
  let tslab: string;
  if (path === launcher) tslab = dirname(require.resolve("tslab/package.json", { paths: [dirname(launcher)] }));
  else {
    tslab = resolve(dirname(path), "..");
    if (path !== join(tslab, "bin", "tslab")) throw new Error(`${program}: not a kernel program a snapshot stands for`);
    if (JSON.parse(readFileSync(join(tslab, "package.json"), "utf8")).name !== "tslab") throw new Error(`${program}: not tslab`);
  }
  const typescript = require.resolve("@tslab/typescript-for-tslab", { paths: [join(tslab, "dist")] });
  return {
    program: path,
    start: path === launcher ? "launch" : "require",
    typescript,
    tslabTypes: join(tslab, "node_modules", "@types"),
  };
}

/**
 * The folder that stands for cwd's type roots: the nearest with node_modules/@types (tslab's type roots are that one
 * and those above it, as TypeScript's getDefaultTypeRoots finds them from cwd); where there is none (a folder in no
 * project), the file-system root, which has the same (none): all such folders share one snapshot.
 */
function projectRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, "node_modules", "@types"))) return dir;
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

/** Every node_modules/@types folder at `dir` and above it, nearest first (TypeScript's default type roots). */
function typeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules", "@types"))) roots.push(join(d, "node_modules", "@types"));
    if (dirname(d) === d) return roots;
  }
}

/**
 * The dl4nlp library's index.d.ts as a notebook in cwd imports it: the folder's own dl4nlp if Node resolves one there,
 * else, for the project's launcher (`forwards`), the package the launcher forwards "dl4nlp" to (own-package.ts).
 */
function libraryTypes(cwd: string, forwards: boolean): string[] {
  const pkg = packageFrom(resolve(cwd)) ?? (forwards ? ownPackageRoot() : null);
  if (pkg === null) return [];
  const types = join(pkg, "dist", "index.d.ts");
  return existsSync(types) ? [types] : [];
}

/**
 * The environment variables TypeScript reads once, as it loads (watch settings, assertion level, debug mode): a
 * snapshot holds the values of the process that built it, so a kernel uses only a snapshot built with the same.
 */
function compilerEnv(env: NodeJS.ProcessEnv): [string, string][] {
  const read = /^(TSC_|TS_ETW_MODULE_PATH$|NODE_ENV$|NODE_INSPECTOR_IPC$|VSCODE_INSPECTOR_OPTIONS$)/;
  return Object.entries(env)
    .filter((e): e is [string, string] => read.test(e[0]) && e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** The packages in an @types folder and their versions: a new or updated one makes a new snapshot. */
function typesStamp(dir: string): string {
  try {
    return fileStamp(dir) + [...readdirNames(dir)].map((d) => `${d}:${fileStamp(join(dir, d, "package.json"))}`).join(",");
  } catch {
    return "none";
  }
}

function readdirNames(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** build.js beside this module, or in lib/dist (see entryScript). */
export function builderScript(): string {
  return join(dirname(entryScript()), "build.js");
}

/** entry.js beside this module (the built package), or in lib/dist when this module runs from its TypeScript source. */
export function entryScript(): string {
  const beside = join(__dirname, "entry.js");
  if (existsSync(beside)) return beside;
  return join(__dirname, "..", "..", "..", "dist", "tools", "kernel", "snapshot", "entry.js");
}

function readOnly(env: NodeJS.ProcessEnv): boolean {
  return env.DL4NLP_KERNEL_CACHE_READONLY === "1";
}

/** The environment of the build: the kernel's, so NODE_OPTIONS (part of the key) is the one the kernel gets. */
function nodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DL4NLP_SNAPSHOT_BUILD: _ignored, ...rest } = env;
  return rest;
}

/** Starts a build unless one runs or the cache is read-only; kernels started meanwhile start the ordinary way. */
function buildInBackground(options: SnapshotOptions): void {
  if (readOnly(options.env ?? process.env)) return;
  void buildSnapshot(options, { background: true }).catch(() => {});
}

/** Whether path is a directory (or file) of this user, not writable by group or others, and not a symbolic link. */
export function ours(path: string, directory: boolean): boolean {
  try {
    const s = lstatSync(path);
    if (s.isSymbolicLink() || (directory ? !s.isDirectory() : !s.isFile())) return false;
    if (typeof process.getuid === "function" && s.uid !== process.getuid()) return false;
    return (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Creates dir (mode 700) if missing; true if it is then a private folder of this user that we can write. */
export function makeOurDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ours(dir, true)) return false;
    const probe = join(dir, `.probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
    return true;
  } catch {
    return false; // read-only file system, no permission: no snapshot
  }
}

/** An exclusive lock file; a lock older than 5 minutes is a crashed build's and is taken over. */
export function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, "wx", 0o600));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) {
        rmSync(lock, { force: true });
        closeSync(openSync(lock, "wx", 0o600));
        return true;
      }
    } catch {
      // taken by another process meanwhile
    }
    return false;
  }
}

function safeHomedir(): string {
  try {
    return homedir();
  } catch {
    return "";
  }
}
