/**
 * Builds one start-up snapshot and puts it in place (run by ./index.ts as its own detached process, so the build
 * completes even when the runner that started it exits first):
 *   node build.js SNAPSHOT_FILE LOCK_FILE ENTRY_SCRIPT   (DL4NLP_SNAPSHOT_BUILD in the environment, see ./config.ts)
 * The snapshot is written beside its final name, its size recorded, then both renamed into place (a kernel uses a
 * snapshot only when the size record matches: a partly written one would crash node); the lock is removed at the end.
 * Exit code 0 when the snapshot is in place; the builder's output on stderr otherwise.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

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
  const r = spawnSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", entry], {
    env: process.env,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (r.status === 0) {
    writeFileSync(`${file}.size.tmp`, String(statSync(tmp).size), { mode: 0o600 });
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
