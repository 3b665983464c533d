#!/usr/bin/env node
// Compiles lib/tensor/kernels/gemm.wat (the SIMD matrix-product kernel) to gemm.wasm with wabt, the WebAssembly Binary
// Toolkit's own text parser: next to its source (for tests that import lib/ as TypeScript) and into
// lib/dist/tensor/kernels (for the built package). Part of `npm run build`; the .wasm files are build products, not in git.
import { mkdirSync, renameSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

const lib = join(dirname(fileURLToPath(import.meta.url)), "..");
const kernels = join("tensor", "kernels");
const source = join(lib, kernels, "gemm.wat");
const wabt = await wabtInit();
let module;
try {
  module = wabt.parseWat(source, readFileSync(source, "utf8"), { simd: true, bulk_memory: true });
  module.validate();
} catch (e) {
  console.error(`${source}: ${e.message}`);
  process.exit(1);
}
const { buffer } = module.toBinary({});
module.destroy();
for (const out of [join(lib, kernels, "gemm.wasm"), join(lib, "dist", kernels, "gemm.wasm")]) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, buffer);
  renameSync(`${out}.tmp`, out);
}
