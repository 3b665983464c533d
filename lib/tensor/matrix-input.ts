import { count } from "./plural";
import { received } from "./received";
import { formatShape, type NumberList, Tensor } from "./tensor";

/**
 * A matrix as the data-taking functions accept it: a Tensor, or rows of numbers (number[][], or typed arrays such as
 * Float64Array rows), one sample per row.
 */
export type DataMatrix = Tensor | readonly (readonly number[])[] | readonly NumberList[];

/**
 * The matrix `value` (a Tensor, or number[][] rows) as a rank-2 Tensor, one sample per row: a Tensor as it is (not
 * copied), rows copied into a new one.
 *
 * Errors name the function and the argument: TypeError when `value` is neither a Tensor nor an array of rows;
 * RangeError for a Tensor that is not a matrix (its shape) or a row of another length than row 0 (both lengths);
 * TypeError for an entry that is not a number (its place). An empty array is a 0×0 matrix (the caller decides
 * whether no samples is allowed).
 * @example
 * asMatrix("fit", "x", [[0, 1], [1, 0]]); // Tensor 2×2
 */
export function asMatrix(fn: string, what: string, value: unknown): Tensor {
  if (value instanceof Tensor) {
    if (value.rank !== 2)
      throw new RangeError(`${fn}: ${what} must be a matrix (samples×features), got shape ${formatShape(value.shape)}`);
    return value;
  }
  if (!Array.isArray(value) || (value.length > 0 && !value.every(isRow)))
    throw new TypeError(
      `${fn}: ${what} must be a Tensor or rows of numbers (number[][]), got ${received(value)}${rowsHint(value)}`,
    );
  const rows = value as ArrayLike<unknown>[];
  if (rows.length === 0) return new Tensor([0, 0]); // no samples: the caller says whether that is allowed
  const d = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`${fn}: row ${i} of ${what} has ${count(row.length, "value")}, row 0 has ${d}`);
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (typeof v !== "number") throw new TypeError(`${fn}: ${what}[${i}][${j}] is ${received(v)}, not a number`);
    }
  });
  return Tensor.from(rows as number[][]);
}

/** A row of numbers: an array, or a typed array (a Float64Array row is taken as number[]). */
function isRow(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** The way out for a flat array of numbers where rows are wanted (one sample is a row too). */
function rowsHint(value: unknown): string {
  return Array.isArray(value) && value.every((v) => typeof v === "number") ? " (one sample is a row: [[0, 1]])" : "";
}
