import { expect } from "vitest";
import { Tensor } from "../../../lib";

type Values = Tensor | number | readonly number[] | readonly (readonly number[])[];

function flat(v: Values): number[] {
  if (typeof v === "number") return [v];
  if (v instanceof Tensor) return Array.from(v.data);
  return (v as readonly (number | readonly number[])[]).flatMap((e) => (typeof e === "number" ? [e] : [...e]));
}

/** Asserts every |actual − expected| <= tol, element-wise, naming the element that is off. */
export function expectClose(actual: Values, expected: Values, tol: number): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, "number of values").toBe(e.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - e[i]), `element ${i}: ${v} vs ${e[i]}`).toBeLessThanOrEqual(tol);
  });
}
