/**
 * Builds one start-up snapshot and puts it in place (run by ./index.ts as its own detached process, so the build
 * completes even when the runner that started it exits first):
 *   node build.js SNAPSHOT_FILE LOCK_FILE ENTRY_SCRIPT   (DL4NLP_SNAPSHOT_BUILD in the environment, see ./config.ts)
 * The snapshot is written beside its final name, its size and modification time recorded, then both renamed into place
 * (a kernel uses a snapshot only when the record matches: a partly written or later changed one would crash node); the
 * lock is removed at the end.
 * Exit code 0 when the snapshot is in place; the builder's output on stderr otherwise. With DL4NLP_SNAPSHOT_COMMAND
 * the build runs under a command prefix (the grading sandbox, ../../grade/sandbox-snapshot.ts) with the kernel's node
 * flags, and the snapshot is made readable by others (the sandbox user; its folder stays private).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { snapshotRecord } from "./record";

/** Snapshots kept in a cache folder (one per node, tslab and project; ~45 MB each): the newest, this one included. */
const KEEP = 4;

/** Removes all but the KEEP newest snapshots (and their size records) beside `file`. */
function prune(file: string): void {
  const dir = dirname(file);
  const blobs = readdirSync(dir)
    .filter((f) => /^tslab-[0-9a-f]+\.blob$/.test(f) && f !== basename(file))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of blobs.slice(KEEP - 1)) {
    rmSync(join(dir, `${f}.size`), { force: true });
    rmSync(join(dir, f), { force: true });
  }
}

const [file, lock, entry] = process.argv.slice(2);
const tmp = `${file}.${process.pid}.tmp`;
let ok = false;
try {
  // DL4NLP_SNAPSHOT_COMMAND (JSON argv, optional): a command prefix the build runs under (the grading sandbox) and node
  // flags of the kernel, e.g. {"prefix": ["bwrap", …, "--"], "nodeFlags": ["--max-old-space-size=1024"]}
  const { prefix = [], nodeFlags = [] } = JSON.parse(process.env.DL4NLP_SNAPSHOT_COMMAND ?? "{}") as {
    prefix?: string[];
    nodeFlags?: string[];
  };
  const argv = [...prefix, process.execPath, ...nodeFlags, "--snapshot-blob", tmp, "--build-snapshot", entry];
  const r = spawnSync(argv[0], argv.slice(1), {
    env: process.env,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (r.status === 0) {
    if (prefix.length > 0) chmodSync(tmp, 0o644);
    // the record of the complete file (size and modification time, which a rename keeps): see completeSnapshot
    writeFileSync(`${file}.size.tmp`, snapshotRecord(tmp), { mode: 0o600 });
    renameSync(tmp, file);
    renameSync(`${file}.size.tmp`, `${file}.size`);
    ok = true;
    prune(file);
  } else process.stderr.write(`snapshot build failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-4000)}\n`);
} catch (e) {
  process.stderr.write(`snapshot build failed: ${(e as Error).message}\n`);
} finally {
  rmSync(tmp, { force: true });
  rmSync(lock, { force: true });
}
process.exitCode = ok ? 0 : 1;
