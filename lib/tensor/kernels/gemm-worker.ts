/**
 * A helper thread of the large products (gemm-threads.ts starts it with worker_threads; Node only). It waits on its
 * slot of the shared control block, runs the band of C it is handed on its own instance of gemm.wat over the shared
 * memory, and signals done. No allocation and no message per product: a new memory (a larger product) arrives on its
 * port before the job that needs it and is picked up synchronously.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { SLOT } from "./gemm-threads-slot";

const {
  module: kernelModule,
  control,
  index,
  port,
} = workerData as {
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
  index: number;
  port: MessagePort;
};
const ctl = new Int32Array(control);
const base = index * SLOT.size;
type Kernel = (...args: number[]) => void;
let kernels = null as Record<string, Kernel> | null; // (a cast: set in useMemory, which control flow does not follow)
let memoryGeneration = -1;

/** Takes the memories posted so far; the last one is the one the current job uses. */
function useMemory(generation: number): void {
  while (memoryGeneration !== generation) {
    const message = receiveMessageOnPort(port)?.message as { memory: WebAssembly.Memory | null; generation: number } | undefined;
    if (message === undefined) throw new Error(`gemm helper ${index}: memory ${generation} not posted`);
    memoryGeneration = message.generation;
    kernels =
      message.memory === null
        ? null
        : (new WebAssembly.Instance(kernelModule, { env: { memory: message.memory } }).exports as Record<string, Kernel>);
  }
}

Atomics.store(ctl, base + SLOT.ready, 1);
let seen = Atomics.load(ctl, base + SLOT.job);
for (;;) {
  Atomics.wait(ctl, base + SLOT.job, seen);
  const job = Atomics.load(ctl, base + SLOT.job);
  if (job === seen) continue;
  seen = job;
  let status = 0;
  try {
    useMemory(ctl[base + SLOT.memory]);
    const kernel = ctl[base + SLOT.kernel];
    if (kernel !== SLOT.release) {
      const args = Array.from(ctl.subarray(base + SLOT.args, base + SLOT.args + ctl[base + SLOT.argCount]));
      const run = kernels?.[kernel === SLOT.packed ? "gemm" : "gemmDirect"];
      if (run === undefined) throw new Error(`gemm helper ${index}: no memory`);
      run(...args);
    }
  } catch {
    status = 1; // the main thread runs this band itself
  }
  Atomics.store(ctl, base + SLOT.status, status);
  Atomics.store(ctl, base + SLOT.done, job);
  Atomics.notify(ctl, base + SLOT.done);
}
