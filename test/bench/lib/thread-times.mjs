// CPU time of each thread of this process (Linux: /proc/self/task/<tid>/schedstat, nanoseconds on the CPU), so a
// benchmark of threaded products can report the busiest thread's CPU time beside the wall time: on a machine whose
// other core is busy, a split product's wall time says nothing about the split, while its busiest thread's CPU time
// is what the wall time approaches on an idle machine. Elsewhere: null.
import { readFileSync, readdirSync } from "node:fs";

/** Seconds on the CPU per thread id, or null where /proc is not there. */
export function threadTimes() {
  let tids;
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return null;
  }
  const out = new Map();
  for (const tid of tids) {
    try {
      out.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e9);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out;
}

/** The largest CPU time any one thread spent between two threadTimes() readings, in seconds (null without them). */
export function busiestThread(before, after) {
  if (before === null || after === null) return null;
  let most = 0;
  for (const [tid, t] of after) most = Math.max(most, t - (before.get(tid) ?? 0));
  return most;
}
