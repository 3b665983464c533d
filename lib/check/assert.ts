/**
 * The `check` helpers that assignment test cells use: check.ok, check.equal, check.close, check.throws, as in
 * `import { check } from "dl4nlp"`. One source: the assignments' setup cells import it for students to run the visible
 * tests themselves, and the grader hands this same object to every test (tests run in the grader's trusted realm,
 * lib/tools/grade/trusted-realm.ts), whatever a submission does to its own copy. Values from a submission arrive as
 * plain data (lib/tools/grade/values.ts): the helpers read them as numbers; a NaN, a non-number or a missing element
 * fails. Each helper throws an Error naming what differs (and `msg` first, when given).
 */
export interface Check {
  /** Fails unless cond is exactly true. */
  ok(cond: unknown, msg?: string): void;
  /** Strict equality of primitives, element by element for arrays. */
  equal(actual: unknown, expected: unknown, msg?: string): void;
  /** |actual - expected| <= tol for a number, an array (nested) or a Tensor ({shape, data}); same element count. */
  close(actual: unknown, expected: unknown, tol?: number, msg?: string): void;
  /** fn() must throw. */
  throws(fn: () => unknown, msg?: string): void;
}

const show = (v: unknown): string => {
  try {
    return typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    return "(unprintable)";
  }
};

const fail = (what: string, msg?: string): never => {
  throw new Error((msg ? `${msg}: ` : "") + what);
};

/** The numbers of a number, a nested array, a typed array or a {shape, data} tensor, flattened. */
function numbers(v: unknown, where: string): number[] {
  if (typeof v === "number") return [v];
  if (v === null || typeof v !== "object") return fail(`expected numbers at ${where}, got ${show(v)}`);
  const o = v as { length?: unknown; data?: unknown; shape?: unknown };
  if (!Array.isArray(v) && typeof o.length !== "number" && o.data !== undefined && o.shape !== undefined) {
    return numbers(o.data, where);
  }
  if (typeof o.length !== "number" || !(o.length >= 0 && o.length <= 1e7)) {
    return fail(`expected numbers at ${where}, got ${show(v)}`);
  }
  const out: number[] = [];
  const items = v as ArrayLike<unknown>;
  for (let i = 0; i < items.length; i++) out.push(...numbers(items[i], `${where}[${i}]`));
  return out;
}

export const check: Check = Object.freeze({
  ok(cond: unknown, msg?: string): void {
    if (cond !== true) fail(`expected true, got ${show(cond)}`, msg);
  },
  equal(actual: unknown, expected: unknown, msg?: string): void {
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) {
        fail(`expected ${show(expected)}, got ${show(actual)}`, msg);
        return;
      }
      for (let i = 0; i < expected.length; i++) check.equal(actual[i], expected[i], `${msg ? `${msg} ` : ""}[${i}]`);
    } else if (actual !== expected) fail(`expected ${show(expected)}, got ${show(actual)}`, msg);
  },
  close(actual: unknown, expected: unknown, tol = 1e-6, msg?: string): void {
    const a = numbers(actual, "actual");
    const e = numbers(expected, "expected");
    if (a.length !== e.length) fail(`expected ${e.length} numbers, got ${a.length}`, msg);
    for (let i = 0; i < e.length; i++) {
      const d = Math.abs(a[i] - e[i]);
      if (!(d <= tol)) fail(`element ${i}: expected ${e[i]} (tol ${tol}), got ${a[i]}`, msg);
    }
  },
  throws(fn: () => unknown, msg?: string): void {
    let threw = false;
    try {
      fn();
    } catch {
      threw = true;
    }
    if (!threw) fail("expected an error", msg);
  },
});
