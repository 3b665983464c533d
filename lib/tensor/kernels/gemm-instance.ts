/**
 * An instance of gemm.wat's kernels on a memory (plain, or shared with the helper threads of large products): the
 * memory as doubles and the exports gemm-wasm.ts and gemm-worker.ts call. Its own small file, so a helper thread loads
 * only this (not the kernels' bytes).
 */
export interface Instance {
  memory: Float64Array;
  /** gemm.wat's exports. */
  gemm: WasmFunction;
  gemmDirect: WasmFunction;
  gemmPrepacked: WasmFunction;
  packBPanels: WasmFunction;
  /** relu in place over whole rows of C (a multiple of 4 doubles): (byte offset, count). */
  reluInPlace: WasmFunction;
  /** relu's backward from its output: (byte offsets of y, g and out, count). */
  reluBackward: WasmFunction;
}
type WasmFunction = (...args: number[]) => void;

/** The kernels' exports on a memory, as an Instance (also for an instance on a shared memory, gemm-threads.ts). */
export function instanceOn(module: WebAssembly.Module, memory: WebAssembly.Memory): Instance {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, WasmFunction>;
  const { gemm, gemmDirect, gemmPrepacked, packBPanels, reluInPlace, reluBackward } = exports;
  return { memory: new Float64Array(memory.buffer), gemm, gemmDirect, gemmPrepacked, packBPanels, reluInPlace, reluBackward };
}
