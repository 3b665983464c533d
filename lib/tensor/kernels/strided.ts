/**
 * A matrix operand of the product kernels: `rows`×`cols` values read through strides, element (i, j) at
 * `data[i·rowStride + j·colStride]`. A row-major matrix has strides (cols, 1); its transpose, read in place, has
 * (1, rows of the transpose). One object per operand and call: the kernels copy its fields into locals before
 * their loops.
 */
export interface Strided {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** `data` as a row-major rows×cols matrix. */
export function rowMajor(data: Float64Array, rows: number, cols: number): Strided {
  return { data, rows, cols, rowStride: cols, colStride: 1 };
}

/** The transpose of the row-major cols×rows matrix in `data`, as a rows×cols operand, without copying. */
export function transposedView(data: Float64Array, rows: number, cols: number): Strided {
  return { data, rows, cols, rowStride: 1, colStride: rows };
}
