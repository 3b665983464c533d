/**
 * The grader's side of the student's answers: what the student's kernel said each answer name is (missing, a
 * function, a value) and what each function returned for each argument list, and the stand-ins a test in the trusted
 * realm receives in their place. A stand-in that meets an argument list it has no answer for records it as a miss and
 * throws; the grader then asks the kernel for the misses and runs the test again (tests are deterministic), so a test
 * whose later calls depend on the student's earlier results still gets the student's answers, round after round.
 * The i-th call of a function with equal arguments gets the i-th answer (a stateful function is asked in order).
 */
import type { OracleAnswer, OracleRequest } from "./kernel-prelude";
import { DEFAULT_INTRINSICS, decodeValue, type Encoded, encodeValue } from "./values";

/** Thrown by a stand-in without an answer yet; never reaches a verdict. */
class Miss extends Error {}

export class Oracle {
  private readonly kinds = new Map<string, OracleAnswer>();
  private readonly answers = new Map<string, OracleAnswer>();
  private pending: OracleRequest = { gets: [], calls: [] };
  private counts = new Map<string, number>();

  constructor(private readonly makeTensor: (shape: number[], data: Float64Array) => unknown) {}

  /** Asks for the kinds of these names (once each) and for these calls (recorded with the master's solution). */
  want(names: readonly string[], calls: readonly { name: string; args: Encoded[] }[] = []): void {
    for (const n of names) if (!this.kinds.has(n) && !this.pending.gets.includes(n)) this.pending.gets.push(n);
    for (const c of calls) this.pending.calls.push(c);
  }

  /** The request to send now (then cleared), or undefined when nothing is missing. */
  takeRequest(): OracleRequest | undefined {
    const r = this.pending;
    this.pending = { gets: [], calls: [] };
    return r.gets.length + r.calls.length > 0 ? r : undefined;
  }

  /** Stores the kernel's reply to `request`. */
  store(request: OracleRequest, gets: OracleAnswer[], calls: OracleAnswer[]): void {
    request.gets.forEach((name, i) => {
      this.kinds.set(name, gets[i] ?? { error: "no answer" });
    });
    const seen = new Map<string, number>();
    request.calls.forEach((c, i) => {
      const base = callKey(c.name, c.args);
      const n = seen.get(base) ?? this.occurrencesStored(base);
      seen.set(base, n + 1);
      const key = `${base}\u0000${n}`;
      if (!this.answers.has(key)) this.answers.set(key, calls[i] ?? { error: "no answer" });
    });
  }

  private occurrencesStored(base: string): number {
    let n = 0;
    while (this.answers.has(`${base}\u0000${n}`)) n++;
    return n;
  }

  /** The bindings for one run of a test (fresh values; call counters reset). `missed()` tells whether it can count. */
  bindings(names: readonly string[]): unknown[] {
    this.counts = new Map();
    return names.map((name) => {
      const kind = this.kinds.get(name);
      if (!kind) {
        this.want([name]);
        throw new Miss(`no answer yet for ${name}`);
      }
      if (kind.missing) return undefined;
      if (kind.error) return missingValue(name, kind.error);
      if (kind.fn) return this.standIn(name);
      return decodeValue(kind.value ?? null, this.makeTensor);
    });
  }

  /** Whether the last runs met calls without an answer (their verdicts do not count; ask and run again). */
  missed(): boolean {
    return this.pending.gets.length + this.pending.calls.length > 0;
  }

  private standIn(name: string) {
    return (...args: unknown[]): unknown => {
      const encoded = encodeValue(args, DEFAULT_INTRINSICS) as Encoded[];
      const base = callKey(name, encoded);
      const n = this.counts.get(base) ?? 0;
      this.counts.set(base, n + 1);
      const answer = this.answers.get(`${base}\u0000${n}`);
      if (!answer) {
        this.pending.calls.push({ name, args: encoded });
        throw new Miss(`no answer yet for a call of ${name}`);
      }
      if (answer.after !== undefined) writeBack(args, decodeValue(answer.after, this.makeTensor));
      if (answer.error !== undefined) throw new Error(answer.error);
      if (answer.threw !== undefined) throw new Error(`${name} threw ${answer.threw}`);
      return decodeValue(answer.value ?? null, this.makeTensor);
    };
  }
}

const callKey = (name: string, args: Encoded[]) => `${name}\u0000${JSON.stringify(args)}`;

function missingValue(name: string, why: string) {
  return () => {
    throw new Error(`${name}: ${why}`);
  };
}

/** Copies what the student's function did to its arguments onto the test's own arguments (arrays, objects, tensors). */
function writeBack(target: unknown, source: unknown): void {
  if (target === null || typeof target !== "object" || source === null || typeof source !== "object") return;
  if (ArrayBuffer.isView(target) && ArrayBuffer.isView(source)) {
    const t = target as unknown as number[];
    const s = source as unknown as number[];
    if (t.length === s.length) for (let i = 0; i < s.length; i++) t[i] = s[i];
    return;
  }
  const t = target as Record<string, unknown>;
  const s = source as Record<string, unknown>;
  if (Array.isArray(t) && Array.isArray(s)) {
    for (let i = 0; i < s.length; i++) {
      if (t[i] !== null && typeof t[i] === "object") writeBack(t[i], s[i]);
      else t[i] = s[i];
    }
    t.length = s.length;
    return;
  }
  if ("data" in t && "data" in s) {
    writeBack(t.data, s.data);
    return;
  }
  for (const k of Object.keys(s)) {
    if (t[k] !== null && typeof t[k] === "object") writeBack(t[k], s[k]);
    else {
      try {
        t[k] = s[k];
      } catch {
        // a frozen argument stays as it is
      }
    }
  }
}

/** A record of the calls a test made with the master's solution: stand-ins that call the real functions. */
export function recordingBindings(
  names: readonly string[],
  values: readonly unknown[],
  log: { name: string; args: Encoded[] }[],
): unknown[] {
  return names.map((name, i) => {
    const v = values[i];
    if (typeof v !== "function") return v;
    return (...args: unknown[]) => {
      log.push({ name, args: encodeValue(args, DEFAULT_INTRINSICS) as Encoded[] });
      return (v as (...a: unknown[]) => unknown)(...args);
    };
  });
}
