/**
 * A helper thread of the large products (gemm-threads.ts starts it with worker_threads; Node only). It waits on its
 * slot of the shared control block, runs the band of C it is handed on its own instance of gemm.wat over the shared
 * memory it was started with, and signals done. No allocation and no message per product. A helper serves one memory
 * for its whole life: a product that needs another memory gets new helpers (gemm-threads.ts), so an old memory is
 * freed with the old helper instead of waiting for a garbage collection in a thread that allocates nothing.
 *
 * A band of a product whose B is packed once for all bands first packs its share of B's panels, signals that, and
 * waits for the main thread's `go` (every share packed) before it multiplies.
 */
import { workerData } from "node:worker_threads";
import { instanceOn } from "./gemm-instance";
import { HEADER, KERNEL_NAME, SLOT, waitUntil } from "./gemm-threads-slot";

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
  const job = Atomics.load(ctl, base + SLOT.job);
  seen = job;
  let status = 0;
  Atomics.store(ctl, base + SLOT.status, 0);
  try {
    const kernel = KERNEL_NAME[ctl[base + SLOT.kernel]];
    const count = ctl[base + SLOT.argCount];
    const packCount = ctl[base + SLOT.packCount];
    const args = Array.from(ctl.subarray(base + SLOT.args, base + SLOT.args + count));
    if (kernel === "gemmPrepacked") {
      try {
        kernels.packBPanels(...args.slice(0, packCount));
      } catch (e) {
        Atomics.store(ctl, base + SLOT.status, 1); // the main thread packs this share
        throw e;
      } finally {
        Atomics.store(ctl, base + SLOT.packed, job);
        Atomics.notify(ctl, base + SLOT.packed);
      }
      const target = ctl[base + SLOT.go];
      waitUntil(ctl, header + HEADER.go, (v) => v - target >= 0, Number.POSITIVE_INFINITY, spinMs());
    }
    kernels[kernel](...args.slice(packCount));
  } catch {
    status = 1; // the main thread runs this band itself
  }
  Atomics.store(ctl, base + SLOT.status, status);
  Atomics.store(ctl, base + SLOT.done, job);
  Atomics.notify(ctl, base + SLOT.done);
}
