/**
 * firstNonFiniteIn(d): the index of the first NaN, Infinity or -Infinity in d, or -1 when every value is finite.
 *
 * Fast path: Σ d[i]·0 in four running sums is 0 exactly when every value is finite (∞·0 and NaN·0 are NaN, and a NaN
 * stays in a sum): one multiply and one add per value, no branch. Only an array that fails is searched value by
 * value for the index. A branch per value (`Number.isFinite(d[i])`) cost about twice as long here: the optimizers
 * check every gradient at every step, and fit checks all its data (47 M values for MNIST's 60,000×784) at every call.
 */
export function firstNonFiniteIn(d: Float64Array): number {
  const n = d.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += d[i] * 0;
    s1 += d[i + 1] * 0;
    s2 += d[i + 2] * 0;
    s3 += d[i + 3] * 0;
  }
  for (; i < n; i++) s0 += d[i] * 0;
  if (s0 + s1 + s2 + s3 === 0) return -1;
  for (let j = 0; j < n; j++) if (!Number.isFinite(d[j])) return j;
  return -1;
}
