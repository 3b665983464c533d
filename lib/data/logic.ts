import { received } from "../tensor/received";
import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";

/** The Boolean functions of the slides' "XOR problem" table. */
export type LogicFunction = "and" | "or" | "xor";

const TRUTH: Record<LogicFunction, (a: number, b: number) => number> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
};

/**
 * The truth table of AND, OR or XOR as on the slides: X rows (0,0), (0,1), (1,0), (1,1), y the output.
 * With `{ signed: true }` the labels are -1/+1 (for the perceptron) instead of 0/1.
 * @example
 * logicTable("xor").y; // [0, 1, 1, 0]
 */
export function logicTable(fn: LogicFunction, options: { signed?: boolean } = {}): Dataset {
  const f = Object.hasOwn(TRUTH, fn) ? TRUTH[fn] : undefined;
  if (!f) throw new RangeError(`logicTable: unknown function ${received(fn)}; use "and", "or" or "xor"`);
  const inputs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const y = inputs.map(([a, b]) => (options.signed ? 2 * f(a, b) - 1 : f(a, b)));
  return { X: Tensor.from(inputs), y };
}
