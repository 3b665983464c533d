/**
 * The `check` helpers of test cells (check.ok, check.equal, check.close, check.throws), as TypeScript source that a
 * kernel evaluates. The same text serves two places: the setup cell of every assignment (so students can run the
 * visible tests themselves) and the grader's prelude, which builds a private copy BEFORE any student code runs and
 * hands it to each test body as its `check` parameter (the student's own `check`, or a redefined Math, cannot reach
 * it). The helpers use only intrinsics captured when the expression is evaluated, indexed loops (no iterators), and
 * read student values as plain numbers: a NaN, a non-number or a missing element fails.
 */
export const CHECK_SOURCE = `(() => {
  const abs = Math.abs, max = Math.max, isArray = Array.isArray, stringify = JSON.stringify, Err = Error;
  const show = (v: any): string => { try { return typeof v === "number" ? String(v) : stringify(v) ?? String(v); } catch { return "(unprintable)"; } };
  const fail = (what: string, msg?: string): never => { throw new Err((msg ? msg + ": " : "") + what); };
  const numbers = (v: any, where: string): any[] => {
    if (typeof v === "number") return [v];
    if (v !== null && typeof v === "object" && !isArray(v) && typeof v.length !== "number" && v.data !== undefined && v.shape !== undefined) return numbers(v.data, where);
    if (v === null || typeof v !== "object" || typeof v.length !== "number") return fail("expected numbers at " + where + ", got " + show(v));
    const out: any[] = [];
    for (let i = 0; i < v.length; i++) { const inner = numbers(v[i], where + "[" + i + "]"); for (let j = 0; j < inner.length; j++) out[out.length] = inner[j]; }
    return out;
  };
  const check = {
    /** Fails unless cond is exactly true. */
    ok(cond: any, msg?: string): void { if (cond !== true) fail("expected true, got " + show(cond), msg); },
    /** Strict equality of primitives, element by element for arrays. */
    equal(actual: any, expected: any, msg?: string): void {
      if (isArray(expected)) {
        if (!isArray(actual) || actual.length !== expected.length) fail("expected " + show(expected) + ", got " + show(actual), msg);
        for (let i = 0; i < expected.length; i++) check.equal(actual[i], expected[i], (msg ? msg + " " : "") + "[" + i + "]");
      } else if (actual !== expected) fail("expected " + show(expected) + ", got " + show(actual), msg);
    },
    /** |actual - expected| <= tol for a number, an array (nested) or a Tensor ({shape, data}); same element count. */
    close(actual: any, expected: any, tol: number = 1e-6, msg?: string): void {
      const a = numbers(actual, "actual"), e = numbers(expected, "expected");
      if (a.length !== e.length) fail("expected " + e.length + " numbers, got " + a.length, msg);
      let worst = 0;
      for (let i = 0; i < e.length; i++) {
        const d = abs(a[i] - e[i]);
        if (!(d <= tol)) fail("element " + i + ": expected " + e[i] + " (tol " + tol + "), got " + a[i], msg);
        worst = max(worst, d);
      }
    },
    /** fn() must throw. */
    throws(fn: any, msg?: string): void {
      let threw = false;
      try { fn(); } catch { threw = true; }
      if (!threw) fail("expected an error", msg);
    },
  };
  return Object.freeze(check);
})()`;
