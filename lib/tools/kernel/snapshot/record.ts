import { readFileSync, statSync } from "node:fs";

/**
 * The record written beside a complete snapshot: its size and modification time (`SIZE:MTIME_MS`). A rename keeps both,
 * so the record of the file the builder wrote still matches it in place; a copy cut short, or bytes changed later (a
 * disk or a copy gone wrong), no longer does.
 */
export function snapshotRecord(file: string): string {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/**
 * Whether `file` is the complete snapshot its record (`file.size`) describes. V8 checks a snapshot's checksum as it
 * loads it and aborts the process on a mismatch ("Check failed: VerifyChecksum(blob)", SIGTRAP), so a snapshot that
 * does not match its record must never be started: the kernel starts the ordinary way and a new build replaces it.
 */
export function completeSnapshot(file: string): boolean {
  try {
    return snapshotRecord(file) === readFileSync(`${file}.size`, "utf8");
  } catch {
    return false;
  }
}
