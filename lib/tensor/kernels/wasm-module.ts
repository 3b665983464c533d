/**
 * What every WebAssembly kernel of the library shares (gemm-wasm.ts, update-wasm.ts): the switch that keeps all of
 * them off, and the decoding of their embedded bytes.
 */

/**
 * Whether the WebAssembly kernels may run: false with the environment variable DL4NLP_WASM=0, which keeps every
 * product and every optimizer update in JavaScript (to compare the two, or to rule the kernels out when hunting a
 * bug). Read when a kernel is first loaded.
 */
export function wasmWanted(): boolean {
  return !(typeof process !== "undefined" && process.env?.DL4NLP_WASM === "0");
}

/**
 * A kernel's bytes, embedded as base64 by lib/build/wasm.mjs (no file reading: the same code runs in a browser
 * bundle). atob is a global in Node >= 16 and every browser.
 */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
