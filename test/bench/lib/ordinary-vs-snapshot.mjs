// The rows the kernel-start benches print for a kernel started the ordinary way beside one started from its start-up
// snapshot: for each measured quantity, the median of each kind's samples and the ratio ordinary / snapshot (> 1: the
// snapshot is faster). Used by jupyter-kernel.bench.mjs and runner.bench.mjs.
import { median } from "./workloads.mjs";

/** Prints a table row in test/bench/run.mjs's protocol (`BENCH_ROW {json}`). */
export const benchRow = (values) => console.log(`BENCH_ROW ${JSON.stringify(values)}`);

/**
 * Prints one row per quantity `[case, unit, key]`: the medians of `samples.ordinary[i][key]` and
 * `samples.snapshot[i][key]` (rounded) and their ratio; returns the unrounded medians by key.
 */
export function ordinaryVsSnapshotRows(samples, quantities) {
  const medians = {};
  for (const [what, unit, key] of quantities) {
    const ordinary = median(samples.ordinary.map((s) => s[key]));
    const snapshot = median(samples.snapshot.map((s) => s[key]));
    medians[key] = { ordinary, snapshot };
    benchRow({
      case: what,
      unit,
      ordinary: Math.round(ordinary),
      snapshot: Math.round(snapshot),
      ratio: Number((ordinary / snapshot).toFixed(2)),
    });
  }
  return medians;
}
