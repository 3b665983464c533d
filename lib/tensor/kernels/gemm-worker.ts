/**
 * A helper thread of the large products (gemm-threads.ts starts it with worker_threads; Node only). It waits on its
 * slot of the shared control block, runs the band of C it is handed on its own instance of gemm.wat over the shared
 * memory it was started with, and signals done. No allocation and no message per product. A helper serves one memory
 * for its whole life: a product that needs another memory gets new helpers (gemm-threads.ts), so an old memory is
 * freed with the old helper instead of waiting for a garbage collection in a thread that allocates nothing.
 */
import { workerData } from "node:worker_threads";
import { SLOT } from "./gemm-threads-slot";

const {
  module: kernelModule,
  memory,
  control,
  index,
} = workerData as {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
};
type Kernel = (...args: number[]) => void;
const kernels = new WebAssembly.Instance(kernelModule, { env: { memory } }).exports as Record<string, Kernel>;
const ctl = new Int32Array(control);
const base = index * SLOT.size;

Atomics.store(ctl, base + SLOT.ready, 1);
let seen = Atomics.load(ctl, base + SLOT.job);
for (;;) {
  Atomics.wait(ctl, base + SLOT.job, seen);
  const job = Atomics.load(ctl, base + SLOT.job);
  if (job === seen) continue;
  seen = job;
  let status = 0;
  try {
    const args = Array.from(ctl.subarray(base + SLOT.args, base + SLOT.args + ctl[base + SLOT.argCount]));
    kernels[ctl[base + SLOT.kernel] === SLOT.packed ? "gemm" : "gemmDirect"](...args);
  } catch {
    status = 1; // the main thread runs this band itself
  }
  Atomics.store(ctl, base + SLOT.status, status);
  Atomics.store(ctl, base + SLOT.done, job);
  Atomics.notify(ctl, base + SLOT.done);
}
