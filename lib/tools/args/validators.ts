import { statSync } from "node:fs";
import { quoted, UsageError } from "./options";

/** Seconds > 0 (fractions allowed): `--timeout 30`. */
export function positiveSeconds(raw: string, flag: string): number {
  const t = Number(raw);
  if (!Number.isFinite(t) || t <= 0 || raw.trim() === "")
    throw new UsageError(`${flag}: expected seconds > 0, got ${quoted(raw)}`);
  return t;
}

/** A whole number >= min: `--jobs 2`. */
export function wholeNumber(min: number): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || raw.trim() === "") {
      throw new UsageError(`${flag}: expected a whole number >= ${min}, got ${quoted(raw)}`);
    }
    return n;
  };
}

const UNITS: Record<string, number> = { "": 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9 };

/** A size in bytes (characters), with an optional unit k, M or G: `--output-limit 1M`. */
export function byteSize(raw: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(raw);
  const n = m ? Number(m[1]) * (UNITS[m[2].toLowerCase()] ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(n) || n < 1)
    throw new UsageError(`${flag}: expected a size such as 100000, 500k or 2M, got ${quoted(raw)}`);
  return Math.round(n);
}

/** One of a fixed set of words: `--execute always`. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string, flag: string) => T {
  return (raw, flag) => {
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    throw new UsageError(`${flag}: expected ${choices.map((c) => `"${c}"`).join(" or ")}, got ${quoted(raw)}`);
  };
}

/**
 * A folder to write into, made when missing (`--out build/site`): refused when a file (or anything else that is not a
 * folder) is there, which every command would otherwise meet deep inside as ENOTDIR / EEXIST with a stack trace.
 */
export function outputFolder(raw: string, flag: string): string {
  if (raw.trim() === "") throw new UsageError(`${flag}: expected a folder, got ${quoted(raw)}`);
  let st: import("node:fs").Stats | undefined;
  try {
    st = statSync(raw);
  } catch {
    return raw; // not there yet (made by the command), or not reachable: the command says which when it writes
  }
  if (!st.isDirectory()) throw new UsageError(`${flag} ${raw}: a file is there, not a folder; give a folder to write into`);
  return raw;
}
