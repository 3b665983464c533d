/**
 * A helper thread of the large products (gemm-threads.ts starts it with worker_threads; Node only). It waits on its
 * slot of the shared control block; handed a job, it reads the product under way from the header and claims its tasks
 * (packing B's panels, chunks of C's rows) alongside the main thread, each on its own instance of gemm.wat over the
 * shared memory it was started with (runTasks). No message per product. A helper serves one memory for its whole life:
 * a product that needs another memory gets new helpers (gemm-threads.ts), so an old memory is freed with the old
 * helper instead of waiting for a garbage collection in a thread that allocates little.
 *
 * A helper that wakes late finds the tasks claimed (or a later product under way) and waits again: the main thread
 * never waits for a helper that has not started.
 */
import { workerData } from "node:worker_threads";
import { instanceOn } from "./gemm-instance";
import { HEADER, SLOT, readProduct, runTasks, waitUntil } from "./gemm-threads-slot";

const {
  module: kernelModule,
  memory,
  control,
  index,
  count: helpers,
} = workerData as {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  count: number;
};
const kernels = instanceOn(kernelModule, memory);
const ctl = new Int32Array(control);
const base = index * SLOT.size;
const header = helpers * SLOT.size;
/** How long to spin before sleeping (HEADER.spinUs, set by the main thread by the machine's load). */
const spinMs = () => Atomics.load(ctl, header + HEADER.spinUs) / 1000;

Atomics.store(ctl, base + SLOT.ready, 1);
let seen = Atomics.load(ctl, base + SLOT.job);
for (;;) {
  // after a job (the next may follow at once) and after a wake-up (the main thread wakes the helpers before it copies
  // a product in, so their waking overlaps the copying), spin a while before sleeping
  if (!waitUntil(ctl, base + SLOT.job, (v) => v !== seen, 0, spinMs())) {
    Atomics.wait(ctl, base + SLOT.job, seen); // until a job, or a wake-up
    continue;
  }
  seen = Atomics.load(ctl, base + SLOT.job);
  const { id, split } = readProduct(ctl, header);
  // (a kernel that throws is caught in runTasks; a wait that passes its deadline means the main thread gave up)
  runTasks(ctl, header, kernels, index + 1, id, split, spinMs(), Date.now() + 60_000);
}
